// winnow run with a dedup: section, end to end: the ledger, determinism across thread counts, the reject
// annotations, and recall and precision against planted duplicates with known ground truth.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "dedup/s_curve.h"
#include "dedup_test_support.h"
#include "support/test_support.h"

namespace {

using namespace winnow::test;
using winnow::dedup::MinHashSettings;
using winnow::dedup::WordMode;

const std::string kSampleData = std::string(WINNOW_SOURCE_DIR) + "/sample_data";

struct Removal {
  std::string reason;
  std::string duplicate_of;
  std::int64_t cluster = -1;
};

// id -> how the dedup stage removed it, from the rejects of a run.
std::map<std::string, Removal> removals(const RunOutputs& outputs) {
  std::map<std::string, Removal> removed;
  simdjson::dom::parser parser;
  for (const std::string& line : outputs.rejects) {
    simdjson::dom::element record;
    REQUIRE(parser.parse(line).get(record) == simdjson::SUCCESS);
    std::string_view stage;
    if (record["winnow"]["stage"].get(stage) != simdjson::SUCCESS || stage != "dedup") continue;
    std::string_view id;
    std::string_view reason;
    std::string_view duplicate_of;
    std::int64_t cluster = -1;
    REQUIRE(record["id"].get(id) == simdjson::SUCCESS);
    REQUIRE(record["winnow"]["reason"].get(reason) == simdjson::SUCCESS);
    REQUIRE(record["winnow"]["duplicate_of"].get(duplicate_of) == simdjson::SUCCESS);
    REQUIRE(record["winnow"]["cluster"].get(cluster) == simdjson::SUCCESS);
    removed[std::string(id)] = {std::string(reason), std::string(duplicate_of), cluster};
  }
  return removed;
}

struct PlantedDuplicate {
  std::string id;
  std::string original_id;
  std::string kind;  // exact | near
};

// The planted duplicates listed in sample_data/README.md ("| id | original | kind | ...").
std::vector<PlantedDuplicate> sample_data_ground_truth() {
  std::vector<PlantedDuplicate> planted;
  for (const std::string& line : lines_of(read_file(kSampleData + "/README.md"))) {
    if (line.rfind("| web-", 0) != 0) continue;
    std::vector<std::string> cells;
    std::size_t start = 1;
    for (std::size_t bar; (bar = line.find('|', start)) != std::string::npos; start = bar + 1) {
      std::string cell = line.substr(start, bar - start);
      cell.erase(0, cell.find_first_not_of(' '));
      cell.erase(cell.find_last_not_of(' ') + 1);
      cells.push_back(cell);
    }
    if (cells.size() >= 3) planted.push_back({cells[0], cells[1], cells[2]});
  }
  return planted;
}

// bench/make-corpus's ground_truth.jsonl.
std::vector<PlantedDuplicate> corpus_ground_truth(const std::string& path) {
  std::vector<PlantedDuplicate> planted;
  simdjson::dom::parser parser;
  for (const std::string& line : lines_of(read_file(path))) {
    simdjson::dom::element record;
    REQUIRE(parser.parse(line).get(record) == simdjson::SUCCESS);
    std::string_view id, original, kind;
    REQUIRE(record["id"].get(id) == simdjson::SUCCESS);
    REQUIRE(record["original_id"].get(original) == simdjson::SUCCESS);
    REQUIRE(record["kind"].get(kind) == simdjson::SUCCESS);
    planted.push_back({std::string(id), std::string(original), std::string(kind)});
  }
  return planted;
}

RunOutputs run_dedup(const TempDir& dir, const std::vector<std::string>& inputs, const std::string& yaml,
                     const std::string& out_name, int threads) {
  write_file(dir / "dedup.yaml", yaml);
  std::vector<std::string> args = {"run"};
  args.insert(args.end(), inputs.begin(), inputs.end());
  for (const std::string& arg : {std::string("--output"), dir / out_name, std::string("--config"), dir / "dedup.yaml",
                                 std::string("--threads"), std::to_string(threads), std::string("--quiet")}) {
    args.push_back(arg);
  }
  const CommandResult result = run_winnow(args);
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  return check_outputs(dir / out_name);
}

// Checks recall per similarity bin against the S-curve and that every near-duplicate removal is a real one.
void check_against_ground_truth(const std::vector<PlantedDuplicate>& planted,
                                const std::map<std::string, std::string>& texts,
                                const std::map<std::string, Removal>& removed, const MinHashSettings& settings) {
  // Exact duplicates: all removed (as exact duplicates, or as URL/near duplicates of the same document).
  std::size_t exact = 0, exact_found = 0;
  std::set<std::string> planted_ids;
  for (const PlantedDuplicate& dup : planted) {
    planted_ids.insert(dup.id);
    if (dup.kind != "exact" || !texts.count(dup.original_id) || !texts.count(dup.id)) continue;
    ++exact;
    exact_found += removed.count(dup.id);
  }
  CHECK(exact_found == exact);

  // Near duplicates, binned by the exact Jaccard similarity of their shingle sets.
  struct Bin {
    std::size_t pairs = 0;
    std::size_t detected = 0;
    double expected = 0;
    double variance = 0;
  };
  std::map<int, Bin> bins;  // key: floor(10 * J), 10 for J = 1
  for (const PlantedDuplicate& dup : planted) {
    if (dup.kind != "near" || !texts.count(dup.original_id) || !texts.count(dup.id)) continue;
    if (removed.count(dup.original_id)) continue;  // its original was itself removed: not a clean pair
    const auto a = winnow::dedup::test::shingle_set(texts.at(dup.id), settings);
    const auto b = winnow::dedup::test::shingle_set(texts.at(dup.original_id), settings);
    if (a.empty() || b.empty()) continue;  // too short to have a signature
    const double similarity = winnow::dedup::test::jaccard(a, b);
    const double p = winnow::dedup::lsh_probability(similarity, settings.bands, settings.rows);
    Bin& bin = bins[static_cast<int>(std::floor(similarity * 10))];
    ++bin.pairs;
    bin.detected += removed.count(dup.id);
    bin.expected += p;
    bin.variance += p * (1 - p);
  }
  std::size_t pairs = 0;
  for (const auto& [decile, bin] : bins) {
    pairs += bin.pairs;
    // Within sampling error of the S-curve: 4 standard deviations, plus 1 for the discreteness of small bins.
    // Detections can only exceed the curve a little (a duplicate may also match another near copy).
    MESSAGE("J in [" << decile / 10.0 << ", " << (decile + 1) / 10.0 << "): " << bin.detected << " of "
                     << bin.pairs << " detected, S-curve expects " << bin.expected);
    CHECK(std::abs(static_cast<double>(bin.detected) - bin.expected) <= 4 * std::sqrt(bin.variance) + 1);
  }
  CHECK(pairs > 50);

  // Precision: a document removed as a near duplicate is really similar to the one it names.
  for (const auto& [id, removal] : removed) {
    if (removal.reason != "near_duplicate") continue;
    const auto a = winnow::dedup::test::shingle_set(texts.at(id), settings);
    const auto b = winnow::dedup::test::shingle_set(texts.at(removal.duplicate_of), settings);
    const double similarity = winnow::dedup::test::jaccard(a, b);
    CAPTURE(id);
    CAPTURE(removal.duplicate_of);
    CHECK(similarity >= 0.3);
    if (!planted_ids.count(id)) MESSAGE("unplanted removal " << id << " ~ " << removal.duplicate_of << " J=" << similarity);
  }
}

}  // namespace

