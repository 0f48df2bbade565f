#include <doctest/doctest.h>

#include <random>

#include "dedup/band_table.h"
#include "dedup/exact_table.h"

using winnow::dedup::BandTable;
using winnow::dedup::ExactTable;
using winnow::dedup::Hash128;

TEST_CASE("a band table keeps the first document of each key through growth") {
  BandTable table;
  std::mt19937_64 random(5);
  std::vector<std::uint64_t> keys(200000);
  for (auto& key : keys) key = random();
  for (std::uint32_t i = 0; i < keys.size(); ++i) table.insert_if_absent(keys[i], i);
  for (std::uint32_t i = 0; i < keys.size(); ++i) table.insert_if_absent(keys[i], i + 7);  // ignored: present
  std::size_t wrong = 0;
  for (std::uint32_t i = 0; i < keys.size(); ++i) wrong += table.find(keys[i]) != std::optional<std::uint32_t>(i);
  CHECK(wrong == 0);
  std::size_t false_matches = 0;
  for (int i = 0; i < 200000; ++i) false_matches += table.find(random()).has_value();
  CHECK(false_matches == 0);
  // 8-byte slots at 57-85% load, plus the fixed partition headers.
  CHECK(table.memory_bytes() < keys.size() * 15 + (std::size_t{4096} * 64));
}

TEST_CASE("an exact table compares 100 bits and keeps the first document") {
  ExactTable table;
  std::mt19937_64 random(9);
  std::vector<Hash128> keys(100000);
  for (auto& key : keys) key = {random(), random()};
  for (std::uint32_t i = 0; i < keys.size(); ++i) table.insert_if_absent(keys[i], i);
  CHECK(table.size() == keys.size());
  std::size_t wrong = 0;
  for (std::uint32_t i = 0; i < keys.size(); ++i) wrong += table.find(keys[i]) != std::optional<std::uint32_t>(i);
  CHECK(wrong == 0);
  Hash128 other = keys[3];
  other.low ^= std::uint64_t{1} << 40;  // differs in a compared bit
  CHECK_FALSE(table.find(other).has_value());
  CHECK_FALSE(table.find({random(), random()}).has_value());
}
