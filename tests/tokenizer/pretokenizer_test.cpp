// Pre-tokenizer cases worked out by hand from the regex semantics (leftmost-first alternation,
// greedy quantifiers with backtracking). The exhaustive check is the reference comparison in
// reference_exactness_test.cpp; these pin down the reasoning in pretokenizer.cpp branch by branch.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tokenizer/pretokenizer.h"
#include "tokenizer_test_support.h"

using namespace winnow::tokenizer;
using P = PretokenizePattern;
using Pieces = std::vector<std::string>;

namespace {
Pieces split(P p, std::string_view text) {
  Pieces out;
  for (auto piece : split_pieces(p, text)) out.emplace_back(piece);
  return out;
}
}  // namespace

TEST_CASE("cl100k pieces") {
  CHECK(split(P::kCl100k, "hello world") == Pieces{"hello", " world"});
  // \s+(?!\S) leaves one space for the word; \s*[\r\n]+ ends after the last newline.
  CHECK(split(P::kCl100k, "a  b") == Pieces{"a", " ", " b"});
  CHECK(split(P::kCl100k, "x  \n  y") == Pieces{"x", "  \n", " ", " y"});
  CHECK(split(P::kCl100k, "a\n\nb") == Pieces{"a", "\n\n", "b"});
  CHECK(split(P::kCl100k, "end  ") == Pieces{"end", "  "});
  // A single space before a digit: no branch takes " 1", so the space stands alone.
  CHECK(split(P::kCl100k, " 12345") == Pieces{" ", "123", "45"});
  // Case-insensitive contractions, including U+017F (long s) which folds to s.
  CHECK(split(P::kCl100k, "I'M") == Pieces{"I", "'M"});
  CHECK(split(P::kCl100k, "we'Re'LL") == Pieces{"we", "'Re", "'LL"});
  CHECK(split(P::kCl100k, "a'\xC5\xBF") == Pieces{"a", "'\xC5\xBF"});
  // One non-letter, non-digit, non-newline character may lead a letter run.
  CHECK(split(P::kCl100k, "\tword(x") == Pieces{"\tword", "(x"});
  CHECK(split(P::kCl100k, "!!!\n\nx") == Pieces{"!!!\n\n", "x"});
  CHECK(split(P::kCl100k, "\nword") == Pieces{"\n", "word"});
}

TEST_CASE("r50k pieces") {
  CHECK(split(P::kR50k, "I'M") == Pieces{"I", "'", "M"});  // case-sensitive contractions
  CHECK(split(P::kR50k, "I'm") == Pieces{"I", "'m"});
  CHECK(split(P::kR50k, " 12345") == Pieces{" 12345"});
  CHECK(split(P::kR50k, "a  b") == Pieces{"a", " ", " b"});
  CHECK(split(P::kR50k, "a\n\nb") == Pieces{"a", "\n", "\n", "b"});  // no newline rule in r50k
  CHECK(split(P::kR50k, "\tword") == Pieces{"\t", "word"});
  CHECK(split(P::kR50k, " !?x") == Pieces{" !?", "x"});
}

TEST_CASE("o200k pieces") {
  // U*W+: greedy over the upper run, then the lower run.
  CHECK(split(P::kO200k, "HTTPServer") == Pieces{"HTTPServer"});
  CHECK(split(P::kO200k, "getHTTPResponse") == Pieces{"get", "HTTPResponse"});
  // All upper: branch A fails, branch B takes it, with a contraction.
  CHECK(split(P::kO200k, "DON'T stop") == Pieces{"DON'T", " stop"});
  CHECK(split(P::kO200k, "don't") == Pieces{"don't"});
  // [\r\n/]* after punctuation.
  CHECK(split(P::kO200k, "a,/\nb") == Pieces{"a", ",/\n", "b"});
  CHECK(split(P::kO200k, " 123") == Pieces{" ", "123"});
  // A combining mark: after the prefix branch fails on "ABC", the empty-prefix retry of U*W+
  // backs off to the mark itself (a mark is both U and W).
  CHECK(split(P::kO200k, "\xCC\x81" "ABC") == Pieces{"\xCC\x81", "ABC"});
  CHECK(split(P::kO200k, "\xCC\x81" "abc") == Pieces{"\xCC\x81" "abc"});
}

TEST_CASE("pieces cover the input exactly, also for invalid UTF-8") {
  auto texts = winnow::tokenizer::testing::random_strings(99, 500);
  texts.push_back("\xFF\xC3 \xE2\x82 abc\xF0\x9F\x91");
  for (P p : {P::kR50k, P::kCl100k, P::kO200k}) {
    for (const auto& t : texts) {
      std::string joined;
      for (auto piece : split_pieces(p, t)) {
        REQUIRE_FALSE(piece.empty());
        joined += piece;
      }
      REQUIRE(joined == t);
    }
  }
}