TEST_CASE("dedup on sample_data balances the ledger and names the kept document of every removal") {
  TempDir dir;
  const RunOutputs outputs = run_dedup(dir, {kSampleData}, "dedup:\n  mode: datatrove\n", "out", 2);
  const auto removed = removals(outputs);
  CHECK(removed.size() == outputs.totals.duplicates.at("exact_duplicate") + outputs.totals.duplicates.at("near_duplicate"));
  // duplicate_of always names a kept document, and a cluster has one kept document.
  std::set<std::string> kept_ids;
  simdjson::dom::parser parser;
  for (const std::string& line : outputs.kept) {
    simdjson::dom::element record;
    REQUIRE(parser.parse(line).get(record) == simdjson::SUCCESS);
    std::string_view id;
    REQUIRE(record["id"].get(id) == simdjson::SUCCESS);
    kept_ids.insert(std::string(id));
  }
  std::map<std::int64_t, std::string> kept_of_cluster;
  for (const auto& [id, removal] : removed) {
    CHECK(kept_ids.count(removal.duplicate_of) == 1);
    auto [it, inserted] = kept_of_cluster.emplace(removal.cluster, removal.duplicate_of);
    CHECK(it->second == removal.duplicate_of);
  }
  CHECK(outputs.stats.find("\"s_curve\"") != std::string::npos);

  // The report part of stats.json accounts for every removal.
  simdjson::dom::element stats;
  REQUIRE(parser.parse(outputs.stats).get(stats) == simdjson::SUCCESS);
  const simdjson::dom::element dedup = stats["stages"]["dedup"]["dedup"];
  std::uint64_t by_source = 0;
  for (const simdjson::dom::element entry : dedup["removed_by_source"].get_array()) {
    by_source += entry["documents"].get_uint64().value();
  }
  CHECK(by_source == removed.size());
  std::uint64_t in_histogram = 0;
  for (const simdjson::dom::element bin : dedup["clusters"]["size_histogram"].get_array()) {
    in_histogram += bin["clusters"].get_uint64().value();
  }
  CHECK(in_histogram == kept_of_cluster.size());
  CHECK(dedup["clusters"]["with_removals"].get_uint64().value() == kept_of_cluster.size());
}

