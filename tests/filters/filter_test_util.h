// Helpers for the filter tests: run one filter family on a text, build texts of a given shape.
#pragma once

#include <string>

#include "filters/c4_quality.h"
#include "filters/fineweb_quality.h"
#include "filters/gopher_quality.h"
#include "filters/gopher_repetition.h"
#include "src/records/document.h"

namespace winnow::filters::test {

inline Verdict run(const Filter& filter, const std::string& text) {
  Document doc;
  doc.text = text;
  return filter.keep(doc);
}

// `n` copies of `word` separated by single spaces.
inline std::string repeat_words(const std::string& word, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? " " : "") + word;
  return out;
}

// A GopherQualityConfig with every rule off, to test one rule alone.
inline GopherQualityConfig gopher_quality_all_off() {
  GopherQualityConfig c;
  c.min_doc_words = c.max_doc_words = c.min_avg_word_length = c.max_avg_word_length = std::nullopt;
  c.max_symbol_word_ratio = c.max_bullet_lines_ratio = c.max_ellipsis_lines_ratio = std::nullopt;
  c.max_non_alpha_words_ratio = c.min_stop_words = std::nullopt;
  return c;
}

}  // namespace winnow::filters::test
