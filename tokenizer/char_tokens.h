// CharTokens: the token ids of single characters that the merge loop may take as whole parts from
// the start, instead of starting from their bytes (tiktoken vocabularies, BMP characters of two or
// three UTF-8 bytes).
//
// Why: a run of CJK letters is one piece of 30-130 bytes, and merging it from single bytes costs
// a pair lookup for every byte and two more for every merge inside a character, most of them cache
// misses. Most CJK characters are themselves one token; starting from those tokens leaves about a
// third of the parts and of the lookups.
//
// Exactness (tiktoken's rule: repeatedly merge the adjacent pair whose concatenation is the
// lowest-ranked token, leftmost on ties). A character c whose bytes are the token T is taken whole
// only when, alone, c's bytes merge to T, and every merge on the way (its "chain", T included) has
// a lower rank than every token that could overlap this occurrence of c without being inside it: a
// token that starts with a proper suffix of c's bytes and goes on, one that ends with a proper
// prefix of them and starts earlier, or one that holds c's bytes and more. "Could" is judged by the
// bytes just before and after the occurrence: a token reaching past c on one side has, next to c,
// a byte of the same class (none, ASCII, continuation, other; after c, lead bytes are told apart
// further) as the text there, so the bound is kept per class and side, and a character at the start or end of a piece has nothing crossing
// that side (the bound is a bit per class and side, next to the id). Then in any piece, while c is not
// yet T, the pair the loop picks is either c's next chain merge (available, and lower than any
// merge that touches c from outside) or a merge elsewhere that does not touch c; and the pairs of
// T with its neighbours, which taking c whole makes available early, are all ranked above c's
// chain, so they cannot be picked sooner than in the byte-by-byte run. Merges at disjoint
// positions commute, so both runs end with the same parts. Characters that fail the condition
// (tokens that cross character boundaries with a low rank) start from their bytes as before.
// Tests compare the two starts on random pieces of such characters and bytes, and the encoder
// against the reference.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "tokenizer/pair_table.h"
#include "tokenizer/rank_table.h"

namespace winnow::tokenizer {

class CharTokens {
 public:
  CharTokens() = default;
  // From a tiktoken vocabulary and its pair table.
  CharTokens(const RankTable& ranks, const PairTable& pairs);

  // If piece[at...] starts with a two- or three-byte UTF-8 character that may be taken whole,
  // its token id, and its length in *length; otherwise kNoRank.
  std::uint32_t find(std::string_view piece, std::size_t at, std::size_t* length) const {
    const auto b0 = static_cast<unsigned char>(piece[at]);
    if (b0 < 0xC2 || b0 >= 0xF0 || by_code_point_.empty()) return kNoRank;
    std::uint64_t entry;
    std::size_t n;
    if (b0 < 0xE0) {
      if (at + 1 >= piece.size()) return kNoRank;
      const auto b1 = static_cast<unsigned char>(piece[at + 1]);
      if ((b1 & 0xC0) != 0x80) return kNoRank;
      entry = by_code_point_[(b0 & 0x1Fu) << 6 | (b1 & 0x3Fu)];
      n = 2;
    } else {
      if (at + 2 >= piece.size()) return kNoRank;
      const auto b1 = static_cast<unsigned char>(piece[at + 1]), b2 = static_cast<unsigned char>(piece[at + 2]);
      if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return kNoRank;
      const std::uint32_t cp = (b0 & 0x0Fu) << 12 | (b1 & 0x3Fu) << 6 | (b2 & 0x3Fu);
      if (cp < 0x800) return kNoRank;  // overlong: not the character's own bytes
      entry = by_code_point_[cp];
      n = 3;
    }
    const unsigned before = at == 0 ? 0 : before_class(static_cast<unsigned char>(piece[at - 1]));
    const unsigned after = at + n == piece.size() ? 0 : after_class(static_cast<unsigned char>(piece[at + n]));
    if (!(entry >> (kIdBits + before) & 1) || !(entry >> (kAfterShift + after) & 1)) return kNoRank;
    *length = n;
    return static_cast<std::uint32_t>(entry & (kIdLimit - 1));
  }

  // Class of the byte before a character: 1 ASCII, 2 UTF-8 continuation, 3 any other; 0 is kept
  // for "no byte" (the piece starts there).
  static constexpr unsigned kBeforeClasses = 4;
  static unsigned before_class(unsigned char b) { return 1u + (b >= 0x80) + (b >= 0xC0); }
  // Class of the byte after it, finer (the tokens that cross a character's end differ by the lead
  // byte that follows; with one class for all lead bytes o200k took 72% of the character tokens of
  // the benchmark's text whole, with these 99%): 0 none, 1 ASCII, 2 continuation, 3 C0-CF,
  // 4 D0-DF, 5 F0-FF, 6 + (b - 0xE0) for each lead byte E0-EF.
  static constexpr unsigned kAfterClasses = 22;
  static unsigned after_class(unsigned char b) {
    if (b < 0x80) return 1;
    if (b < 0xC0) return 2;
    if (b < 0xD0) return 3;
    if (b < 0xE0) return 4;
    if (b >= 0xF0) return 5;
    return 6u + (b - 0xE0u);
  }

  // How many characters may be taken whole (for tests and the documentation).
  std::size_t size() const { return size_; }

 private:
  // Code point (0x80..0xFFFF) -> token id (low kIdBits) | allowed classes of the byte before (bit
  // kIdBits + c) and after (bit kAfterShift + c); no allowed bit = not listed. 512 KB; text touches
  // a few lines of it (CJK: the 168 KB of U+4E00..9FFF, sparsely).
  static constexpr unsigned kIdBits = 24;
  static constexpr std::uint64_t kIdLimit = std::uint64_t{1} << kIdBits;
  static constexpr unsigned kAfterShift = kIdBits + kBeforeClasses;
  static_assert(kAfterShift + kAfterClasses <= 64);
  static constexpr std::uint64_t kNoEntry = 0;
  std::vector<std::uint64_t> by_code_point_;
  std::size_t size_ = 0;
};

}  // namespace winnow::tokenizer