TEST_CASE("dedup removes the same documents with 1 and 2 threads") {
  TempDir dir;
  const std::string yaml = "dedup:\n  mode: fast\n  verify: signature\n  url_field: url\n";
  const RunOutputs one = run_dedup(dir, {kSampleData}, yaml, "one", 1);
  const RunOutputs two = run_dedup(dir, {kSampleData}, yaml, "two", 2);
  CHECK(one.rejects == two.rejects);
  CHECK(one.kept == two.kept);
  CHECK(stats_without_timing(one.stats) == stats_without_timing(two.stats));
}

TEST_CASE("dedup finds the duplicates planted in sample_data at the rates the S-curve predicts") {
  TempDir dir;
  const std::map<std::string, std::string> texts = winnow::dedup::test::texts_by_id(
      {kSampleData + "/web-00.jsonl.zst", kSampleData + "/web-02.jsonl"});
  // web-01 is gzip: read it through winnow itself (its kept + rejects hold every readable record).
  const RunOutputs everything = run_dedup(dir, {kSampleData}, "output:\n  compression_level: 1\n", "plain", 2);
  std::map<std::string, std::string> all_texts = texts;
  simdjson::dom::parser parser;
  for (const auto* lines : {&everything.kept, &everything.rejects}) {
    for (const std::string& line : *lines) {
      simdjson::dom::element record;
      if (parser.parse(line).get(record) != simdjson::SUCCESS) continue;
      std::string_view id, text;
      if (record["id"].get(id) == simdjson::SUCCESS && record["text"].get(text) == simdjson::SUCCESS) {
        all_texts.emplace(std::string(id), std::string(text));
      }
    }
  }
  const auto planted = sample_data_ground_truth();
  REQUIRE(planted.size() == 736);
  for (const WordMode mode : {WordMode::datatrove, WordMode::fast}) {
    const bool fast = mode == WordMode::fast;
    CAPTURE(fast);
    const RunOutputs outputs = run_dedup(dir, {kSampleData}, std::string("dedup:\n  mode: ") +
                                                                 (fast ? "fast" : "datatrove") + "\n",
                                         fast ? "fast" : "datatrove", 2);
    MinHashSettings settings;
    settings.mode = mode;
    check_against_ground_truth(planted, all_texts, removals(outputs), settings);
  }
}

TEST_CASE("dedup finds the duplicates bench/make-corpus plants at the rates the S-curve predicts") {
  TempDir dir;
  const std::string command = std::string(WINNOW_SOURCE_DIR) + "/bench/make-corpus --mb 3 --seed 7 --out " +
                              (dir / "corpus") + " > " + (dir / "make-corpus.log") + " 2>&1";
  // The generator reads Debian's man pages and fortunes, which `make test` installs (scripts/install-deps
  // --sample-data): without them this test fails, it does not pass quietly.
  REQUIRE_MESSAGE(std::system(command.c_str()) == 0,
                  "bench/make-corpus could not run (scripts/install-deps --sample-data?): "
                      << read_file(dir / "make-corpus.log"));
  const std::string shard = dir / "corpus/shard-0000.jsonl.zst";
  const RunOutputs outputs = run_dedup(dir, {shard}, "dedup:\n  mode: datatrove\n", "out", 2);
  MinHashSettings settings;
  check_against_ground_truth(corpus_ground_truth(dir / "corpus/ground_truth.jsonl"),
                             winnow::dedup::test::texts_by_id({shard}), removals(outputs), settings);
}
