#include <doctest/doctest.h>

#include <string>

#include "support/test_support.h"

namespace winnow::test {
namespace {

TEST_CASE("run with filters: sample_data through all four families keeps the ledger and explains each reject") {
  TempDir dir;
  write_file(dir / "pipeline.yaml",
             "filters:\n  c4_quality: {}\n  gopher_repetition: {}\n  gopher_quality: {}\n  fineweb_quality: {}\n");
  const CommandResult result = run_winnow({"run", std::string(WINNOW_SOURCE_DIR) + "/sample_data", "--output",
                                           dir / "out", "--config", dir / "pipeline.yaml", "--threads", "2"});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const RunOutputs out = check_outputs(dir / "out");
  CHECK(out.totals.kept > 0);
  CHECK(out.totals.read > out.totals.kept);
  CHECK(out.stats.find("\"c4_too_few_sentences\"") != std::string::npos);
  CHECK(out.stats.find("\"gopher_quality\"") != std::string::npos);
  std::size_t explained = 0;
  for (const std::string& reject : out.rejects) {
    if (reject.find("\"stage\":\"gopher_quality\"") == std::string::npos) continue;
    CHECK(reject.find("\"value\":") != std::string::npos);
    ++explained;
  }
  CHECK(explained > 0);
}

TEST_CASE("run with filters: the output is identical for 1 and 2 threads") {
  TempDir dir;
  write_file(dir / "pipeline.yaml", "filters:\n  c4_quality: {}\n  gopher_quality: {}\n");
  const std::string input = std::string(WINNOW_SOURCE_DIR) + "/sample_data";
  REQUIRE(run_winnow({"run", input, "--output", dir / "a", "--config", dir / "pipeline.yaml", "--threads", "1"})
              .exit_code == 0);
  REQUIRE(run_winnow({"run", input, "--output", dir / "b", "--config", dir / "pipeline.yaml", "--threads", "2"})
              .exit_code == 0);
  const RunOutputs a = check_outputs(dir / "a");
  const RunOutputs b = check_outputs(dir / "b");
  CHECK(a.kept == b.kept);
  CHECK(a.rejects == b.rejects);
  CHECK(stats_without_timing(a.stats) == stats_without_timing(b.stats));
}

TEST_CASE("run with formatters: every record is kept, the rewritten ones in place, the same for 1 and 2 threads") {
  TempDir dir;
  write_file(dir / "in.jsonl",
             "{\"id\":\"a\",\"text\":\"mail me: a.b@example.org\\r\\n=====\\nfrom 8.8.8.8 or 10.0.0.1\\u0007\",\"n\":1}\n"
             "{\"id\":\"b\",\"text\":\"nothing to change\",\"n\":2}\n");
  write_file(dir / "pipeline.yaml",
             "filters:\n  control_chars_formatter:\n  pii_formatter: {}\n  symbol_lines_formatter: {}\n");
  for (const char* threads : {"1", "2"}) {
    const std::string out_dir = dir / (std::string("out") + threads);
    const CommandResult result = run_winnow(
        {"run", dir / "in.jsonl", "--output", out_dir, "--config", dir / "pipeline.yaml", "--threads", threads});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const RunOutputs out = check_outputs(out_dir);
    REQUIRE(out.kept.size() == 2);
    CHECK(out.kept[0] == "{\"id\":\"a\",\"text\":\"mail me: email@example.com\\nfrom 0.0.0.0 or 10.0.0.1\",\"n\":1}");
    CHECK(out.kept[1] == "{\"id\":\"b\",\"text\":\"nothing to change\",\"n\":2}");
    CHECK(out.stats.find("\"emails_replaced\": 1") != std::string::npos);
  }
}

}  // namespace
}  // namespace winnow::test
