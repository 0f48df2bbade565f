#include <doctest/doctest.h>

#include <chrono>
#include <random>

#include "tokenizer/bpe.h"
#include "tokenizer_test_support.h"

using namespace winnow::tokenizer;
using namespace winnow::tokenizer::testing;

TEST_CASE("linear and heap merges agree") {
  const Encoding& enc = test_encoding("cl100k_base");
  std::mt19937_64 rng(1234);
  const std::string alphabet = "aaaabbbcdeeeeefghiiiilmnoooprssstttuu  ..,''\n\xC3\xA9\xE4\xB8\xAD";
  for (int i = 0; i < 3000; ++i) {
    std::string piece;
    const std::size_t len = 1 + rng() % 300;  // crosses kHeapMergeThreshold
    for (std::size_t k = 0; k < len; ++k) piece += alphabet[rng() % alphabet.size()];
    std::vector<std::uint32_t> a, b;
    bpe_merge_linear(enc.ranks(), piece, a);
    bpe_merge_heap(enc.ranks(), piece, b);
    REQUIRE_MESSAGE(a == b, "piece " << escape_for_message(piece));
    REQUIRE(enc.decode(a) == piece);
  }
}

TEST_CASE("a 1 MB run of one character encodes in well under 2 s") {
  for (const char* name : {"cl100k_base", "o200k_base", "r50k_base"}) {
    const Encoding& enc = test_encoding(name);
    for (const std::string& unit : {std::string("a"), std::string("!"), std::string("\xC3\xA9")}) {
      std::string text;
      while (text.size() < (1u << 20)) text += unit;
      const auto start = std::chrono::steady_clock::now();
      const auto ids = enc.encode_ordinary(text);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      INFO(name << " " << escape_for_message(unit) << " x " << text.size() / unit.size());
      CHECK(seconds < 2.0);
      CHECK(enc.decode(ids) == text);
      CHECK(ids.size() < text.size());  // merging happened
    }
  }
}
