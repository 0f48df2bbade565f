// keep: longest | field (staged mode, dedup/staged/cluster_sweep.h): clusters are connected components of the
// candidate graph, the survivor is the best member (ties: the earliest), every other member is removed naming
// it, and annotate_kept_clusters marks survivors.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <map>
#include <set>

#include "dedup_test_support.h"
#include "support/test_support.h"

namespace {

using namespace winnow::test;

const std::string kSampleData = std::string(WINNOW_SOURCE_DIR) + "/sample_data";

struct Record {
  std::string reason;        // "" for a kept record
  std::string duplicate_of;  // removed records
  std::int64_t cluster = -1;
  std::int64_t cluster_size = -1;  // removed: from "winnow"; kept: the cluster_size annotation, -1 without
  std::int64_t cluster_id = -1;    // kept: the cluster_id annotation
};

CommandResult run(const TempDir& dir, const std::vector<std::string>& inputs, const std::string& yaml,
                  const std::string& out_name, std::vector<std::string> extra, int threads = 2) {
  write_file(dir / (out_name + ".yaml"), yaml);
  std::vector<std::string> args = {"run"};
  args.insert(args.end(), inputs.begin(), inputs.end());
  for (const std::string& arg : {std::string("--output"), dir / out_name, std::string("--config"),
                                 dir / (out_name + ".yaml"), std::string("--threads"), std::to_string(threads),
                                 std::string("--quiet")}) {
    args.push_back(arg);
  }
  args.insert(args.end(), extra.begin(), extra.end());
  return run_winnow(args);
}

// id -> what happened to it, from the kept and reject lines of a run (dedup removals only among rejects).
std::map<std::string, Record> records_of(const RunOutputs& outputs) {
  std::map<std::string, Record> records;
  simdjson::dom::parser parser;
  for (const std::string& line : outputs.kept) {
    simdjson::dom::element element;
    REQUIRE(parser.parse(line).get(element) == simdjson::SUCCESS);
    Record record;
    // Absent on kept records outside clusters: the -1 defaults stay.
    if (element["cluster_id"].get(record.cluster_id) != simdjson::SUCCESS) record.cluster_id = -1;
    if (element["cluster_size"].get(record.cluster_size) != simdjson::SUCCESS) record.cluster_size = -1;
    records[std::string(element["id"].get_string().value())] = record;
  }
  for (const std::string& line : outputs.rejects) {
    simdjson::dom::element element;
    if (parser.parse(line).get(element) != simdjson::SUCCESS) continue;
    std::string_view stage, id;
    if (element["winnow"]["stage"].get(stage) != simdjson::SUCCESS || stage != "dedup") continue;
    REQUIRE(element["id"].get(id) == simdjson::SUCCESS);
    Record record;
    record.reason = std::string(element["winnow"]["reason"].get_string().value());
    record.duplicate_of = std::string(element["winnow"]["duplicate_of"].get_string().value());
    REQUIRE(element["winnow"]["cluster"].get(record.cluster) == simdjson::SUCCESS);
    REQUIRE(element["winnow"]["cluster_size"].get(record.cluster_size) == simdjson::SUCCESS);
    records[std::string(id)] = record;
  }
  return records;
}

std::string line(const std::string& id, const std::string& text, const std::string& url, const std::string& score) {
  std::string out = "{\"id\":\"" + id + "\",\"text\":\"" + text + "\",\"url\":\"" + url + "\"";
  if (!score.empty()) out += ",\"quality_score\":" + score;
  return out + "}\n";
}

}  // namespace

TEST_CASE("keep field picks the highest value per connected component, ties and missing values by input order") {
  TempDir dir;
  const std::string t1 = "the first text is about rivers and the boats that sail on them every summer";
  const std::string t2 = "a second and unrelated page lists recipes for bread cakes and small biscuits";
  const std::string t3 = "third document describing the rules of chess openings middle games and endings";
  const std::string t4 = "fourth one tells of mountain trails huts and the weather high above the valleys";
  const std::string t5 = "fifth entry explains how compilers turn source code into machine instructions";
  const std::string t6 = "sixth and last piece is a short poem about the sea the moon and the tides";
  // a1 = a2 (exact), a2 ~ a3 (same URL): one component of three, joined through a2, although a1 and a3 share
  // nothing; its survivor a2 comes after a1.
  write_file(dir / "in.jsonl",
             line("a1", t1, "u1", "0.5") + line("a2", t1, "u2", "0.9") + line("a3", t2, "u2", "0.7") +
                 line("b1", t3, "u3", "") + line("b2", t3, "u4", "\"high\"") +  // no number: a tie at -infinity
                 line("c1", t4, "u5", "2") + line("c2", t4, "u6", "2.0") +        // a tie
                 line("d1", t5, "u7", "1e1") + line("d2", t5, "u8", "-3") + line("e1", t6, "u9", "1"));
  const std::string yaml =
      "dedup:\n  url_field: url\n  keep: field\n  keep_field: quality_score\n  annotate_kept_clusters: true\n";
  const CommandResult result = run(dir, {dir / "in.jsonl"}, yaml, "out", {});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const auto records = records_of(check_outputs(dir / "out"));
  REQUIRE(records.size() == 10);

  // Kept documents are numbered a2 0, b1 1, c1 2, d1 3, e1 4: the cluster numbers.
  struct Expected {
    const char* id;
    const char* duplicate_of;  // nullptr: kept
    std::int64_t cluster;
    std::int64_t size;
  };
  for (const Expected& expected : {Expected{"a1", "a2", 0, 3}, Expected{"a2", nullptr, 0, 3},
                                   Expected{"a3", "a2", 0, 3}, Expected{"b1", nullptr, 1, 2}, Expected{"b2", "b1", 1, 2},
                                   Expected{"c1", nullptr, 2, 2}, Expected{"c2", "c1", 2, 2},
                                   Expected{"d1", nullptr, 3, 2}, Expected{"d2", "d1", 3, 2}}) {
    CAPTURE(expected.id);
    const Record& record = records.at(expected.id);
    if (expected.duplicate_of) {
      CHECK(record.reason == "cluster_duplicate");
      CHECK(record.duplicate_of == expected.duplicate_of);
      CHECK(record.cluster == expected.cluster);
    } else {
      CHECK(record.reason.empty());
      CHECK(record.cluster_id == expected.cluster);
    }
    CHECK(record.cluster_size == expected.size);
  }
  // A document without duplicates is kept without annotation.
  CHECK(records.at("e1").reason.empty());
  CHECK(records.at("e1").cluster_id == -1);
  CHECK(records.at("e1").cluster_size == -1);
}

