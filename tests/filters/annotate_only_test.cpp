// filters: {annotate_only: true}: every family measures and annotates, nothing is dropped, and each signal is the
// value the drop mode's reject reports for the same document.
#include <doctest/doctest.h>

#include <simdjson.h>

#include <map>
#include <string>

#include "filters/filter_factory.h"
#include "support/test_support.h"

namespace winnow::test {
namespace {

// C4 last: the families before it see the original text in both modes (C4 rewrites only in drop mode). The
// formatters rewrite in both modes; bad_words reads a list the test writes (words.txt beside the config).
constexpr const char* kFamilies =
    "  control_chars_formatter:\n  pii_formatter: {}\n  bad_words: {words_file: words.txt, min_matched_terms: 3}\n"
    "  gopher_quality: {}\n  gopher_repetition: {}\n  fineweb_quality: {}\n  c4_quality: {}\n";

std::string sample_data() { return std::string(WINNOW_SOURCE_DIR) + "/sample_data"; }

TEST_CASE("annotate_only: every record is kept with every family's signals, equal to what drop mode reports") {
  TempDir dir;
  write_file(dir / "words.txt", "linux\nthe\nkernel\nfile\n");
  write_file(dir / "drop.yaml", std::string("filters:\n") + kFamilies);
  write_file(dir / "annotate.yaml", std::string("filters:\n") + kFamilies + "  annotate_only: true\n");
  const CommandResult dropped = run_winnow({"run", sample_data(), "--output", dir / "drop", "--config",
                                            dir / "drop.yaml", "--threads", "2"});
  REQUIRE_MESSAGE(dropped.exit_code == 0, dropped.err);
  const CommandResult annotated = run_winnow({"run", sample_data(), "--output", dir / "annotate", "--config",
                                              dir / "annotate.yaml", "--threads", "2"});
  REQUIRE_MESSAGE(annotated.exit_code == 0, annotated.err);
  const RunOutputs drop = check_outputs(dir / "drop");
  const RunOutputs annotate = check_outputs(dir / "annotate");

  CHECK(Ledger::sum(annotate.totals.dropped) == 0);
  CHECK(annotate.totals.kept == drop.totals.kept + Ledger::sum(drop.totals.dropped));
  CHECK(annotate.stats.find("\"annotate_only\": true") != std::string::npos);

  // id -> winnow_signals object, and the text, of every annotated record.
  simdjson::dom::parser parser;
  std::map<std::string, std::string> signals_by_id;
  for (const std::string& line : annotate.kept) {
    const simdjson::dom::element record = parser.parse(line);
    const std::string id{std::string_view(record["id"])};
    simdjson::dom::element signals;
    REQUIRE_MESSAGE(record["winnow_signals"].get(signals) == simdjson::SUCCESS, line.substr(0, 200));
    for (const char* family : {"bad_words", "gopher_quality", "gopher_repetition", "fineweb_quality", "c4_quality"}) {
      CHECK_MESSAGE(signals[family].error() == simdjson::SUCCESS, family);
    }
    signals_by_id[id] = simdjson::minify(signals);
  }

  // Each reject of the drop run: the annotated record's family object names the same reason under "drop" and
  // holds the reject's value (or C4's line) under that reason.
  std::size_t compared = 0;
  simdjson::dom::parser signals_parser;
  for (const std::string& line : drop.rejects) {
    const simdjson::dom::element reject = parser.parse(line);
    const simdjson::dom::element note = reject["winnow"];
    std::string_view stage, reason;
    if (note["stage"].get(stage) != simdjson::SUCCESS || note["reason"].get(reason) != simdjson::SUCCESS) continue;
    if (stage == "parse") continue;  // records without text never reach a filter
    std::string_view id;
    if (reject["id"].get(id) != simdjson::SUCCESS) continue;
    const auto found = signals_by_id.find(std::string(id));
    REQUIRE_MESSAGE(found != signals_by_id.end(), id);
    const simdjson::dom::element family = signals_parser.parse(found->second)[stage];
    CHECK_MESSAGE(std::string_view(family["drop"]) == reason, id);
    double expected = 0;
    if (note["value"].get(expected) != simdjson::SUCCESS && note["text_line"].get(expected) != simdjson::SUCCESS) {
      continue;  // a rule without a value (fineweb_empty)
    }
    CHECK_MESSAGE(double(family[reason]) == expected, id, " ", reason);
    ++compared;
  }
  CHECK(compared > 10);
  CHECK(drop.totals.dropped.count("bad_words") == 1);
}

TEST_CASE("annotate_only: C4 leaves the text as it was read") {
  TempDir dir;
  write_file(dir / "in.jsonl",
             "{\"id\":\"a\",\"text\":\"A line without terminal punctuation\\nThe cat sat on the mat. It was happy.\"}\n");
  write_file(dir / "annotate.yaml", "filters:\n  annotate_only: true\n  c4_quality: {}\n");
  const CommandResult result =
      run_winnow({"run", dir / "in.jsonl", "--output", dir / "out", "--config", dir / "annotate.yaml"});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const RunOutputs out = check_outputs(dir / "out");
  REQUIRE(out.kept.size() == 1);
  CHECK(out.kept[0].find("A line without terminal punctuation\\nThe cat") != std::string::npos);
  CHECK(out.kept[0].find("\"winnow_signals\":{\"c4_quality\":{\"c4_too_few_sentences\":2,") != std::string::npos);
  CHECK(out.kept[0].find("\"removed_no_terminal_punct\":1") != std::string::npos);
  CHECK(out.kept[0].find("\"drop\":\"c4_too_few_sentences\"") != std::string::npos);
}

TEST_CASE("annotate_only: must be a boolean") {
  CHECK_THROWS(make_filters(parse_config("filters:\n  annotate_only: maybe\n  c4_quality: {}\n", "t.yaml")));
}

}  // namespace
}  // namespace winnow::test
