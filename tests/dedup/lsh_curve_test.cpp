// The MinHash + banding logic against its definition, in process: for many pairs of synthetic documents with
// known exact Jaccard similarity, the fraction that share a band must follow 1 - (1 - s^r)^b in every
// similarity bin (within sampling error), for both signature modes.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <random>

#include "dedup/minhash.h"
#include "dedup/s_curve.h"
#include "dedup_test_support.h"

namespace {

using namespace winnow::dedup;

std::string made_up_word(std::mt19937_64& random) {
  std::string word;
  const std::size_t length = 3 + random() % 6;
  for (std::size_t i = 0; i < length; ++i) word += static_cast<char>('a' + random() % 26);
  return word;
}

bool share_a_band(const MinHasher& hasher, const std::string& a, const std::string& b) {
  const MinHashSettings& settings = hasher.settings();
  std::vector<std::uint64_t> sig_a(settings.hashes()), sig_b(settings.hashes()), shingles;
  NormalizedWords words;
  normalize_words(a, settings.mode, words);
  hasher.shingles(words, shingles);
  hasher.signature(shingles, sig_a.data());
  normalize_words(b, settings.mode, words);
  hasher.shingles(words, shingles);
  hasher.signature(shingles, sig_b.data());
  for (std::size_t band = 0; band < settings.bands; ++band) {
    if (std::equal(sig_a.begin() + band * settings.rows, sig_a.begin() + (band + 1) * settings.rows,
                   sig_b.begin() + band * settings.rows)) {
      return true;
    }
  }
  return false;
}

void check_s_curve(WordMode mode) {
  MinHashSettings settings;
  settings.mode = mode;
  const MinHasher hasher(settings);
  std::mt19937_64 random(2024);
  struct Bin {
    std::size_t pairs = 0, matched = 0;
    double expected = 0, variance = 0;
  };
  std::map<int, Bin> bins;
  for (int pair = 0; pair < 3000; ++pair) {
    std::vector<std::string> words(150);
    for (auto& word : words) word = made_up_word(random);
    std::vector<std::string> edited = words;
    const std::size_t substitutions = random() % 40;  // spreads similarities over 0.1 .. 1
    for (std::size_t s = 0; s < substitutions; ++s) edited[random() % edited.size()] = made_up_word(random);
    std::string a, b;
    for (std::size_t i = 0; i < words.size(); ++i) {
      a += words[i] + " ";
      b += edited[i] + " ";
    }
    const double similarity = test::jaccard(test::shingle_set(a, settings), test::shingle_set(b, settings));
    const double p = lsh_probability(similarity, settings.bands, settings.rows);
    Bin& bin = bins[static_cast<int>(std::floor(similarity * 10))];
    ++bin.pairs;
    bin.matched += share_a_band(hasher, a, b);
    bin.expected += p;
    bin.variance += p * (1 - p);
  }
  for (const auto& [decile, bin] : bins) {
    CAPTURE(decile);
    MESSAGE("J in [" << decile / 10.0 << ", " << (decile + 1) / 10.0 << "): " << bin.matched << " of " << bin.pairs
                     << " share a band, S-curve expects " << bin.expected);
    CHECK(std::abs(static_cast<double>(bin.matched) - bin.expected) <= 4 * std::sqrt(bin.variance) + 1);
  }
}

}  // namespace

TEST_CASE("datatrove mode candidates follow the S-curve per similarity bin") { check_s_curve(WordMode::datatrove); }

TEST_CASE("fast mode candidates follow the S-curve per similarity bin") { check_s_curve(WordMode::fast); }

TEST_CASE("identical documents always share every band and unrelated ones share none") {
  for (const WordMode mode : {WordMode::datatrove, WordMode::fast}) {
    MinHashSettings settings;
    settings.mode = mode;
    const MinHasher hasher(settings);
    const std::string a = test::random_text(1, 300);
    const std::string b = test::random_text(2, 300);
    CHECK(share_a_band(hasher, a, a));
    CHECK_FALSE(share_a_band(hasher, a, b));
  }
}
