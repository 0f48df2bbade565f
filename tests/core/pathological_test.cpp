// Hostile documents through the whole pipeline (every filter family, dedup, the tokenizer): each finishes in
// bounded time and memory with a defined outcome. The time bounds are generous on purpose: they catch a
// quadratic blow-up (which would take hours), not a slow machine.
#include <doctest/doctest.h>

#include <chrono>

#include "support/test_support.h"

using namespace winnow;
using namespace winnow::test;

namespace {

constexpr const char* kEverything =
    "filters:\n"
    "  pii_formatter: {}\n"
    "  control_chars_formatter: {}\n"
    "  symbol_lines_formatter: {}\n"
    "  gopher_repetition: {}\n"
    "  gopher_quality: {}\n"
    "  c4_quality: {preset: datatrove}\n"
    "  fineweb_quality: {}\n"
    "dedup:\n"
    "  mode: fast\n"
    "tokenizer:\n"
    "  encoding: cl100k_base\n";

struct Outcome {
  RunOutputs outputs;
  double seconds = 0;
  long peak_rss_kb = 0;
};

Outcome run_everything(const TempDir& dir, const std::string& records) {
  write_file(dir / "in/hostile.jsonl", records);
  write_file(dir / "all.yaml", kEverything);
  const auto start = std::chrono::steady_clock::now();
  const CommandResult result = run_winnow(
      {"run", dir / "in", "--output", dir / "out", "--config", dir / "all.yaml", "--threads", "2", "--no-progress"});
  Outcome outcome;
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  outcome.peak_rss_kb = result.peak_rss_kb;
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  outcome.outputs = check_outputs(dir / "out");
  MESSAGE(outcome.seconds << " s, peak RSS " << outcome.peak_rss_kb / 1024 << " MiB");
  CHECK(outcome.seconds < 120);
  if (kMemoryBoundsMeasurable) CHECK(outcome.peak_rss_kb < 1536 * 1024);
  return outcome;
}

std::string record(const std::string& text_json, const std::string& extra = "") {
  return "{\"id\":\"x\",\"text\":\"" + text_json + "\"" + extra + "}\n";
}

}  // namespace

TEST_CASE("one 10 MB word goes through every stage in bounded time and memory") {
  TempDir dir;
  const Outcome outcome = run_everything(dir, record(std::string(10u << 20, 'a')) + record("a normal short text"));
  CHECK(outcome.outputs.totals.read == 2);
}

TEST_CASE("a document of one million short lines goes through every stage in bounded time and memory") {
  TempDir dir;
  std::string lines;
  for (int i = 0; i < 1000000; ++i) lines += (i % 3 == 0) ? "ab\\n" : "x.\\n";
  const Outcome outcome = run_everything(dir, record(lines));
  CHECK(outcome.outputs.totals.read == 1);
}

TEST_CASE("deeply nested metadata: valid up to simdjson's depth limit, json_too_deep past it, never slow") {
  TempDir dir;
  const std::string deep_ok = std::string(1000, '[') + std::string(1000, ']');
  const std::string too_deep = std::string(100000, '[') + std::string(100000, ']');
  const Outcome outcome = run_everything(dir, record("text with nested metadata", ",\"meta\":" + deep_ok) +
                                                  record("text with absurd metadata", ",\"meta\":" + too_deep));
  CHECK(outcome.outputs.totals.read == 2);
  CHECK(outcome.outputs.totals.errors.at("json_too_deep") == 1);
}