TEST_CASE("keep longest on sample_data keeps the longest member of each cluster") {
  TempDir dir;
  const std::string yaml = "dedup:\n  keep: longest\n  annotate_kept_clusters: true\n";
  const CommandResult result = run(dir, {kSampleData}, yaml, "two", {"--memory-limit", "32K"}, 2);
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const RunOutputs outputs = check_outputs(dir / "two");
  const auto records = records_of(outputs);
  const auto texts = winnow::dedup::test::texts_by_id(
      {kSampleData + "/web-00.jsonl.zst", kSampleData + "/web-02.jsonl"});  // the gz shard: ids web-01-* skipped

  std::map<std::string, std::int64_t> removed_per_survivor;
  std::map<std::int64_t, std::string> survivor_of_cluster;
  std::size_t compared = 0;
  for (const auto& [id, record] : records) {
    if (record.reason.empty()) continue;
    CAPTURE(id);
    REQUIRE(records.count(record.duplicate_of) == 1);
    const Record& survivor = records.at(record.duplicate_of);
    CHECK(survivor.reason.empty());  // the survivor is kept
    CHECK(survivor.cluster_id == record.cluster);
    CHECK(survivor.cluster_size == record.cluster_size);
    auto [it, inserted] = survivor_of_cluster.emplace(record.cluster, record.duplicate_of);
    CHECK(it->second == record.duplicate_of);  // one survivor per cluster
    ++removed_per_survivor[record.duplicate_of];
    if (texts.count(id) && texts.count(record.duplicate_of)) {
      CHECK(texts.at(id).size() <= texts.at(record.duplicate_of).size());
      ++compared;
    }
  }
  CHECK(compared > 100);
  CHECK(removed_per_survivor.size() > 300);
  for (const auto& [survivor, removed] : removed_per_survivor) {
    CHECK(records.at(survivor).cluster_size == removed + 1);
  }

  // Components contain keep: first's decisions: every document keep: first removes, and the document it
  // names, are in some cluster here.
  const CommandResult first = run(dir, {kSampleData}, "dedup: {}\n", "first", {});
  REQUIRE(first.exit_code == 0);
  simdjson::dom::parser parser;
  std::size_t first_removals = 0;
  for (const std::string& reject : check_outputs(dir / "first").rejects) {
    simdjson::dom::element element;
    std::string_view id, duplicate_of;
    if (parser.parse(reject).get(element) != simdjson::SUCCESS) continue;
    if (element["winnow"]["duplicate_of"].get(duplicate_of) != simdjson::SUCCESS) continue;
    REQUIRE(element["id"].get(id) == simdjson::SUCCESS);
    ++first_removals;
    CHECK(records.at(std::string(id)).cluster_size >= 2);
    CHECK(records.at(std::string(duplicate_of)).cluster_size >= 2);
  }
  CHECK(first_removals > 600);

  // The same on one thread and another memory limit.
  REQUIRE(run(dir, {kSampleData}, yaml, "one", {"--memory-limit", "1G"}, 1).exit_code == 0);
  CHECK(check_outputs(dir / "one").kept == outputs.kept);
  CHECK(check_outputs(dir / "one").rejects == outputs.rejects);
}

TEST_CASE("keep longest or field runs staged: chosen automatically, refused with streaming asked for") {
  TempDir dir;
  write_file(dir / "in.jsonl", line("x1", "one two three four five six", "u", "1") +
                                   line("x2", "one two three four five six", "v", "2"));
  const CommandResult automatic = run(dir, {dir / "in.jsonl"}, "dedup:\n  keep: field\n", "auto", {});
  REQUIRE_MESSAGE(automatic.exit_code == 0, automatic.err);
  const auto records = records_of(check_outputs(dir / "auto"));
  CHECK(records.at("x1").duplicate_of == "x2");
  CHECK(read_file(dir / "auto/stats.json").find("\"reason\": \"dedup.keep other than first\"") != std::string::npos);

  const CommandResult flag =
      run(dir, {dir / "in.jsonl"}, "dedup:\n  keep: longest\n", "flag", {"--dedup-mode", "streaming"});
  CHECK(flag.exit_code == 2);
  CHECK(flag.err.find("dedup.keep: longest needs the staged mode") != std::string::npos);
  const CommandResult config =
      run(dir, {dir / "in.jsonl"}, "dedup:\n  keep: field\n  execution: streaming\n", "config", {});
  CHECK(config.exit_code == 2);
  CHECK(config.err.find("dedup.keep: field needs the staged mode") != std::string::npos);
}
