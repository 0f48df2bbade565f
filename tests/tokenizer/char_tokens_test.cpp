// CharTokens (char_tokens.h): starting the merge from whole characters must give exactly the ids
// of starting from bytes. Checked against merging by bytes (itself checked against the reference)
// on random pieces, and against the reference on random text made mostly of such characters.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "tokenizer/bpe.h"
#include "tokenizer/char_tokens.h"
#include "tokenizer/pair_table.h"
#include "tokenizer_test_support.h"

using namespace winnow::tokenizer;
using namespace winnow::tokenizer::testing;

TEST_CASE("merging from whole characters gives the ids of merging from bytes, linear and heap") {
  for (const char* name : {"cl100k_base", "o200k_base", "r50k_base"}) {
    INFO(name);
    const RankTable& ranks = test_encoding(name).ranks();
    const PairTable pairs(ranks);
    const CharTokens chars(ranks, pairs);
    CHECK(chars.size() > 100);
    const PairRules with_chars{ranks, pairs, &chars};
    std::mt19937_64 rng(2029);
    auto pieces = random_character_strings(ranks, 77, 4000);
    std::size_t taken_whole = 0;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      std::string& piece = pieces[i];
      // A fifth get stray bytes (lone lead and continuation bytes, ASCII) at random places, so
      // characters also meet broken neighbours.
      if (i % 5 == 0) {
        for (int k = 0; k < 3; ++k) {
          const std::size_t at = rng() % (piece.size() + 1);
          piece.insert(piece.begin() + static_cast<std::ptrdiff_t>(at), static_cast<char>(rng() % 256));
        }
      }
      for (std::size_t at = 0; at < piece.size(); ++at) {
        std::size_t length = 0;
        taken_whole += chars.find(piece, at, &length) != kNoRank;
      }
      std::vector<std::uint32_t> by_bytes, linear, heap, chosen;
      bpe_merge_linear(ranks, piece, by_bytes);
      bpe_merge_linear(with_chars, piece, linear);
      bpe_merge_heap(with_chars, piece, heap);
      bpe_encode_piece(with_chars, piece, chosen);
      REQUIRE_MESSAGE(linear == by_bytes, "piece " << escape_for_message(piece));
      REQUIRE_MESSAGE(heap == by_bytes, "piece " << escape_for_message(piece));
      REQUIRE_MESSAGE(chosen == by_bytes, "piece " << escape_for_message(piece));
    }
    // The test reaches the new path often, not only the fallback to bytes.
    CHECK(taken_whole > 10000);
  }
}

TEST_CASE("a character is not taken whole where a lower-ranked token crosses its edge") {
  // In cl100k_base, " \xE5" (a space and the lead byte of many CJK characters) is token 4996, and
  // every three-byte token starting with \xE5 ranks above it (the lowest is 8107, \xE5\xB9\xB4). After
  // a space, merging from bytes may join the space and the lead byte before the character forms, so
  // no such character may be taken whole there; after another CJK character (a continuation byte)
  // that token cannot form, and some must be taken whole.
  const RankTable& ranks = test_encoding("cl100k_base").ranks();
  const PairTable pairs(ranks);
  const CharTokens chars(ranks, pairs);
  const std::uint32_t space_lead = ranks.find(" \xE5");
  REQUIRE(space_lead != kNoRank);
  std::size_t listed_after_cjk = 0, listed_after_space = 0, characters = 0;
  for (std::uint32_t t = 0; t < ranks.rank_limit(); ++t) {
    const std::string_view b = ranks.bytes_of(t);
    if (b.size() != 3 || static_cast<unsigned char>(b[0]) != 0xE5) continue;
    REQUIRE(t > space_lead);
    ++characters;
    const std::string after_cjk = "\xE4\xB8\x80" + std::string(b), after_space = " " + std::string(b);
    std::size_t length = 0;
    listed_after_cjk += chars.find(after_cjk, 3, &length) == t;
    listed_after_space += chars.find(after_space, 1, &length) != kNoRank;
  }
  CHECK(characters > 100);
  CHECK(listed_after_space == 0);
  CHECK(listed_after_cjk > 0);
}

TEST_CASE("text made mostly of two- and three-byte characters matches the reference") {
  for (const char* name : {"cl100k_base", "o200k_base", "r50k_base"}) {
    INFO(name);
    const Encoding& enc = test_encoding(name);
    const auto texts = random_character_strings(enc.ranks(), 0xC4A7, 1500);
    const auto expected = reference_encode(name, texts);
    REQUIRE(expected.size() == texts.size());
    int mismatches = 0;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      if (enc.encode_ordinary(texts[i]) == expected[i]) continue;
      if (++mismatches <= 3) FAIL_CHECK(name << " text #" << i << ": " << escape_for_message(texts[i]));
    }
    CHECK(mismatches == 0);
  }
}
