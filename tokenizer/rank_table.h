// RankTable: the two-way map between token byte strings and ranks (= token ids) of one BPE
// vocabulary, built for the encoder's hot loop.
//
// find() is the operation the encoder performs once per pre-tokenized piece and once per
// candidate pair while merging, and its cost is cache misses: a 100k-200k entry table does not fit
// in L2. So it is an open-addressing table (linear probing) whose 16-byte slots hold the first 8
// key bytes, the length and the rank inline: a key of at most 8 bytes (most tokens) is found with
// one memory access, a longer one with one more into the byte arena. std::unordered_map<std::string,
// ...> needs three or four dependent accesses per lookup. Keys of two to four bytes are looked up in
// a smaller table of their own, and misses of longer keys are mostly answered by a filter; both
// stay in L2 (see below). Measured in bench/tokenizer: docs/TOKENIZER.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/huge_pages.h"
#include "tokenizer/rank_file.h"

namespace winnow::tokenizer {

inline constexpr std::uint32_t kNoRank = 0xffffffffu;

class RankTable {
 public:
  RankTable() = default;
  // Takes the parsed rank file. Ranks need not be dense; kNoRank must not appear.
  explicit RankTable(const std::vector<RankFileEntry>& entries);

  // The rank of exactly these bytes, or kNoRank.
  std::uint32_t find(std::string_view bytes) const {
    if (bytes.size() == 1) return byte_ranks_[static_cast<unsigned char>(bytes[0])];
    if (bytes.size() >= 2 && bytes.size() <= 4) return find_short(bytes);
    return find_in_slots(bytes);
  }

  // Starts loading the cache lines find(bytes) will read, without waiting for them. The encoder
  // calls it for the next piece while it merges the current one, so the whole-piece lookup's cache
  // miss (one per piece, a 4-8 MB table) overlaps other work. No effect on any result.
  void prefetch(std::string_view bytes) const;

  // The rank of a single byte (kNoRank if absent); a plain array read.
  std::uint32_t byte_rank(unsigned char byte) const { return byte_ranks_[byte]; }

  // The bytes of a rank; empty string_view if the rank is not in the table.
  std::string_view bytes_of(std::uint32_t rank) const;

  std::size_t size() const { return size_; }
  // One past the largest rank (0 when empty).
  std::uint32_t rank_limit() const { return static_cast<std::uint32_t>(by_rank_.size()); }

 private:
  struct Slot {
    std::uint64_t head = 0;            // first min(8, length) key bytes, zero padded
    std::uint32_t rank = kNoRank;      // kNoRank = empty slot
    std::uint32_t length_offset = 0;   // length (low 8 bits) | arena offset of the key (<< 8)
  };
  struct Span {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
  };
  std::string arena_;                  // all keys back to back
  std::vector<Slot, HugePageAllocator<Slot>> slots_;            // power-of-two size, load factor <= 2/3
  std::vector<Span> by_rank_;          // rank -> key bytes; length 0 for holes
  std::uint32_t find_in_slots(std::string_view bytes) const;
  std::uint32_t find_short(std::string_view bytes) const;
  void insert_short(std::string_view bytes, std::uint32_t rank);

  std::uint32_t byte_ranks_[256];
  // Strings of two to four bytes have a compact table of their own (8-byte slots: the key bytes,
  // and the rank with the length in its top two bits; load <= 0.7: 512 KB for cl100k, 1 MB for
  // o200k, against 4 and 8 MB of 16-byte slots). Over half of the merge loop's lookups on
  // mixed-script text are this short (a pair of bytes, a CJK character is three bytes, two
  // Cyrillic letters four), and half of those fail.
  struct ShortSlot {
    std::uint32_t key = 0;
    std::uint32_t meta = 0;  // 0 = empty, else rank | (length - 1) << 30
  };
  std::vector<ShortSlot, HugePageAllocator<ShortSlot>> short_slots_;
  // And a one-hash Bloom filter in front of it (8 bits per key: 32-64 KB, stays in L1/L2): about
  // half of the short lookups fail (pairs across character boundaries, ...), and the filter
  // answers most of those without touching the table.
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> short_filter_;
  int short_filter_shift_ = 64;
  std::uint32_t short_mask_ = 0;
  // For longer keys, a one-hash Bloom filter (8 to 16 bits per key of five or more bytes: 128 KB for
  // cl100k, 256 KB for o200k; about 1 in 10 misses gets through) answers most misses without
  // touching the slot table: two thirds of the merge loop's lookups of five or more bytes fail.
  // (16 bits per key, twice the size, measured no faster: the filter itself then missed in L2.)
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> long_filter_;
  int long_filter_shift_ = 64;
  std::size_t size_ = 0;
  std::uint64_t mask_ = 0;
};

}  // namespace winnow::tokenizer
