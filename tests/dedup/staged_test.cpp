// The staged (out-of-core) dedup mode end to end: for the same inputs and config it writes byte-identical
// kept/ and rejects/ shards and the same dedup numbers as the streaming mode, with a memory limit small enough
// that every external sort spills several runs; and how the mode is chosen (--dedup-mode, dedup.execution,
// --memory-limit).
#include <doctest/doctest.h>

#include <vector>
#include <simdjson.h>

#include <filesystem>
#include <map>

#include "dedup_test_support.h"
#include "support/test_support.h"

namespace {

using namespace winnow::test;
using winnow::dedup::test::shard_files;
namespace fs = std::filesystem;

const std::string kSampleData = std::string(WINNOW_SOURCE_DIR) + "/sample_data";

CommandResult run(const TempDir& dir, const std::string& yaml, const std::string& out_name,
                  std::vector<std::string> extra, int threads = 2) {
  write_file(dir / (out_name + ".yaml"), yaml);
  std::vector<std::string> args = {"run",      kSampleData, "--output", dir / out_name, "--config",
                                   dir / (out_name + ".yaml"), "--threads", std::to_string(threads), "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_winnow(args);
}

std::string member(simdjson::dom::element element, std::initializer_list<const char*> path) {
  for (const char* key : path) element = element[key];
  return simdjson::minify(element);
}

std::uint64_t parse_size(const std::string& text) { return std::stoull(text) << 10; }  // "32K"

struct Compared {
  simdjson::dom::element streaming_dedup;
  simdjson::dom::element staged_dedup;
};

// Runs streaming and staged on sample_data with `yaml`, checks the outputs agree, returns stats.json's
// stages.dedup.dedup of both.
void check_modes_agree(const std::string& yaml, simdjson::dom::parser& streaming_parser,
                       simdjson::dom::parser& staged_parser, Compared& compared,
                       const std::string& memory_limit = "32K") {
  TempDir dir;
  const CommandResult streaming = run(dir, yaml, "streaming", {"--dedup-mode", "streaming"});
  REQUIRE_MESSAGE(streaming.exit_code == 0, streaming.err);
  // 32 KB: the sorts get 8 KB, about 400 band records per run against 3,400 documents.
  const CommandResult staged = run(dir, yaml, "staged", {"--dedup-mode", "staged", "--memory-limit", memory_limit});
  REQUIRE_MESSAGE(staged.exit_code == 0, staged.err);
  const RunOutputs streaming_outputs = check_outputs(dir / "streaming");
  const RunOutputs staged_outputs = check_outputs(dir / "staged");

  const auto streaming_files = shard_files(dir / "streaming");
  const auto staged_files = shard_files(dir / "staged");
  CHECK(streaming_files.size() == 6);
  REQUIRE(streaming_files.size() == staged_files.size());
  for (const auto& [name, bytes] : streaming_files) {
    CAPTURE(name);
    REQUIRE(staged_files.count(name) == 1);
    CHECK(staged_files.at(name) == bytes);  // byte for byte: same records, same order, same annotations
  }
  CHECK(!fs::exists(dir / "staged/.dedup-staged"));  // the scratch folder is removed

  simdjson::dom::element streaming_stats, staged_stats;
  REQUIRE(streaming_parser.parse(streaming_outputs.stats).get(streaming_stats) == simdjson::SUCCESS);
  REQUIRE(staged_parser.parse(staged_outputs.stats).get(staged_stats) == simdjson::SUCCESS);
  CHECK(member(streaming_stats, {"totals"}) == member(staged_stats, {"totals"}));
  compared.streaming_dedup = streaming_stats["stages"]["dedup"]["dedup"];
  compared.staged_dedup = staged_stats["stages"]["dedup"]["dedup"];
  for (const char* key : {"documents", "kept", "exact_duplicates", "url_duplicates", "near_duplicates",
                          "without_signature", "rejected_by_verification", "clusters", "removed_by_source"}) {
    CAPTURE(key);
    CHECK(member(compared.streaming_dedup, {key}) == member(compared.staged_dedup, {key}));
  }
  CHECK(compared.streaming_dedup["staged"].error() == simdjson::NO_SUCH_FIELD);

  // The dedup report: the same numbers, apart from time and memory.
  simdjson::dom::parser a, b;
  simdjson::dom::element streaming_report, staged_report;
  const std::string streaming_json = read_file(dir / "streaming/dedup.json");
  const std::string staged_json = read_file(dir / "staged/dedup.json");
  REQUIRE(a.parse(streaming_json).get(streaming_report) == simdjson::SUCCESS);
  REQUIRE(b.parse(staged_json).get(staged_report) == simdjson::SUCCESS);
  for (const char* key : {"settings", "totals", "sources", "duplicates_matrix", "cluster_sizes", "largest_clusters",
                          "similarity_bins"}) {
    CAPTURE(key);
    CHECK(member(streaming_report, {key}) == member(staged_report, {key}));
  }
  // Time and memory per stage: one pass streaming; pass 1, buckets, sweep and pass 2 staged, each measured.
  auto stage_names = [](simdjson::dom::element report) {
    std::vector<std::string> names;
    for (const simdjson::dom::element stage : report["stages"].get_array()) {
      names.emplace_back(stage["name"].get_string().value());
      CHECK(stage["peak_rss_bytes"].get_uint64().value() > 0);
      CHECK(stage["seconds"].get_double().value() >= 0);
    }
    return names;
  };
  CHECK(stage_names(streaming_report) == std::vector<std::string>{"one pass (filters, signatures, index, outputs)"});
  CHECK(stage_names(staged_report) == std::vector<std::string>{"pass 1 (filters, signatures)", "buckets (external sorts)",
                                                              "sweep (keep first)", "pass 2 (filters, plan, outputs)"});

  // The sorts really spilled: each key space in several runs, merged.
  const simdjson::dom::element staged_info = compared.staged_dedup["staged"];
  CHECK(std::string_view(staged_info["reason"].get_string().value()) == "--dedup-mode staged");
  CHECK(staged_info["sort_memory_bytes"].get_uint64().value() == parse_size(memory_limit) / 4);
  // Key spaces: each band (documents with a signature), the exact hash and the URL (every document: all of
  // sample_data's records have a url).
  const std::uint64_t bands = compared.staged_dedup["lsh"]["bands"].get_uint64().value();
  const std::uint64_t whole_spaces = yaml.find("url_field") != std::string::npos ? 2 : 1;
  const std::uint64_t records_per_run = parse_size(memory_limit) / 4 / 20;
  const std::uint64_t documents = compared.staged_dedup["documents"].get_uint64().value();
  const std::uint64_t with_bands = documents - compared.staged_dedup["without_signature"].get_uint64().value();
  CHECK(with_bands > records_per_run);  // so every space is sorted in at least two runs, then merged
  auto runs = [&](std::uint64_t records) { return (records + records_per_run - 1) / records_per_run; };
  CHECK(staged_info["key_sort_runs"].get_uint64().value() == bands * runs(with_bands) + whole_spaces * runs(documents));
  CHECK(staged_info["key_sort_merge_passes"].get_uint64().value() >= 1);
  CHECK(staged_info["key_files_bytes"].get_uint64().value() > 0);
  MESSAGE("staged on sample_data: " << simdjson::minify(staged_info));
}

}  // namespace

TEST_CASE("staged and streaming dedup write byte-identical outputs on sample_data") {
  simdjson::dom::parser p1, p2;
  Compared compared;
  check_modes_agree("dedup:\n  mode: datatrove\n", p1, p2, compared);
  // The planted duplicates are found (the ground truth checks themselves are in run_test.cpp).
  CHECK(compared.staged_dedup["exact_duplicates"].get_uint64().value() >= 300);
  CHECK(compared.staged_dedup["near_duplicates"].get_uint64().value() >= 200);
}

TEST_CASE("staged and streaming agree with verification, URL dedup, the filters and fast mode") {
  simdjson::dom::parser p1, p2;
  Compared compared;
  SUBCASE("verification at a threshold that rejects candidates") {
    // 0.9: many planted near duplicates (1-5 words replaced) fall below it, so the sweep must try later
    // candidates and count rejections exactly as the index does.
    check_modes_agree("dedup:\n  verify: signature\n  verify_threshold: 0.9\n", p1, p2, compared);
    CHECK(compared.staged_dedup["rejected_by_verification"].get_uint64().value() > 0);
  }
  SUBCASE("URL duplicates and minhash-normalized exact hashes") {
    check_modes_agree("dedup:\n  url_field: url\n  exact_normalization: minhash\n", p1, p2, compared);
  }
  SUBCASE("after the web filters, in fast mode with small bands, per input") {
    // Filters drop documents before dedup, so pass 1 and pass 2 must number the same survivors; 20 x 3 makes
    // many candidates, including chance ones.
    check_modes_agree(
        "filters:\n  gopher_repetition: {}\n  gopher_quality: {}\n  c4_quality: {preset: datatrove, "
        "filter_no_terminal_punct: false}\n  fineweb_quality: {}\n"
        "dedup:\n  mode: fast\n  bands: 20\n  rows: 3\n  scope: input\n",
        p1, p2, compared, "16K");  // fewer documents reach dedup: 4 KB sorts (200 records per run)
    CHECK(compared.staged_dedup["near_duplicates"].get_uint64().value() > 0);
  }
}

TEST_CASE("staged output does not depend on the thread count") {
  TempDir dir;
  const std::string yaml = "dedup:\n  verify: signature\n";
  REQUIRE(run(dir, yaml, "one", {"--dedup-mode", "staged", "--memory-limit", "64K"}, 1).exit_code == 0);
  REQUIRE(run(dir, yaml, "two", {"--dedup-mode", "staged", "--memory-limit", "1M"}, 2).exit_code == 0);
  CHECK(shard_files(dir / "one") == shard_files(dir / "two"));
}

TEST_CASE("the dedup mode is chosen by --dedup-mode, dedup.execution and --memory-limit") {
  TempDir dir;
  simdjson::dom::parser parser;
  auto staged_reason = [&](const std::string& out_name) -> std::string {
    simdjson::dom::element stats;
    const std::string text = read_file(dir / (out_name + "/stats.json"));
    REQUIRE(parser.parse(text).get(stats) == simdjson::SUCCESS);
    std::string_view reason;
    if (stats["stages"]["dedup"]["dedup"]["staged"]["reason"].get(reason) != simdjson::SUCCESS) return "streaming";
    return std::string(reason);
  };
  // auto (the default): streaming without a limit or under a generous one, staged under a small one.
  REQUIRE(run(dir, "dedup: {}\n", "none", {}).exit_code == 0);
  CHECK(staged_reason("none") == "streaming");
  REQUIRE(run(dir, "dedup: {}\n", "generous", {"--memory-limit", "8G"}).exit_code == 0);
  CHECK(staged_reason("generous") == "streaming");
  REQUIRE(run(dir, "dedup: {}\n", "small", {"--memory-limit", "1M"}).exit_code == 0);
  CHECK(staged_reason("small").rfind("estimated streaming index ", 0) == 0);
  CHECK(staged_reason("small").find("> --memory-limit 1048576") != std::string::npos);
  // The config asks, the command line overrides.
  REQUIRE(run(dir, "dedup:\n  execution: staged\n", "config", {}).exit_code == 0);
  CHECK(staged_reason("config") == "dedup.execution: staged");
  REQUIRE(run(dir, "dedup:\n  execution: staged\n", "override", {"--dedup-mode", "streaming"}).exit_code == 0);
  CHECK(staged_reason("override") == "streaming");
  CHECK(shard_files(dir / "none") == shard_files(dir / "small"));

  // Refused with a message and exit status 2.
  const CommandResult bad_mode = run(dir, "dedup: {}\n", "bad", {"--dedup-mode", "sideways"});
  CHECK(bad_mode.exit_code == 2);
  CHECK(bad_mode.err.find("--dedup-mode must be streaming or staged") != std::string::npos);
  const CommandResult bad_size = run(dir, "dedup: {}\n", "bad", {"--memory-limit", "12Q"});
  CHECK(bad_size.exit_code == 2);
  CHECK(bad_size.err.find("--memory-limit must be a size") != std::string::npos);
  const CommandResult resume = run(dir, "dedup: {}\n", "config", {"--dedup-mode", "staged", "--resume"});
  CHECK(resume.exit_code == 2);
  CHECK(resume.err.find("--resume is not available with the staged dedup mode") != std::string::npos);
  const CommandResult no_dedup = run(dir, "filters: {}\n", "bad", {"--dedup-mode", "staged"});
  CHECK(no_dedup.exit_code == 2);
  CHECK(no_dedup.err.find("needs a dedup: section") != std::string::npos);
  const CommandResult bad_key = run(dir, "dedup:\n  execution: later\n", "bad", {});
  CHECK(bad_key.exit_code == 2);
  CHECK(bad_key.err.find("dedup.execution must be one of auto, streaming, staged") != std::string::npos);
}

TEST_CASE("a staged run that fails leaves no scratch folder") {
  TempDir dir;
  // sample_data has malformed lines: --strict stops pass 1 at the first one.
  const CommandResult strict = run(dir, "dedup: {}\n", "strict", {"--dedup-mode", "staged", "--strict"});
  CHECK(strict.exit_code == 1);
  CHECK(strict.err.find("--strict") != std::string::npos);
  CHECK(!fs::exists(dir / "strict/.dedup-staged"));
}
