#include <doctest/doctest.h>

#include <string>

#include "support/test_support.h"

namespace winnow::test {
namespace {

TEST_CASE("run with CJK filters: per-language thresholds by the record's language, the same for 1 and 2 threads") {
  TempDir dir;
  // The same Traditional Chinese text (lines of 8 characters) as zh, as en and without a language.
  const std::string text = "我們今天去北京看\\n他們明天回上海了";
  write_file(dir / "in.jsonl", "{\"id\":\"zh\",\"text\":\"" + text + "\",\"language\":\"zh\"}\n" +
                                   "{\"id\":\"en\",\"text\":\"" + text + "\",\"language\":\"en\"}\n" +
                                   "{\"id\":\"none\",\"text\":\"" + text + "\"}\n");
  write_file(dir / "pipeline.yaml",
             "filters:\n"
             "  t2s_formatter: {}\n"
             "  cjk_quality: {min_mean_line_length: 10}\n"
             "  languages:\n"
             "    zh: {cjk_quality: {min_mean_line_length: 5}}\n");
  std::string first_stats;
  for (const char* threads : {"1", "2"}) {
    const std::string out_dir = dir / (std::string("out") + threads);
    const CommandResult result = run_winnow(
        {"run", dir / "in.jsonl", "--output", out_dir, "--config", dir / "pipeline.yaml", "--threads", threads});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const RunOutputs out = check_outputs(out_dir);
    REQUIRE(out.kept.size() == 1);
    // Kept under zh's threshold, and converted to Simplified in place.
    CHECK(out.kept[0] == "{\"id\":\"zh\",\"text\":\"我们今天去北京看\\n他们明天回上海了\",\"language\":\"zh\"}");
    REQUIRE(out.rejects.size() == 2);
    for (const std::string& reject : out.rejects) {
      CHECK(reject.find("\"reason\":\"cjk_short_lines\"") != std::string::npos);
      // Decided by the defaults: the reject's own object names no language.
      const std::size_t winnow = reject.find("\"winnow\"");
      REQUIRE(winnow != std::string::npos);
      CHECK(reject.find("\"language\"", winnow) == std::string::npos);
    }
    CHECK(out.stats.find("\"cjk_short_lines\": 2") != std::string::npos);
    if (first_stats.empty()) {
      first_stats = stats_without_timing(out.stats);
    } else {
      CHECK(stats_without_timing(out.stats) == first_stats);
    }
  }
}

}  // namespace
}  // namespace winnow::test
