#include "tokenizer/huge_pages.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace winnow::tokenizer {
namespace {
constexpr std::size_t kHugePage = std::size_t{2} << 20;
}

void* allocate_maybe_huge(std::size_t bytes) {
  if (bytes < kHugePage / 8) {
    void* p = std::malloc(bytes == 0 ? 1 : bytes);
    if (p == nullptr) throw std::bad_alloc();
    return p;
  }
  const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* p = std::aligned_alloc(kHugePage, rounded);
  if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  madvise(p, rounded, MADV_HUGEPAGE);  // advice only: without THP the pages stay 4 KB, nothing else changes
#endif
  return p;
}

void free_maybe_huge(void* p) noexcept { std::free(p); }

}  // namespace winnow::tokenizer
