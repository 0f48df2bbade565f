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

TEST_CASE("normalization lowercases, turns punctuation into spaces and collapses whitespace") {
  CHECK(words_of("  Hello,   World!\n\tBye. ") == "hello world bye");
  CHECK(words_of("a\u00a0b\u3000c\u2003d") == "a b c d");
  CHECK(words_of("") == "");
  CHECK(words_of(" ,.;! ") == "");
}

TEST_CASE("a number with an optional decimal part becomes one 0") {
  CHECK(words_of("pi 3.14159 costs 1,000 v1.2.3") == "pi 0 costs 0 v0 0");
  CHECK(words_of("١٢٣٫٤٥ and १२३ and ８９") == "0 and 0 and 0");
  CHECK(words_of("3. 4") == "0 0");
}

TEST_CASE("diacritics are stripped after canonical decomposition") {
  CHECK(words_of("Café naïve Ångström e\u0301") == "cafe naive angstrom e");
  CHECK(words_of("İstanbul") == "istanbul");
  CHECK(words_of("a \u0301 b") == "a b");  // a lone accent is no word
}

TEST_CASE("capital sigma lowercases to final sigma at the end of a word, as Python does") {
  CHECK(words_of("ΟΔΥΣΣΕΥΣ") == "οδυσσευς");
  CHECK(words_of("Σ") == "σ");
  CHECK(words_of("ΑΣ1") == "ας0");
}

TEST_CASE("datatrove mode keeps characters outside its punctuation list inside words") {
  CHECK(words_of("©2024 «ok» ‘x’") == "©0 ok ‘x");
  CHECK(words_of("©2024 «ok» ‘x’", WordMode::fast) == "0 ok x");
}

TEST_CASE("fast mode makes each CJK or Thai letter a word and drops format characters") {
  CHECK(words_of("日本語です", WordMode::fast) == "日 本 語 て す");
  CHECK(words_of("zero\u200bwidth soft\u00adhyphen", WordMode::fast) == "zerowidth softhyphen");
  CHECK(words_of("日本語です") == "日本語てす");
  NormalizedWords words;
  normalize_words("中文 text", WordMode::fast, words);
  CHECK(words.size() == 3);
  CHECK(words.no_space_script_words == 2);
}

TEST_CASE("n-grams are contiguous slices of the joined words") {
  NormalizedWords words;
  normalize_words("One two, THREE four", WordMode::datatrove, words);
  REQUIRE(words.size() == 4);
  CHECK(words.join(1, 2) == "two three");
  CHECK(words.join(2, 2) == "three four");
  CHECK(words.word(0) == "one");
}
