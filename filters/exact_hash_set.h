// A set of a document's items (lines, words, n-grams) found by a 64-bit hash and confirmed by exact
// comparison, for the repetition rules that ask "was this seen before?" and "how often?".
//
// Why not std::unordered_map: it allocates a node per insert and is rebuilt for every document; the n-gram
// rules insert several times per word. This is one flat array of slots with linear probing, reused by a thread
// for every document: reset() is O(1) (a generation number marks the live slots), the array only grows, and a
// document uses only as many slots as its size needs (so a short one stays in L1/L2 after a long one).
//
// Exactness: a slot stores the hash and the caller's item number (e.g. the position of an n-gram's first
// word); two items are the same only when their hashes are equal AND the caller's `equal(stored_item)` says so.
// So the hash decides speed, never an answer: a colliding hash costs one more comparison.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace winnow::filters {

class ExactHashSet {
 public:
  struct Slot {
    std::uint32_t tag;         // the hash's high half (the low bits chose the slot)
    std::uint32_t item;        // the caller's number for the item inserted first
    std::uint32_t count;       // how many times find_or_insert met it (1 after the insert)
    std::uint32_t generation;  // the slot is live when it equals the set's generation
  };

  // Empties the set and makes room for `max_items` inserts. The load factor stays at most 1/4: most calls
  // insert (an n-gram seen for the first time), and a miss in linear probing then checks ~1.4 slots, not ~2.5
  // as at 1/2; 16-byte slots keep that at 64 bytes per item.
  void reset(std::size_t max_items) {
    std::size_t capacity = 16;
    while (capacity < 4 * max_items) capacity *= 2;
    // A set grown for one huge document gives the memory back when it is 64x larger than needed.
    if (capacity > slots_.size() || (slots_.size() > (std::size_t{1} << 16) && slots_.size() > 64 * capacity)) {
      slots_.assign(capacity, Slot{0, 0, 0, 0});
      generation_ = 0;
    }
    mask_ = capacity - 1;  // only the first `capacity` slots: a small document stays in cache
    if (++generation_ == 0) {  // wrapped: clear for real once every 2^32 resets
      for (Slot& s : slots_) s.generation = 0;
      generation_ = 1;
    }
  }

  // The slot of the item equal to `item` (same hash and equal(slot.item)), its count incremented; or a new
  // slot holding `item` with count 1. `inserted` tells which. REQUIRES: fewer inserts than reset's max_items;
  // `hash` well mixed (its low bits pick the slot).
  template <class Equal>
  Slot& find_or_insert(std::uint64_t hash, std::uint32_t item, Equal&& equal, bool& inserted) {
    const auto tag = static_cast<std::uint32_t>(hash >> 32);
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.generation != generation_) {
        s = Slot{tag, item, 1, generation_};
        inserted = true;
        return s;
      }
      if (s.tag == tag && equal(s.item)) {
        ++s.count;
        inserted = false;
        return s;
      }
    }
  }

 private:
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::uint32_t generation_ = 0;
};

// splitmix64's finaliser: spreads a polynomial hash's entropy into the low bits the set indexes by.
inline std::uint64_t mix_bits(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace winnow::filters
