// RankTable: the two-way map between token byte strings and ranks (= token ids) of one BPE
// vocabulary, built for the encoder's hot loop.
//
// find() is the operation the encoder performs once per pre-tokenized piece and once per
// candidate pair while merging, so it is an open-addressing hash table over one contiguous byte
// arena (no per-entry allocation, one cache line per probe in the common case) instead of
// std::unordered_map<std::string, ...>.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/rank_file.h"

namespace winnow::tokenizer {

inline constexpr std::uint32_t kNoRank = 0xffffffffu;

class RankTable {
 public:
  RankTable() = default;
  // Takes the parsed rank file. Ranks need not be dense; kNoRank must not appear.
  explicit RankTable(const std::vector<RankFileEntry>& entries);

  // The rank of exactly these bytes, or kNoRank.
  std::uint32_t find(std::string_view bytes) const;

  // The bytes of a rank; empty string_view if the rank is not in the table.
  std::string_view bytes_of(std::uint32_t rank) const;

  std::size_t size() const { return entries_.size(); }
  // One past the largest rank (0 when empty).
  std::uint32_t rank_limit() const { return static_cast<std::uint32_t>(by_rank_.size()); }

 private:
  struct Entry {
    std::uint32_t offset;  // into arena_
    std::uint32_t length;
    std::uint32_t rank;
  };
  struct Slot {
    std::uint32_t entry_plus_one;  // 0 = empty
    std::uint32_t hash_tag;        // high hash bits, to skip most string compares
  };
  std::string arena_;
  std::vector<Entry> entries_;
  std::vector<Slot> slots_;            // power-of-two size, load factor <= 1/2
  std::vector<std::uint32_t> by_rank_; // rank -> entry index, kNoRank for holes
  std::uint64_t mask_ = 0;
};

}  // namespace winnow::tokenizer
