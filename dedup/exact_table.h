// Exact-duplicate table: 128-bit content hash (XXH3-128 of the normalized text, or of a URL) -> the first kept
// document that had it.
//
// A slot is 16 bytes: the hash's high 64 bits, then its low 64 bits with the bottom 28 replaced by
// document + 1 (0 = empty). 100 bits are compared, so a false match needs about 2^50 documents. Open
// addressing with linear probing, at most 85% full, grown by 1.5x (19 to 28 bytes per document).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace winnow::dedup {

struct Hash128 {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
};

class ExactTable {
 public:
  static constexpr std::uint32_t kMaxDocuments = (1u << 28) - 1;

  std::optional<std::uint32_t> find(Hash128 key) const;
  // REQUIRES: document < kMaxDocuments.
  void insert_if_absent(Hash128 key, std::uint32_t document);
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }
  std::size_t size() const { return count_; }

  // The table as flat 64-bit words, for a saved index (dedup/index_file.h): capacity, count, then each slot's
  // two words. `write` is called with consecutive pieces (the slots are not copied).
  void write_words(const std::function<void(std::string_view)>& write) const;
  // The table write_words() wrote. Throws Error(message) for wrong sizes, a table without an empty slot, a
  // count that is not its slots', or a document number >= `documents`.
  static ExactTable from_words(std::span<const std::uint64_t> words, std::uint32_t documents);

 private:
  struct Slot {
    std::uint64_t high = 0;
    std::uint64_t low_and_document = 0;
  };
  void grow();
  std::vector<Slot> slots_;
  std::size_t count_ = 0;
};

}  // namespace winnow::dedup
