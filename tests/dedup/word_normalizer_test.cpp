#include <doctest/doctest.h>

#include "dedup/word_normalizer.h"

using winnow::dedup::NormalizedWords;
using winnow::dedup::WordMode;

namespace {
std::string words_of(std::string_view text, WordMode mode = WordMode::datatrove) {
  NormalizedWords words;
  normalize_words(text, mode, words);
  return words.text;
}
}  // namespace

TEST_CASE("normalization lowercases, strips punctuation and collapses whitespace") {
  CHECK(words_of("  Hello,   World!\n\tBye. ") == "hello world bye");
}
