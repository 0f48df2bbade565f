// MinHash signatures of a document's word n-grams ("shingles"), in two modes.
//
// datatrove mode is datatrove's MinhashDedupSignature with its defaults, value for value for the same words
// (word_normalizer.h says where the words can differ):
//   shingle   = xxhash64 (XXH64, seed 0) of the n words joined by single spaces, as UTF-8
//   a_i, b_i  = numpy.random.RandomState(seed).randint(1, P, size=k, dtype=uint64), then randint(0, P, ...),
//               P = 2^61 - 1 (MT19937 seeded with init_genrand, 64-bit draws high word first, rejection with
//               the mask 2^61 - 1, as numpy's legacy bounded-integer sampler)
//   h_i(x)    = ((a_i * x + b_i) mod 2^64) mod P     (numpy's uint64 arithmetic wraps before the modulo)
//   sig_i     = min over shingles of h_i
// Documents with fewer than n words have no shingles and no signature (datatrove skips them too).
//
// fast mode keeps the same structure and removes its costs: each word is hashed once (XXH3-64) and the n word
// hashes of a shingle are combined with a few multiplies (not rehashing n words of bytes per shingle), the
// combination is fully mixed (MurmurHash3's finalizer), and h_i(x) = a_i * x + b_i mod 2^32 on the low 32 bits
// of it (a_i odd; a_i, b_i from SplitMix64 of the seed): no modular reduction, and 32-bit lanes, twice as
// many per vector as 64-bit ones. Values are 32 bits (stored in 64): two different minima are equal with
// probability 2^-32, far below what the band keys notice. lsh_curve_test.cpp checks that its band matches
// follow the S-curve as datatrove mode's do. In fast mode, each letter of a script written without spaces is a
// word (word_normalizer.h), and mostly-CJK documents use cjk_ngram.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "dedup/word_normalizer.h"

namespace winnow::dedup {

struct MinHashSettings {
  WordMode mode = WordMode::datatrove;
  std::size_t ngram = 5;       // words per shingle
  std::size_t cjk_ngram = 5;   // fast mode: characters per shingle when most words are CJK/Thai/... letters
  std::size_t bands = 14;
  std::size_t rows = 8;
  std::uint64_t seed = 1;
  std::size_t hashes() const { return bands * rows; }
};

// The datatrove permutation parameters (a then b, k values each). Exposed for tests.
struct PermutationParameters {
  std::vector<std::uint64_t> a;
  std::vector<std::uint64_t> b;
};
PermutationParameters datatrove_parameters(std::uint64_t seed, std::size_t hashes);
PermutationParameters fast_parameters(std::uint64_t seed, std::size_t hashes);

// Computes signatures. Thread-safe: const methods only, the parameters are fixed at construction.
class MinHasher {
 public:
  explicit MinHasher(MinHashSettings settings);
  const MinHashSettings& settings() const { return settings_; }

  // The shingle hashes of `words` (in order, duplicates kept). Empty when there are fewer words than n.
  void shingles(const NormalizedWords& words, std::vector<std::uint64_t>& out) const;
  // hashes() minimum values over `shingles`. REQUIRES: shingles is not empty.
  void signature(const std::vector<std::uint64_t>& shingles, std::uint64_t* out) const;
  // The n-gram length used for `words` (ngram, or cjk_ngram in fast mode for mostly-CJK text).
  std::size_t ngram_for(const NormalizedWords& words) const;

 private:
  MinHashSettings settings_;
  PermutationParameters parameters_;
  std::vector<std::uint32_t> fast_a_;  // fast mode: the parameters cut to 32 bits (a stays odd)
  std::vector<std::uint32_t> fast_b_;
};

}  // namespace winnow::dedup
