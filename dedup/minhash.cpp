#include "dedup/minhash.h"

// Inlined xxHash: shingles and words are 5-40 bytes, where a call into the shared library costs as much as
// the hash itself.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <limits>
#include <random>

namespace winnow::dedup {
namespace {

constexpr std::uint64_t kMersenne61 = (std::uint64_t{1} << 61) - 1;

// x mod 2^61 - 1 for any 64-bit x: 2^61 = 1 (mod P), so x = hi * 2^61 + lo = hi + lo, and hi + lo < 2P.
inline std::uint64_t mod_mersenne61(std::uint64_t x) {
  const std::uint64_t folded = (x & kMersenne61) + (x >> 61);
  return folded >= kMersenne61 ? folded - kMersenne61 : folded;
}

// numpy's legacy RandomState.randint(low, high, dtype=uint64) for a range wider than 32 bits: 64-bit draws
// (two MT19937 outputs, the first one high), masked to the smallest all-ones mask covering the range, rejected
// when above it.
std::uint64_t numpy_bounded(std::mt19937& generator, std::uint64_t low, std::uint64_t high_exclusive) {
  const std::uint64_t range = high_exclusive - low - 1;
  std::uint64_t mask = range;
  for (int shift = 1; shift < 64; shift <<= 1) mask |= mask >> shift;
  while (true) {
    const std::uint64_t high_word = generator();
    const std::uint64_t low_word = generator();
    const std::uint64_t value = ((high_word << 32) | low_word) & mask;
    if (value <= range) return low + value;
  }
}

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

inline std::uint64_t fmix64(std::uint64_t k) {
  k ^= k >> 33;
  k *= 0xFF51AFD7ED558CCDULL;
  k ^= k >> 33;
  k *= 0xC4CEB9FE1A85EC53ULL;
  return k ^ (k >> 33);
}

inline std::uint64_t rotate_left(std::uint64_t x, int bits) { return (x << bits) | (x >> (64 - bits)); }

// The two inner loops, where nearly all the time of a signature goes (k multiply-adds per shingle). They are
// compiled several times and the best one for the CPU is picked at load time (GCC function multiversioning):
// with AVX-512 (x86-64-v4) the compiler turns them into 8-lane vpmullq/vpminuq code; datatrove-mode signatures
// are then 2.4x faster end to end than with the plain x86-64 loop (measured, docs/DEDUP.md), and the default
// build still runs on any x86-64. -DWINNOW_DEDUP_PORTABLE compiles the plain loop only (to measure it).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(WINNOW_DEDUP_PORTABLE)
#define WINNOW_MULTIVERSION __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define WINNOW_MULTIVERSION
#endif

WINNOW_MULTIVERSION
void min_mersenne(const std::uint64_t* shingles, std::size_t count, const std::uint64_t* a, const std::uint64_t* b,
                  std::uint64_t* out, std::size_t k) {
  for (std::size_t s = 0; s < count; ++s) {
    const std::uint64_t x = shingles[s];
    for (std::size_t i = 0; i < k; ++i) out[i] = std::min(out[i], mod_mersenne61(x * a[i] + b[i]));
  }
}

WINNOW_MULTIVERSION
void min_multiply_add32(const std::uint64_t* shingles, std::size_t count, const std::uint32_t* a,
                        const std::uint32_t* b, std::uint32_t* out, std::size_t k) {
  for (std::size_t s = 0; s < count; ++s) {
    const auto x = static_cast<std::uint32_t>(shingles[s]);
    for (std::size_t i = 0; i < k; ++i) out[i] = std::min(out[i], x * a[i] + b[i]);
  }
}

}  // namespace

PermutationParameters datatrove_parameters(std::uint64_t seed, std::size_t hashes) {
  // numpy seeds MT19937 from a 32-bit integer with init_genrand, which is what std::mt19937(seed) does.
  std::mt19937 generator(static_cast<std::uint32_t>(seed));
  PermutationParameters parameters;
  for (std::size_t i = 0; i < hashes; ++i) parameters.a.push_back(numpy_bounded(generator, 1, kMersenne61));
  for (std::size_t i = 0; i < hashes; ++i) parameters.b.push_back(numpy_bounded(generator, 0, kMersenne61));
  return parameters;
}

PermutationParameters fast_parameters(std::uint64_t seed, std::size_t hashes) {
  std::uint64_t state = seed;
  PermutationParameters parameters;
  for (std::size_t i = 0; i < hashes; ++i) parameters.a.push_back(splitmix64(state) | 1);
  for (std::size_t i = 0; i < hashes; ++i) parameters.b.push_back(splitmix64(state));
  return parameters;
}

MinHasher::MinHasher(MinHashSettings settings)
    : settings_(settings),
      parameters_(settings.mode == WordMode::datatrove ? datatrove_parameters(settings.seed, settings.hashes())
                                                       : fast_parameters(settings.seed, settings.hashes())) {
  for (const std::uint64_t a : parameters_.a) fast_a_.push_back(static_cast<std::uint32_t>(a));
  for (const std::uint64_t b : parameters_.b) fast_b_.push_back(static_cast<std::uint32_t>(b >> 32));
}

std::size_t MinHasher::ngram_for(const NormalizedWords& words) const {
  if (settings_.mode == WordMode::fast && 2 * words.no_space_script_words > words.size()) return settings_.cjk_ngram;
  return settings_.ngram;
}

void MinHasher::shingles(const NormalizedWords& words, std::vector<std::uint64_t>& out) const {
  out.clear();
  const std::size_t n = ngram_for(words);
  if (words.size() < n) return;
  const std::size_t count = words.size() - n + 1;
  out.reserve(count);
  if (settings_.mode == WordMode::datatrove) {
    for (std::size_t i = 0; i < count; ++i) {
      const std::string_view joined = words.join(i, n);
      out.push_back(XXH64(joined.data(), joined.size(), 0));
    }
    return;
  }
  // Hash each word once; a shingle is an order-sensitive combination of its n word hashes.
  std::vector<std::uint64_t> word_hashes(words.size());
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string_view word = words.word(i);
    word_hashes[i] = XXH3_64bits(word.data(), word.size());
  }
  for (std::size_t i = 0; i < count; ++i) {
    std::uint64_t h = 0;
    for (std::size_t k = 0; k < n; ++k) h = (rotate_left(h, 23) ^ word_hashes[i + k]) * 0x9E3779B97F4A7C15ULL;
    out.push_back(fmix64(h));
  }
}

void MinHasher::signature(const std::vector<std::uint64_t>& shingles, std::uint64_t* out) const {
  const std::size_t k = settings_.hashes();
  const std::uint64_t* a = parameters_.a.data();
  const std::uint64_t* b = parameters_.b.data();
  std::fill(out, out + k, std::numeric_limits<std::uint64_t>::max());
  // Loop order: shingles outside, permutations inside, so that the k running minima stay in L1 and the inner
  // loop is a straight run of independent multiply-adds that vectorizes.
  if (settings_.mode == WordMode::datatrove) {
    min_mersenne(shingles.data(), shingles.size(), a, b, out, k);
    return;
  }
  std::uint32_t minima[1024];  // k <= 1024 (dedup_config.cpp)
  std::fill(minima, minima + k, std::numeric_limits<std::uint32_t>::max());
  min_multiply_add32(shingles.data(), shingles.size(), fast_a_.data(), fast_b_.data(), minima, k);
  std::copy(minima, minima + k, out);
}

}  // namespace winnow::dedup
