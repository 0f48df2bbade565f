// What the filters measure about one document's text, computed at most once per text and shared by every filter
// that asks.
//
// The pipeline runs a document's filters one after another on one thread (src/pipeline/stages.h), and each
// filter receives only the Document. So the analysis lives in a thread-local slot keyed by the document and
// its text: the first filter that asks for the words pays for splitting them, the next ones reuse them. The key
// includes a hash of the text, so a filter that rewrote the text (C4) or a recycled Document object holding
// another record never gets stale words. Hashing (XXH3, ~20 GB/s) is what each extra filter pays.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "filters/cjk_words.h"
#include "filters/words.h"
#include "src/records/document.h"

namespace winnow::filters {

class TextAnalysis {
 public:
  // The analysis of doc.text. The reference is valid until the next call on this thread with another text.
  static const TextAnalysis& of(const Document& doc);

  std::string_view text() const { return text_; }
  std::size_t chars() const;     // len(text) in code points
  const Words& words() const;    // computed on first use, by NLTK or ICU (filters/cjk_words.h)

  // How many times words were split on this thread (tests use it to check that filters share the work).
  static std::uint64_t word_splits_on_this_thread();

 private:
  std::string_view text_;
  WordSplit word_split_ = kDefaultWordSplit;  // this thread's setting when the analysis was made (cjk_words.h)
  mutable Words words_;
  mutable bool have_words_ = false;
  mutable std::size_t chars_ = 0;
  mutable bool have_chars_ = false;
};

}  // namespace winnow::filters
