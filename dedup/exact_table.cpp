#include "dedup/exact_table.h"

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

}  // namespace winnow::dedup
