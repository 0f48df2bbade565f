// End-to-end behaviour of `winnow run`: determinism across thread counts, resume, the CLI's contract.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <random>

#include "support/test_support.h"

using namespace winnow;
using namespace winnow::test;
namespace fs = std::filesystem;

namespace {

// A corpus of several inputs in all three encodings, with bad lines sprinkled in, deterministic.
void write_corpus(const TempDir& dir) {
  std::mt19937 random(20261128);
  const char* words[] = {"alpha", "beta", "gamma", "delta", "\\u00e9t\\u00e9", "\\\"q\\\"", "\\n", "zh\\u4e2d\\u6587"};
  for (int file = 0; file < 4; ++file) {
    std::string text;
    for (int i = 0; i < 3000; ++i) {
      if (random() % 97 == 0) {
        text += "{\"broken\": \n";
        continue;
      }
      text += "{\"id\":\"f" + std::to_string(file) + "-" + std::to_string(i) + "\",\"text\":\"";
      const int length = static_cast<int>(random() % 60);
      for (int w = 0; w < length; ++w) text += std::string(words[random() % 8]) + " ";
      text += "\",\"meta\":{\"n\":" + std::to_string(random() % 1000) + "}}\n";
    }
    const std::string stem = dir / ("corpus/part-" + std::to_string(file));
    if (file % 3 == 0) write_file(stem + ".jsonl.zst", zstd_compress(text));
    if (file % 3 == 1) write_file(stem + ".jsonl.gz", gzip_compress(text));
    if (file % 3 == 2) write_file(stem + ".jsonl", text);
  }
  // Small batches, so that many batches are in flight and any ordering bug would show.
  write_file(dir / "small-batches.yaml", "pipeline:\n  batch_bytes: 8192\n");
}

std::map<std::string, std::string> output_files(const std::string& out) {
  std::map<std::string, std::string> files;
  for (const char* sub : {"kept", "rejects"}) {
    for (const auto& entry : fs::directory_iterator(out + "/" + sub)) {
      files[std::string(sub) + "/" + entry.path().filename().string()] = read_file(entry.path().string());
    }
  }
  return files;
}

CommandResult run(const TempDir& dir, const std::string& out, std::vector<std::string> extra) {
  std::vector<std::string> args{"run", dir / "corpus", "--output", dir / out, "--config", dir / "small-batches.yaml",
                                "--no-progress"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_winnow(args);
}

}  // namespace

TEST_CASE("output is byte-identical whatever the thread count") {
  TempDir dir;
  write_corpus(dir);
  const CommandResult one = run(dir, "one", {"--threads", "1"});
  const CommandResult two = run(dir, "two", {"--threads", "2"});
  const CommandResult eight = run(dir, "eight", {"--threads", "8"});
  REQUIRE(one.exit_code == 0);
  REQUIRE(two.exit_code == 0);
  REQUIRE(eight.exit_code == 0);
  const RunOutputs reference = check_outputs(dir / "one");
  check_outputs(dir / "two");
  check_outputs(dir / "eight");
  CHECK(reference.totals.read == 12000);
  CHECK(reference.totals.errors.at("invalid_json") > 0);
  const auto files = output_files(dir / "one");
  CHECK(files.size() == 8);
  CHECK(files == output_files(dir / "two"));
  CHECK(files == output_files(dir / "eight"));
  CHECK(stats_without_timing(reference.stats) == stats_without_timing(read_file(dir / "two/stats.json")));
}

TEST_CASE("kept output holds the input records, in input order, unchanged") {
  TempDir dir;
  write_corpus(dir);
  REQUIRE(run(dir, "out", {}).exit_code == 0);
  const RunOutputs outputs = check_outputs(dir / "out");
  const auto original = lines_of(read_file(dir / "corpus/part-2.jsonl"));
  const auto kept = lines_of(zstd_decompress_file(dir / "out/kept/part-2.jsonl.zst"));
  std::vector<std::string> expected;
  for (const auto& line : original) {
    if (line.rfind("{\"broken\"", 0) != 0) expected.push_back(line);
  }
  CHECK(kept == expected);
}

TEST_CASE("--resume skips completed inputs and redoes an interrupted one to the same bytes") {
  TempDir dir;
  write_corpus(dir);
  REQUIRE(run(dir, "clean", {}).exit_code == 0);
  REQUIRE(run(dir, "resumed", {}).exit_code == 0);
  // Simulate a run killed while writing part-1: its marker gone, a torn temp file and a stale kept file.
  fs::remove(dir / "resumed/.done/part-1");
  write_file(dir / "resumed/kept/part-1.jsonl.zst.tmp.99999", "torn");
  write_file(dir / "resumed/kept/part-1.jsonl.zst", "stale");
  const CommandResult again = run(dir, "resumed", {"--resume"});
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  CHECK(again.out.find("3 already done, resumed") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "resumed/kept/part-1.jsonl.zst.tmp.99999"));
  CHECK(output_files(dir / "clean") == output_files(dir / "resumed"));
  const RunOutputs resumed = check_outputs(dir / "resumed");
  const RunOutputs clean = check_outputs(dir / "clean");
  CHECK(resumed.totals.read == clean.totals.read);
  CHECK(resumed.totals.kept == clean.totals.kept);
  CHECK(resumed.totals.errors == clean.totals.errors);
}

