#include <doctest/doctest.h>

#include <map>
#include <string>

#include "support/test_support.h"

namespace winnow::test {
namespace {

// The value of the record's "url" field as written (sample_data's URLs have no escapes), or "".
std::string url_of(const std::string& line) {
  const std::size_t start = line.find("\"url\":\"");
  if (start == std::string::npos) return "";
  const std::size_t from = start + 7;
  return line.substr(from, line.find('"', from) - from);
}

std::size_t count_of(const std::vector<std::string>& lines, const std::string& needle) {
  std::size_t n = 0;
  for (const std::string& line : lines) n += line.find(needle) != std::string::npos;
  return n;
}

// Needs the fetched LDNOOBW lists (`make data`), like the bad_words test that loads them.
TEST_CASE("run with language_id, url_filter and bad_words lists: labels, reasons, ledger, same for 1 and 2 threads") {
  TempDir dir;
  write_file(dir / "domains.txt", "example.net\n");
  write_file(dir / "soft.txt", "free\ncredits\ndeposit\ninstant\n");
  write_file(dir / "pipeline.yaml",
             "filters:\n"
             "  language_id: {label_only: true}\n"
             "  url_filter: {domains_file: domains.txt, soft_banned_words_file: soft.txt}\n"
             "  bad_words: {lists: all}\n");
  const std::string input = std::string(WINNOW_SOURCE_DIR) + "/sample_data";
  std::map<std::string, RunOutputs> runs;
  for (const char* threads : {"1", "2"}) {
    const std::string out = dir / (std::string("out") + threads);
    const CommandResult result =
        run_winnow({"run", input, "--output", out, "--config", dir / "pipeline.yaml", "--threads", threads});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    runs[threads] = check_outputs(out);
  }
  const RunOutputs& out = runs["1"];
  CHECK(out.kept == runs["2"].kept);
  CHECK(out.rejects == runs["2"].rejects);
  CHECK(stats_without_timing(out.stats) == stats_without_timing(runs["2"].stats));

  REQUIRE(out.kept.size() > 100);
  CHECK(count_of(out.kept, "\"language\":\"") == out.kept.size());  // every kept record is labelled
  CHECK(count_of(out.kept, "\"language_score\":") == out.kept.size());
  CHECK(count_of(out.kept, "\"language\":\"en\"") > 0);
  CHECK(count_of(out.kept, "\"language\":\"de\"") > 0);  // sample_data holds German man pages and fortunes
  // Every example.net host is gone, each reject naming the listed domain.
  std::size_t kept_with_url = 0;
  for (const std::string& line : out.kept) {
    const std::string url = url_of(line);
    kept_with_url += !url.empty();
    CHECK_MESSAGE(url.find(".example.net/") == std::string::npos, url);
  }
  CHECK(kept_with_url > 100);
  const std::size_t by_domain = count_of(out.rejects, "\"reason\":\"url_domain_blocklist\"");
  CHECK(by_domain > 0);
  CHECK(count_of(out.rejects, "\"domain\":\"example.net\"") == by_domain);
  CHECK(count_of(out.rejects, "\"reason\":\"url_soft_banned_words\"") > 0);
  CHECK(count_of(out.rejects, "\"reason\":\"bad_words\"") > 0);
  CHECK(out.stats.find("\"documents_by_language\"") != std::string::npos);
  CHECK(out.stats.find("\"language_from\"") != std::string::npos);
}

}  // namespace
}  // namespace winnow::test
