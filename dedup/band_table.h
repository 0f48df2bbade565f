// One LSH band's table: band key (64-bit hash of a band's r signature values) -> the first kept document
// that had it. The streaming near-duplicate index is one BandTable per band.
//
// Memory is the point of this layout (target: <= 200 bytes per kept document for 14 bands): a slot is 8
// bytes, (fingerprint << 28) | (document + 1), where the fingerprint is the key's top 36 bits; the key's low
// 12 bits pick one of 4096 partitions, each an open-addressing table with linear probing, filled to at most
// 85% and grown by 1.5x (so between 57% and 85% full: 9.4 to 14 bytes per key). A lookup compares 48 bits of
// the key (12 implicit + 36 stored): with N keys in a band a lookup meets a false match with probability
// about N / 2^48 (3.6e-7 per band at N = 100M). The home slot is computed from the stored fingerprint, so
// growing needs no key that is not stored.
//
// Documents are numbered densely from 0 by the caller; at most kMaxDocuments fit (28 bits).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace winnow::dedup {

class BandTable {
 public:
  static constexpr std::uint32_t kMaxDocuments = (1u << 28) - 1;

  BandTable();
  // The document stored under `key`, if any.
  std::optional<std::uint32_t> find(std::uint64_t key) const;
  // Starts loading the cache line find(key) will read first. Issued for all bands of a document before
  // probing any, the b cache misses overlap instead of following each other (measured: 2-2.5x documents/s at
  // 5M documents).
  void prefetch(std::uint64_t key) const;
  // Stores `document` under `key` unless the key is present (the first document keeps it).
  // REQUIRES: document < kMaxDocuments.
  void insert_if_absent(std::uint64_t key, std::uint32_t document);
  std::size_t memory_bytes() const;  // bytes held by slots and partition headers

  // The table as flat 64-bit words, for a saved index (dedup/index_file.h): the number of partitions, each
  // partition's capacity, each partition's count, then every partition's slots in order. `write` is called
  // with consecutive pieces of those bytes (the slots are not copied).
  void write_words(const std::function<void(std::string_view)>& write) const;
  // The table write_words() wrote. Throws Error(message) when the words are not such a table: wrong sizes,
  // a partition without an empty slot (find() would never end), a count that is not its slots', or a document
  // number >= `documents`.
  static BandTable from_words(std::span<const std::uint64_t> words, std::uint32_t documents);

 private:
  struct Partition {
    std::vector<std::uint64_t> slots;
    std::size_t count = 0;
  };
  static void grow(Partition& partition);
  std::vector<Partition> partitions_;
};

}  // namespace winnow::dedup
