// dedup/staged/external_sort.h: the result equals an in-memory stable sort whatever the memory budget, with
// one run, several runs and several merge passes.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "dedup/staged/external_sort.h"
#include "dedup/staged/staged_records.h"
#include "support/test_support.h"

namespace {

using namespace winnow::dedup::staged;
using winnow::test::TempDir;

std::vector<BucketRecord> random_records(std::size_t count, std::uint64_t distinct_keys, std::uint32_t seed) {
  std::mt19937_64 random(seed);
  std::vector<BucketRecord> records(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t key = random() % distinct_keys;
    // The doc is not part of the comparison below: ties must keep input order (stability).
    records[i] = {key * 0x9E3779B97F4A7C15ULL, key, static_cast<std::uint32_t>(i)};
  }
  return records;
}

bool key_less(const BucketRecord& a, const BucketRecord& b) {
  return a.high != b.high ? a.high < b.high : a.low < b.low;
}

std::vector<BucketRecord> read_all(const std::string& path) {
  std::vector<BucketRecord> records;
  RecordReader<BucketRecord> reader(path, 100);
  while (const BucketRecord* record = reader.next()) records.push_back(*record);
  return records;
}

void write_all(const std::string& path, const std::vector<BucketRecord>& records) {
  RecordWriter<BucketRecord> writer(path, 37);
  for (const BucketRecord& record : records) writer.append(record);
  writer.close();
}

bool same(const std::vector<BucketRecord>& a, const std::vector<BucketRecord>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].high != b[i].high || a[i].low != b[i].low || a[i].doc != b[i].doc) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("external sort equals a stable in-memory sort for every memory budget") {
  TempDir dir;
  const std::vector<BucketRecord> records = random_records(20000, 3000, 7);
  write_all(dir / "in.rec", records);
  std::vector<BucketRecord> expected = records;
  std::stable_sort(expected.begin(), expected.end(), key_less);

  struct Budget {
    std::size_t bytes;
    std::uint64_t min_runs;
    std::uint64_t min_merge_passes;
  };
  // 20,000 records of 20 bytes: one run; 13 runs (one merge); 400 runs (more than 16: several passes).
  for (const Budget budget : {Budget{1 << 20, 1, 0}, Budget{32 << 10, 13, 1}, Budget{1000, 400, 2}}) {
    CAPTURE(budget.bytes);
    const std::string out = dir / ("out-" + std::to_string(budget.bytes) + ".rec");
    const SortStats stats = external_sort<BucketRecord>(dir / "in.rec", out, budget.bytes, dir / "run-", key_less);
    CHECK(stats.records == records.size());
    CHECK(stats.runs >= budget.min_runs);
    CHECK(stats.merge_passes >= budget.min_merge_passes);
    CHECK(same(read_all(out), expected));
  }
  // The runs are gone, the input is untouched.
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    CHECK(entry.path().filename().string().rfind("run-", 0) != 0);
    ++files;
  }
  CHECK(files == 4);
  CHECK(same(read_all(dir / "in.rec"), records));
}

TEST_CASE("external sort of an empty file gives an empty file") {
  TempDir dir;
  write_all(dir / "in.rec", {});
  const SortStats stats = external_sort<BucketRecord>(dir / "in.rec", dir / "out.rec", 4096, dir / "run-", key_less);
  CHECK(stats.records == 0);
  CHECK(std::filesystem::exists(dir / "out.rec"));
  CHECK(read_all(dir / "out.rec").empty());
}

TEST_CASE("a record file cut inside a record is refused, not read short") {
  TempDir dir;
  write_all(dir / "in.rec", random_records(10, 5, 1));
  std::filesystem::resize_file(dir / "in.rec", 10 * sizeof(BucketRecord) - 3);
  RecordReader<BucketRecord> reader(dir / "in.rec", 4);
  auto read_everything = [&] {
    while (reader.next()) {
    }
  };
  CHECK_THROWS_WITH(read_everything(), doctest::Contains("truncated record"));
}
