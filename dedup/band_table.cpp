#include "dedup/band_table.h"

#include <string>

#include "src/error.h"

namespace winnow::dedup {
namespace {

constexpr int kPartitionBits = 12;
constexpr int kDocumentBits = 28;
constexpr std::uint64_t kDocumentMask = (std::uint64_t{1} << kDocumentBits) - 1;

inline std::uint64_t fingerprint(std::uint64_t key) { return key >> kDocumentBits; }  // top 36 bits
inline std::size_t home_slot(std::uint64_t fingerprint, std::size_t capacity) {
  // Multiply-shift range reduction of 32 fingerprint bits: any capacity, no division.
  return static_cast<std::size_t>(((fingerprint >> 4) & 0xFFFFFFFFu) * capacity >> 32);
}

}  // namespace

BandTable::BandTable() : partitions_(std::size_t{1} << kPartitionBits) {}

std::optional<std::uint32_t> BandTable::find(std::uint64_t key) const {
  const Partition& partition = partitions_[key & ((1u << kPartitionBits) - 1)];
  const std::size_t capacity = partition.slots.size();
  if (capacity == 0) return std::nullopt;
  const std::uint64_t wanted = fingerprint(key);
  for (std::size_t i = home_slot(wanted, capacity);; i = i + 1 == capacity ? 0 : i + 1) {
    const std::uint64_t slot = partition.slots[i];
    if (slot == 0) return std::nullopt;
    if ((slot >> kDocumentBits) == wanted) return static_cast<std::uint32_t>((slot & kDocumentMask) - 1);
  }
}

void BandTable::prefetch(std::uint64_t key) const {
  const Partition& partition = partitions_[key & ((1u << kPartitionBits) - 1)];
  const std::size_t capacity = partition.slots.size();
  if (capacity != 0) __builtin_prefetch(partition.slots.data() + home_slot(fingerprint(key), capacity));
}

void BandTable::insert_if_absent(std::uint64_t key, std::uint32_t document) {
  Partition& partition = partitions_[key & ((1u << kPartitionBits) - 1)];
  if ((partition.count + 1) * 100 > partition.slots.size() * 85) grow(partition);
  const std::size_t capacity = partition.slots.size();
  const std::uint64_t wanted = fingerprint(key);
  for (std::size_t i = home_slot(wanted, capacity);; i = i + 1 == capacity ? 0 : i + 1) {
    std::uint64_t& slot = partition.slots[i];
    if (slot == 0) {
      slot = (wanted << kDocumentBits) | (std::uint64_t{document} + 1);
      ++partition.count;
      return;
    }
    if ((slot >> kDocumentBits) == wanted) return;
  }
}

void BandTable::grow(Partition& partition) {
  const std::size_t capacity = partition.slots.empty() ? 8 : partition.slots.size() * 3 / 2;
  std::vector<std::uint64_t> slots(capacity, 0);
  for (const std::uint64_t old : partition.slots) {
    if (old == 0) continue;
    std::size_t i = home_slot(old >> kDocumentBits, capacity);
    while (slots[i] != 0) i = i + 1 == capacity ? 0 : i + 1;
    slots[i] = old;
  }
  partition.slots = std::move(slots);
}

std::size_t BandTable::memory_bytes() const {
  std::size_t bytes = partitions_.capacity() * sizeof(Partition);
  for (const Partition& partition : partitions_) bytes += partition.slots.capacity() * sizeof(std::uint64_t);
  return bytes;
}

void BandTable::write_words(const std::function<void(std::string_view)>& write) const {
  std::vector<std::uint64_t> header;
  header.reserve(1 + 2 * partitions_.size());
  header.push_back(partitions_.size());
  for (const Partition& partition : partitions_) header.push_back(partition.slots.size());
  for (const Partition& partition : partitions_) header.push_back(partition.count);
  write({reinterpret_cast<const char*>(header.data()), header.size() * sizeof(std::uint64_t)});
  for (const Partition& partition : partitions_) {
    write({reinterpret_cast<const char*>(partition.slots.data()), partition.slots.size() * sizeof(std::uint64_t)});
  }
}

BandTable BandTable::from_words(std::span<const std::uint64_t> words, std::uint32_t documents) {
  constexpr std::size_t kPartitions = std::size_t{1} << kPartitionBits;
  if (words.size() < 1 + 2 * kPartitions || words[0] != kPartitions) {
    throw Error("band table: the header is not " + std::to_string(kPartitions) + " partitions");
  }
  std::size_t slots_total = 0;
  for (std::size_t p = 0; p < kPartitions; ++p) {
    const std::uint64_t capacity = words[1 + p];
    const std::uint64_t count = words[1 + kPartitions + p];
    if (capacity > words.size() || (capacity > 0 && count >= capacity) || (capacity == 0 && count != 0)) {
      throw Error("band table: partition " + std::to_string(p) + " has an impossible size");
    }
    slots_total += capacity;
  }
  if (words.size() != 1 + 2 * kPartitions + slots_total) {
    throw Error("band table: " + std::to_string(words.size()) + " words where the header announces " +
                std::to_string(1 + 2 * kPartitions + slots_total));
  }
  BandTable table;
  const std::uint64_t* next = words.data() + 1 + 2 * kPartitions;
  for (std::size_t p = 0; p < kPartitions; ++p) {
    Partition& partition = table.partitions_[p];
    partition.slots.assign(next, next + words[1 + p]);
    next += words[1 + p];
    partition.count = words[1 + kPartitions + p];
    std::size_t used = 0;
    for (const std::uint64_t slot : partition.slots) {
      if (slot == 0) continue;
      ++used;
      if ((slot & kDocumentMask) == 0 || (slot & kDocumentMask) > documents) {
        throw Error("band table: a slot names document " + std::to_string((slot & kDocumentMask) - 1) + " of " +
                    std::to_string(documents));
      }
    }
    if (used != partition.count) throw Error("band table: partition " + std::to_string(p) + " count is wrong");
  }
  return table;
}

}  // namespace winnow::dedup
