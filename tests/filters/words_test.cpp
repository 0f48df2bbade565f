#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "filters/words.h"

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

}  // namespace
}  // namespace winnow::filters