TEST_CASE("--resume redoes an input whose marker is there but whose shard was deleted") {
  TempDir dir;
  write_corpus(dir);
  REQUIRE(run(dir, "out", {}).exit_code == 0);
  const std::string before = read_file(dir / "out/kept/part-3.jsonl.zst");
  fs::remove(dir / "out/kept/part-3.jsonl.zst");
  const CommandResult again = run(dir, "out", {"--resume"});
  REQUIRE(again.exit_code == 0);
  CHECK(again.out.find("3 already done, resumed") != std::string::npos);
  CHECK(read_file(dir / "out/kept/part-3.jsonl.zst") == before);
  check_outputs(dir / "out");
}

TEST_CASE("--resume redoes inputs completed under a different config") {
  TempDir dir;
  write_corpus(dir);
  REQUIRE(run(dir, "out", {}).exit_code == 0);
  write_file(dir / "small-batches.yaml", "pipeline:\n  batch_bytes: 8192\noutput:\n  compression_level: 5\n");
  const CommandResult again = run(dir, "out", {"--resume"});
  REQUIRE(again.exit_code == 0);
  CHECK(again.out.find("already done") == std::string::npos);
  check_outputs(dir / "out");
}

TEST_CASE("write_rejects: false counts rejects without writing them") {
  TempDir dir;
  write_corpus(dir);
  write_file(dir / "small-batches.yaml", "output:\n  write_rejects: false\n");
  REQUIRE(run(dir, "out", {}).exit_code == 0);
  const RunOutputs outputs = check_outputs(dir / "out", false);
  CHECK(outputs.totals.errors.at("invalid_json") > 0);
  CHECK_FALSE(fs::exists(dir / "out/rejects/part-0.jsonl.zst"));
}

TEST_CASE("the command line: help, usage errors and config errors") {
  const CommandResult help = run_winnow({"run", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--strict") != std::string::npos);
  CHECK(run_winnow({"run"}).exit_code == 2);
  CHECK(run_winnow({"frobnicate"}).exit_code == 2);
  TempDir dir;
  write_file(dir / "a.jsonl", "{\"text\":\"x\"}\n");
  CHECK(run_winnow({"run", dir / "a.jsonl"}).err.find("--output DIR is required") != std::string::npos);
  CHECK(run_winnow({"run", dir / "a.jsonl", "-o", dir / "o", "--threads", "zero"}).exit_code == 2);
  write_file(dir / "bad.yaml", "input:\n  text_kee: body\n");
  const CommandResult bad = run_winnow({"run", dir / "a.jsonl", "-o", dir / "o", "-c", dir / "bad.yaml"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find(dir / "bad.yaml" + ":2: unknown key 'input.text_kee'") != std::string::npos);
  CHECK(run_winnow({"run", dir / "missing.jsonl", "-o", dir / "o"}).exit_code == 2);
}

TEST_CASE("sample_data/ runs clean: every record accounted for") {
  TempDir dir;
  const std::string samples = std::string(WINNOW_SOURCE_DIR) + "/sample_data";
  REQUIRE_MESSAGE(fs::exists(samples), "sample_data/ is missing");
  const CommandResult result = run_winnow({"run", samples, "--output", dir / "out", "--no-progress"});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const RunOutputs outputs = check_outputs(dir / "out");
  CHECK(outputs.totals.read >= 3000);
  CHECK(Ledger::sum(outputs.totals.errors) > 0);  // sample_data plants malformed lines on purpose
}

TEST_CASE("--progress draws files, records, MB, MB/s and ETA on stderr") {
  TempDir dir;
  write_corpus(dir);
  const CommandResult result = run(dir, "out", {"--progress"});
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.find("files 4/4") != std::string::npos);
  CHECK(result.err.find("records 12000") != std::string::npos);
  CHECK(result.err.find("MB/s") != std::string::npos);
  CHECK(result.err.find("ETA") != std::string::npos);
  CHECK(run(dir, "quiet", {}).err.find("ETA") == std::string::npos);  // --no-progress is in run()
}
