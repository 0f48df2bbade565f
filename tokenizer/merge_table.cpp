#include "tokenizer/merge_table.h"

namespace winnow::tokenizer {
namespace {

inline std::uint64_t key_of(std::uint32_t left, std::uint32_t right) {
  return (std::uint64_t{left} << 32) | right;
}

// A multiplicative hash (Fibonacci hashing) of the 64-bit key; the high bits are the best mixed.
inline std::uint64_t slot_of(std::uint64_t key, std::uint64_t mask, int shift) {
  return ((key * 0x9E3779B97F4A7C15ULL) >> shift) & mask;
}

int shift_for(std::uint64_t capacity) {
  int bits = 0;
  while ((std::uint64_t{1} << bits) < capacity) ++bits;
  return 64 - bits;
}

}  // namespace

void MergeTable::grow() {
  std::vector<Slot> old = std::move(slots_);
  const std::size_t capacity = old.empty() ? 1024 : old.size() * 2;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  shift_ = shift_for(capacity);
  for (const Slot& s : old) {
    if (s.rule.rank == kNoMerge) continue;
    for (std::uint64_t i = slot_of(s.key, mask_, shift_);; i = (i + 1) & mask_) {
      if (slots_[i].rule.rank == kNoMerge) {
        slots_[i] = s;
        break;
      }
    }
  }
}

void MergeTable::insert(std::uint32_t left, std::uint32_t right, MergeRule rule) {
  if ((size_ + 1) * 3 > slots_.size() * 2) grow();  // load factor <= 2/3
  const std::uint64_t key = key_of(left, right);
  for (std::uint64_t i = slot_of(key, mask_, shift_);; i = (i + 1) & mask_) {
    Slot& s = slots_[i];
    if (s.rule.rank == kNoMerge) {
      s = Slot{key, rule};
      ++size_;
      return;
    }
    if (s.key == key) {
      s.rule = rule;
      return;
    }
  }
}

MergeRule MergeTable::find(std::uint32_t left, std::uint32_t right) const {
  if (size_ == 0) return MergeRule{kNoMerge, 0};
  const std::uint64_t key = key_of(left, right);
  for (std::uint64_t i = slot_of(key, mask_, shift_);; i = (i + 1) & mask_) {
    const Slot& s = slots_[i];
    if (s.rule.rank == kNoMerge || s.key == key) return s.rule;
  }
}

}  // namespace winnow::tokenizer
