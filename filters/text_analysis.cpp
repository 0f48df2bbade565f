#include "filters/text_analysis.h"

#include <xxhash.h>

#include "filters/char_class.h"

namespace winnow::filters {
namespace {

struct Slot {
  const Document* doc = nullptr;
  const char* data = nullptr;
  std::size_t size = 0;
  std::uint64_t hash = 0;
  WordSplit word_split = kDefaultWordSplit;
  bool valid = false;
  TextAnalysis analysis;
};

thread_local Slot slot;
thread_local std::uint64_t word_splits = 0;

}  // namespace

const TextAnalysis& TextAnalysis::of(const Document& doc) {
  const std::uint64_t hash = XXH3_64bits(doc.text.data(), doc.text.size());
  if (slot.valid && slot.doc == &doc && slot.data == doc.text.data() && slot.size == doc.text.size() &&
      slot.hash == hash && slot.word_split == current_word_split()) {
    return slot.analysis;
  }
  slot.doc = &doc;
  slot.data = doc.text.data();
  slot.size = doc.text.size();
  slot.hash = hash;
  slot.word_split = current_word_split();
  slot.valid = true;
  slot.analysis.word_split_ = slot.word_split;
  slot.analysis.text_ = doc.text;
  slot.analysis.have_words_ = false;
  slot.analysis.have_chars_ = false;
  return slot.analysis;
}

std::size_t TextAnalysis::chars() const {
  if (!have_chars_) {
    chars_ = code_point_count(text_);
    have_chars_ = true;
  }
  return chars_;
}

const Words& TextAnalysis::words() const {
  if (!have_words_) {
    if (uses_icu_words(text_, word_split_)) {
      split_icu_words(text_, words_);
    } else {
      words_.split(text_);
    }
    have_words_ = true;
    ++word_splits;
  }
  return words_;
}

std::uint64_t TextAnalysis::word_splits_on_this_thread() { return word_splits; }

}  // namespace winnow::filters
