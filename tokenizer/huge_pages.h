// HugePageAllocator: a std::allocator for the encoder's large lookup tables that asks the kernel to
// back them with 2 MB pages (madvise(MADV_HUGEPAGE); Linux with transparent huge pages in "madvise"
// or "always" mode; elsewhere it is a plain aligned allocation).
//
// Why: the rank and pair tables are 1-8 MB and every lookup lands on a random 4 KB page, so with
// ordinary pages most lookups also miss the TLB and pay a page walk on top of the cache miss. With
// 2 MB pages the whole table is a handful of TLB entries. Measured in bench/tokenizer
// (docs/TOKENIZER.md).
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

namespace winnow::tokenizer {

// Allocates bytes; blocks of at least 256 KB are aligned to and rounded up to 2 MB and advised.
// Never returns null (throws std::bad_alloc).
void* allocate_maybe_huge(std::size_t bytes);
void free_maybe_huge(void* p) noexcept;

template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) { return static_cast<T*>(allocate_maybe_huge(n * sizeof(T))); }
  void deallocate(T* p, std::size_t) noexcept { free_maybe_huge(p); }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
};

}  // namespace winnow::tokenizer
