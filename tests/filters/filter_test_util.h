// Helpers for the filter tests: run one filter family on a text, build texts of a given shape.
#pragma once

#include <string>
#include <vector>

#include "filters/c4_quality.h"
#include "filters/fineweb_quality.h"
#include "filters/gopher_quality.h"
#include "filters/gopher_repetition.h"
#include "filters/words.h"
#include "src/records/document.h"

namespace winnow::filters::test {

inline Verdict run(const Filter& filter, const std::string& text) {
  Document doc;
  doc.text = text;
  return filter.keep(doc);
}

// The words as strings, in order.
inline std::vector<std::string> tokens(const Words& words) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < words.size(); ++i) out.emplace_back(words[i]);
  return out;
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
