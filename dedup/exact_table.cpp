#include "dedup/exact_table.h"

#include <string>

#include "src/error.h"

namespace winnow::dedup {
namespace {

constexpr std::uint64_t kDocumentMask = (std::uint64_t{1} << 28) - 1;

inline std::size_t home_slot(std::uint64_t high, std::size_t capacity) {
  return static_cast<std::size_t>((high >> 32) * capacity >> 32);
}

}  // namespace

std::optional<std::uint32_t> ExactTable::find(Hash128 key) const {
  const std::size_t capacity = slots_.size();
  if (capacity == 0) return std::nullopt;
  const std::uint64_t low = key.low & ~kDocumentMask;
  for (std::size_t i = home_slot(key.high, capacity);; i = i + 1 == capacity ? 0 : i + 1) {
    const Slot& slot = slots_[i];
    if (slot.low_and_document == 0) return std::nullopt;
    if (slot.high == key.high && (slot.low_and_document & ~kDocumentMask) == low) {
      return static_cast<std::uint32_t>((slot.low_and_document & kDocumentMask) - 1);
    }
  }
}

void ExactTable::insert_if_absent(Hash128 key, std::uint32_t document) {
  if ((count_ + 1) * 100 > slots_.size() * 85) grow();
  const std::size_t capacity = slots_.size();
  const std::uint64_t low = key.low & ~kDocumentMask;
  for (std::size_t i = home_slot(key.high, capacity);; i = i + 1 == capacity ? 0 : i + 1) {
    Slot& slot = slots_[i];
    if (slot.low_and_document == 0) {
      slot = {key.high, low | (std::uint64_t{document} + 1)};
      ++count_;
      return;
    }
    if (slot.high == key.high && (slot.low_and_document & ~kDocumentMask) == low) return;
  }
}

void ExactTable::grow() {
  const std::size_t capacity = slots_.empty() ? 64 : slots_.size() * 3 / 2;
  std::vector<Slot> slots(capacity);
  for (const Slot& old : slots_) {
    if (old.low_and_document == 0) continue;
    std::size_t i = home_slot(old.high, capacity);
    while (slots[i].low_and_document != 0) i = i + 1 == capacity ? 0 : i + 1;
    slots[i] = old;
  }
  slots_ = std::move(slots);
}

void ExactTable::write_words(const std::function<void(std::string_view)>& write) const {
  static_assert(sizeof(Slot) == 2 * sizeof(std::uint64_t));
  const std::uint64_t header[2] = {slots_.size(), count_};
  write({reinterpret_cast<const char*>(header), sizeof header});
  write({reinterpret_cast<const char*>(slots_.data()), slots_.size() * sizeof(Slot)});
}

ExactTable ExactTable::from_words(std::span<const std::uint64_t> words, std::uint32_t documents) {
  if (words.size() < 2) throw Error("exact table: no header");
  const std::uint64_t capacity = words[0];
  const std::uint64_t count = words[1];
  if (capacity > words.size() || words.size() != 2 + 2 * capacity || (capacity > 0 && count >= capacity) ||
      (capacity == 0 && count != 0)) {
    throw Error("exact table: " + std::to_string(words.size()) + " words do not hold the " +
                std::to_string(capacity) + " slots the header announces");
  }
  ExactTable table;
  table.slots_.resize(capacity);
  std::size_t used = 0;
  for (std::size_t i = 0; i < capacity; ++i) {
    Slot& slot = table.slots_[i];
    slot.high = words[2 + 2 * i];
    slot.low_and_document = words[3 + 2 * i];
    if (slot.low_and_document == 0) continue;
    ++used;
    if ((slot.low_and_document & kDocumentMask) == 0 || (slot.low_and_document & kDocumentMask) > documents) {
      throw Error("exact table: a slot names a document that is not in the index");
    }
  }
  if (used != count) throw Error("exact table: the count is not the number of used slots");
  table.count_ = count;
  return table;
}

}  // namespace winnow::dedup
