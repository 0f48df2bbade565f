#include <doctest/doctest.h>

#include <random>
#include <string>

#include "tokenizer/bpe.h"
#include "tokenizer/pair_table.h"
#include "tokenizer_test_support.h"

using namespace winnow::tokenizer;
using namespace winnow::tokenizer::testing;

// The entry counts were computed independently, in Python from the rank files: the number of
// (token, split point) with both halves in the vocabulary.
TEST_CASE("the pair table holds every split of every token into two tokens, and nothing else") {
  struct Expected {
    const char* name;
    std::size_t entries;
  };
  for (const Expected& e : {Expected{"r50k_base", 108299}, Expected{"cl100k_base", 233378},
                            Expected{"o200k_base", 446189}}) {
    INFO(e.name);
    const RankTable& ranks = test_encoding(e.name).ranks();
    const PairTable pairs(ranks);
    CHECK(pairs.size() == e.entries);
    std::size_t splits = 0;
    for (std::uint32_t t = 0; t < ranks.rank_limit(); ++t) {
      const std::string_view bytes = ranks.bytes_of(t);
      for (std::size_t i = 1; i < bytes.size(); ++i) {
        const std::uint32_t left = ranks.find(bytes.substr(0, i)), right = ranks.find(bytes.substr(i));
        if (left == kNoRank || right == kNoRank) continue;
        ++splits;
        REQUIRE_MESSAGE(pairs.find(left, right) == t, "token " << t << " split at " << i);
      }
    }
    CHECK(splits == e.entries);
    // Any pair of ids: the table's answer is the rank of the concatenated bytes, looked up by bytes.
    // Half the pairs are drawn from the first 3000 ids (bytes and short pieces: the long rows).
    std::mt19937_64 rng(99);
    std::size_t hits = 0;
    for (int k = 0; k < 400000; ++k) {
      const std::uint32_t bound = k % 2 == 0 ? 3000 : ranks.rank_limit();
      const auto left = static_cast<std::uint32_t>(rng() % bound), right = static_cast<std::uint32_t>(rng() % bound);
      const std::string joined = std::string(ranks.bytes_of(left)) + std::string(ranks.bytes_of(right));
      const std::uint32_t expected = ranks.find(joined);
      hits += expected != kNoRank;
      REQUIRE_MESSAGE(pairs.find(left, right) == expected, "ids " << left << " " << right);
    }
    CHECK(hits > 0);  // the sample reaches some pairs that merge, not only misses
  }
}

TEST_CASE("merging by id pairs gives the ids of merging by bytes, in the linear and the heap loop") {
  for (const char* name : {"cl100k_base", "o200k_base", "r50k_base"}) {
    INFO(name);
    const RankTable& ranks = test_encoding(name).ranks();
    const PairTable pairs(ranks);
    const PairRules rules{ranks, pairs};
    std::mt19937_64 rng(4321);
    // Latin letters, punctuation, UTF-8 of CJK and accented letters, and any byte at all.
    const std::string alphabet = "aaaabbbcdeeeeefghiiiilmnoooprssstttuu  ..,''\n\xC3\xA9\xE4\xB8\xAD\xE6\x96\x87\xE3\x81";
    for (int i = 0; i < 3000; ++i) {
      std::string piece;
      const std::size_t len = 1 + rng() % 200;  // crosses kHeapMergeThreshold
      for (std::size_t k = 0; k < len; ++k) {
        piece += i % 5 == 0 ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet.size()];
      }
      std::vector<std::uint32_t> by_bytes, linear, heap, chosen;
      bpe_merge_linear(ranks, piece, by_bytes);
      bpe_merge_linear(rules, piece, linear);
      bpe_merge_heap(rules, piece, heap);
      bpe_encode_piece(rules, piece, chosen);
      REQUIRE_MESSAGE(linear == by_bytes, "piece " << escape_for_message(piece));
      REQUIRE_MESSAGE(heap == by_bytes, "piece " << escape_for_message(piece));
      REQUIRE_MESSAGE(chosen == by_bytes, "piece " << escape_for_message(piece));
    }
  }
}
