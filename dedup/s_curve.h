// The LSH S-curve: the probability that two documents whose shingle sets have Jaccard similarity s share at
// least one of b bands of r MinHash values, 1 - (1 - s^r)^b. For 14 x 8: 0.053 at s = 0.5, 0.21 at 0.6,
// 0.56 at 0.7, 0.92 at 0.8, 0.9996 at 0.9. Its steepest part is near (1/b)^(1/r) (0.72 for 14 x 8).
#pragma once

#include <cmath>
#include <cstddef>

namespace winnow::dedup {

inline double lsh_probability(double similarity, std::size_t bands, std::size_t rows) {
  return 1.0 - std::pow(1.0 - std::pow(similarity, static_cast<double>(rows)), static_cast<double>(bands));
}

inline double lsh_threshold(std::size_t bands, std::size_t rows) {
  return std::pow(1.0 / static_cast<double>(bands), 1.0 / static_cast<double>(rows));
}

}  // namespace winnow::dedup
