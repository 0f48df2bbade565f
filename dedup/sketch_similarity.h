// The Jaccard similarity estimated from two one-byte-per-hash sketches (b-bit minwise hashing, Li and Koenig
// 2010, with b = 8): equal MinHash values give equal bytes, unequal ones collide with probability 1/256, so
// P(bytes equal) = J + (1 - J) / 256. Shared by the streaming index and the staged sweep so that both compute
// the same double from the same counts.
#pragma once

#include <algorithm>
#include <cstddef>

namespace winnow::dedup {

inline double sketch_similarity(std::size_t equal_bytes, std::size_t hashes) {
  const double match = static_cast<double>(equal_bytes) / static_cast<double>(hashes);
  return std::max(0.0, (match - 1.0 / 256) / (1.0 - 1.0 / 256));
}

}  // namespace winnow::dedup
