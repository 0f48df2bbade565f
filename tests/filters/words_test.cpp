#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "filters/treebank.h"
#include "filters/words.h"

#include <random>

namespace winnow::filters {
namespace {

std::vector<std::string> split(std::string_view text) {
  Words words;
  words.split(text);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < words.size(); ++i) out.emplace_back(words[i]);
  return out;
}

TEST_CASE("words: NLTK's documented example splits the same way") {
  const std::vector<std::string> expected = {"Good", "muffins", "cost", "$", "3.88", "in", "New", "York", ".",
                                             "Please", "buy", "me", "two", "of", "them", ".", "Thanks", "."};
  CHECK(split("Good muffins cost $3.88\nin New York.  Please buy me\ntwo of them.\nThanks.") == expected);
}

std::vector<std::string> treebank_tokens(std::string_view sentence, bool rules_only) {
  std::string bytes;
  std::vector<std::uint32_t> ends;
  if (rules_only) {
    treebank_tokenize_rules_only(sentence, bytes, ends);
  } else {
    treebank_tokenize(sentence, bytes, ends);
  }
  std::vector<std::string> out;
  std::uint32_t begin = 0;
  for (const std::uint32_t end : ends) {
    out.emplace_back(bytes.substr(begin, end - begin));
    begin = end;
  }
  return out;
}

TEST_CASE("words: the Treebank fast paths give the rule engine's tokens on random punctuation-dense text") {
  // Pieces chosen to hit every fast-path condition and its edges: the six simple punctuation characters alone,
  // doubled and next to each other, digits after , and :, sentence-final periods after letters, digits and
  // punctuation, contraction words, quotes and brackets (rules only), non-ASCII letters and spaces.
  const std::vector<std::string> pieces = {
      "a", "word", "Dr", "e", "g", "U", "S", "3", "1000", "x2", ".", ",", ":", "-", "?", "!", "..", "--", ",,",
      ".,", "?!", "cannot", "gonna", "Wanna", "'", "\"", "(", ")", "]", "$", "#", "n't", "'s", "«", "”", "é",
      "ſ", "\u212a", " ", " ", " ", "\t", "\u00a0", "\u3000", "0", "9"};
  std::mt19937 rng(20261128);
  for (int round = 0; round < 20000; ++round) {
    std::string sentence;
    const int length = 1 + static_cast<int>(rng() % 14);
    for (int i = 0; i < length; ++i) sentence += pieces[rng() % pieces.size()];
    if (rng() % 3 == 0) sentence += pieces[8 + rng() % 8];  // often end on punctuation
    INFO("sentence: [", sentence, "]");
    CHECK(treebank_tokens(sentence, false) == treebank_tokens(sentence, true));
  }
}

}  // namespace
}  // namespace winnow::filters
