// PairTable: (left id, right id) -> id of the token whose bytes are the concatenation, for
// tiktoken vocabularies, so the merge loop works on ids instead of hashing byte strings.
//
// Exactness: tiktoken merges two adjacent parts when their concatenated bytes are a token. Every
// part is itself a token, so "bytes(a) + bytes(b) is the token t" holds exactly when splitting t's
// bytes at the length of bytes(a) gives a and b. The table is built from that: for every token t
// and every split point whose two halves are both tokens, the entry (a, b) -> t. No pair is left
// out and none is added, so merging by this table is tiktoken's rule, not an approximation of it
// (unlike HF merge rules, which list only one split per token). cl100k has 233,378 such entries,
// o200k 446,189.
//
// Layout, chosen for the cache (the merge loop's cost is cache misses, not hashing):
//  - both parts single bytes (the first level of every merge): a direct 256 x 256 array;
//  - otherwise one 16-byte record per left id (its row of right ids: offset, length, and a 64-bit
//    filter of them), then the row itself: up to 16 right ids side by side, searched linearly, or
//    for a longer row an open-addressing table of its own. Text uses few distinct left parts (a few thousand CJK characters,
//    the lead bytes, common prefixes), so the records and rows it touches stay in L2; a hash table
//    keyed by the pair puts every distinct pair on a cache line of its own, and those did not fit
//    (measured: docs/TOKENIZER.md). Most lookups of CJK text fail (two adjacent characters are
//    rarely a token) and the filter answers most of those from the record alone.
#pragma once

#include <cstdint>
#include <vector>

#include "tokenizer/huge_pages.h"
#include "tokenizer/rank_table.h"

namespace winnow::tokenizer {

class PairTable {
 public:
  PairTable() = default;
  // Every split of every token of ranks whose two halves are tokens.
  explicit PairTable(const RankTable& ranks);

  // The id whose bytes are bytes(left) + bytes(right), or kNoRank. REQUIRES left and right are ids
  // of the RankTable the table was built from (the parts of a merge always are).
  std::uint32_t find(std::uint32_t left, std::uint32_t right) const {
    if ((left | right) < 256) return byte_pairs_[left << 8 | right];
    const Row row = rows_[left];
    if (!(row.filter >> filter_bit(right) & 1)) return kNoRank;
    if (row.count <= kLinearRow) {
      const std::uint32_t* first = right_.data() + row.begin;
      for (std::uint32_t i = 0; i < row.count; ++i) {
        if (first[i] == right) return merged_[row.begin + i];
      }
      return kNoRank;
    }
    // A long row is an open-addressing table of its own (row.count - kLinearRow - 1 = its mask).
    const std::uint32_t mask = row.count - kLinearRow - 1;
    for (std::uint32_t i = slot_in_row(right) & mask;; i = (i + 1) & mask) {
      const std::uint64_t slot = long_rows_[row.begin + i];
      if (slot == kEmptySlot) return kNoRank;
      if (static_cast<std::uint32_t>(slot >> 32) == right) return static_cast<std::uint32_t>(slot);
    }
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  // Rows of at most this many right ids are searched linearly (one or two cache lines); longer ones
  // (single bytes, the space, common prefixes: up to 28,000 entries) are hashed.
  static constexpr std::uint32_t kLinearRow = 16;
  static constexpr std::uint64_t kEmptySlot = ~std::uint64_t{0};
  static std::uint32_t slot_in_row(std::uint32_t right) {
    return static_cast<std::uint32_t>((std::uint64_t{right} * 0x9E3779B97F4A7C15ULL) >> 32);
  }
  static unsigned filter_bit(std::uint32_t right) {
    return static_cast<unsigned>((right * 0x9E3779B9u) >> 26);
  }
  struct Row {
    std::uint64_t filter = 0;  // bit filter_bit(r) set for every right id r of the row
    std::uint32_t begin = 0;   // into right_ / merged_, or long_rows_
    std::uint32_t count = 0;   // <= kLinearRow: entries; else kLinearRow + 1 + the row's slot mask
  };
  template <class T>
  using HugeVector = std::vector<T, HugePageAllocator<T>>;
  HugeVector<std::uint32_t> byte_pairs_;  // 65536 entries once built
  HugeVector<Row> rows_;              // by left id
  HugeVector<std::uint32_t> right_;   // the rows back to back, each increasing
  HugeVector<std::uint32_t> merged_;  // beside right_
  HugeVector<std::uint64_t> long_rows_;  // the long rows' slots: right << 32 | merged, load <= 1/2
  std::size_t size_ = 0;
};

}  // namespace winnow::tokenizer
