// Signal histograms in stats.json (filters/signal_histogram.h, filters/signal_recorder.h) and `winnow stats`.
#include <doctest/doctest.h>

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "filters/filter_factory.h"
#include "filters/signal_histogram.h"
#include "support/test_support.h"

namespace winnow::test {
namespace {

using filters::Bound;
using filters::SignalHistogram;
using filters::SignalKind;
using filters::SignalThreshold;

constexpr const char* kFamilies =
    "  gopher_quality: {}\n  gopher_repetition: {}\n  fineweb_quality: {}\n  c4_quality: {}\n";

std::string sample_data() { return std::string(WINNOW_SOURCE_DIR) + "/sample_data"; }

RunOutputs run_with(const TempDir& dir, const std::string& name, const std::string& yaml, const char* threads) {
  write_file(dir / (name + ".yaml"), yaml);
  const CommandResult result = run_winnow({"run", sample_data(), "--output", dir / name, "--config",
                                           dir / (name + ".yaml"), "--threads", threads, "--no-progress"});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  return check_outputs(dir / name);
}

// One histogram as stats.json holds it.
struct Written {
  std::string bound;
  double threshold = 0;
  std::uint64_t documents = 0, nan = 0;
  std::vector<double> edges;
  std::vector<std::uint64_t> counts;
  std::size_t bin_of(double v) const {  // bin i is [edges[i-1], edges[i])
    std::size_t bin = 0;
    while (bin < edges.size() && edges[bin] <= v) ++bin;
    return bin;
  }
};

// family -> signal -> histogram, from stats.json's stages.filters.
std::map<std::string, std::map<std::string, Written>> histograms_of(const std::string& stats) {
  std::map<std::string, std::map<std::string, Written>> out;
  simdjson::dom::parser parser;
  const simdjson::dom::element root = parser.parse(stats);
  for (const auto [family, body] : simdjson::dom::object(root["stages"]["filters"])) {
    simdjson::dom::object signals;
    if (body["signal_histograms"].get(signals)) continue;
    for (const auto [key, h] : signals) {
      Written w;
      w.documents = std::uint64_t(h["documents"]);
      w.nan = std::uint64_t(h["nan"]);
      if (!h["threshold"].is_null()) {
        w.bound = std::string(std::string_view(h["threshold"]["bound"]));
        w.threshold = double(h["threshold"]["value"]);
      }
      for (const simdjson::dom::element e : simdjson::dom::array(h["edges"])) w.edges.push_back(double(e));
      for (const simdjson::dom::element c : simdjson::dom::array(h["counts"])) w.counts.push_back(std::uint64_t(c));
      out[std::string(family)][std::string(key)] = w;
    }
  }
  return out;
}

TEST_CASE("a histogram's bins are fixed, hold the threshold as an edge, and count exactly what the rule drops") {
  SignalHistogram below(SignalKind::fraction, SignalThreshold{Bound::min, 0.8});
  SignalHistogram above(SignalKind::fraction, SignalThreshold{Bound::max, 0.3});
  SignalHistogram at_least(SignalKind::count, SignalThreshold{Bound::at_least, 3});
  const std::vector<double> values = {0, 0, 0.1, 0.3, 0.3, std::nextafter(0.3, 1.0), 0.79, 0.8, 0.95, 1, 7, 3, 2.5};
  for (const double v : values) {
    below.add(v);
    above.add(v);
    at_least.add(v);
  }
  below.add(std::nan(""));
  std::uint64_t below_expected = 0, above_expected = 0, at_least_expected = 0;
  for (const double v : values) {
    below_expected += v < 0.8;
    above_expected += v > 0.3;
    at_least_expected += v >= 3;
  }
  CHECK(below.beyond_threshold() == below_expected);
  CHECK(above.beyond_threshold() == above_expected);
  CHECK(at_least.beyond_threshold() == at_least_expected);
  CHECK(below.documents() == values.size() + 1);
  CHECK(below.nan() == 1);
  CHECK(above.documents() == values.size());
  // Exactly 0 has its own bin; so does the threshold value.
  const auto& edges = above.edges();
  CHECK(std::count(edges.begin(), edges.end(), 0.3) == 1);
  CHECK(std::count(edges.begin(), edges.end(), std::nextafter(0.3, 1.0)) == 1);
  const auto zero_bin = std::upper_bound(edges.begin(), edges.end(), 0.0) - edges.begin();
  CHECK(above.counts()[static_cast<std::size_t>(zero_bin)] == 2);
  // Counts add: two halves merged equal the whole.
  SignalHistogram first(SignalKind::fraction, SignalThreshold{Bound::max, 0.3});
  SignalHistogram second(SignalKind::fraction, SignalThreshold{Bound::max, 0.3});
  for (std::size_t i = 0; i < values.size(); ++i) (i % 2 ? first : second).add(values[i]);
  first.merge(second);
  CHECK(first.counts() == above.counts());
}

TEST_CASE("annotate_only histograms count every document once per signal, bin by bin as the annotations say") {
  TempDir dir;
  const RunOutputs out = run_with(dir, "annotate", std::string("filters:\n  annotate_only: true\n") + kFamilies, "2");
  const auto histograms = histograms_of(out.stats);
  REQUIRE(histograms.size() == 4);
  const std::uint64_t filtered = out.totals.read - Ledger::sum(out.totals.errors);  // parsed records
  REQUIRE(out.totals.kept == filtered);

  // The values each kept record carries in winnow_signals, binned here independently of the recorder.
  std::map<std::string, std::map<std::string, std::vector<double>>> values;  // family -> signal -> values
  simdjson::dom::parser parser;
  for (const std::string& line : out.kept) {
    const simdjson::dom::element record = parser.parse(line);
    for (const auto [family, signals] : simdjson::dom::object(record["winnow_signals"])) {
      for (const auto [key, value] : simdjson::dom::object(signals)) {
        double v;
        if (value.get(v) == simdjson::SUCCESS) values[std::string(family)][std::string(key)].push_back(v);
      }
    }
  }
  std::size_t thresholds_checked = 0;
  for (const auto& [family, signals] : histograms) {
    for (const auto& [key, h] : signals) {
      const std::vector<double>& seen = values[family][key];
      CHECK_MESSAGE(h.documents == seen.size(), family, ".", key);
      std::uint64_t sum = h.nan;
      for (const std::uint64_t c : h.counts) sum += c;
      CHECK(sum == h.documents);
      std::vector<std::uint64_t> expected(h.edges.size() + 1, 0);
      std::uint64_t beyond = 0;
      for (const double v : seen) {
        ++expected[h.bin_of(v)];
        beyond += (h.bound == "min" && v < h.threshold) || (h.bound == "max" && v > h.threshold);
      }
      CHECK_MESSAGE(h.counts == expected, family, ".", key);
      if (h.bound.empty()) continue;
      // The threshold is an edge, and the bins beyond it hold exactly the documents beyond it.
      const auto at = std::find(h.edges.begin(), h.edges.end(), h.threshold);
      REQUIRE_MESSAGE(at != h.edges.end(), family, ".", key);
      const std::size_t t_bin = static_cast<std::size_t>(at - h.edges.begin()) + 1;  // the bin [t, next_up(t))
      std::uint64_t from_bins = 0;
      for (std::size_t b = 0; b < h.counts.size(); ++b) {
        if (h.bound == "min" ? b < t_bin : b > t_bin) from_bins += h.counts[b];
      }
      CHECK_MESSAGE(from_bins == beyond, family, ".", key);
      ++thresholds_checked;
    }
  }
  CHECK(thresholds_checked >= 20);
  // Signals every document reports: one count per parsed record.
  CHECK(histograms.at("gopher_quality").at("gopher_short_doc").documents == filtered);
  CHECK(histograms.at("fineweb_quality").at("fineweb_list_ratio").documents == filtered);
  CHECK(histograms.at("gopher_repetition").at("top_2_gram").documents == filtered);
  const auto& c4 = histograms.at("c4_quality");
  const auto c4_count = [&](const char* key) { return c4.count(key) ? c4.at(key).documents : 0; };
  CHECK(c4_count("c4_too_few_sentences") + c4_count("c4_lorem_ipsum") + c4_count("c4_curly_bracket") == filtered);
}

TEST_CASE("histograms in stats.json are byte-identical for 1 and 2 threads") {
  TempDir dir;
  const std::string yaml = std::string("filters:\n  annotate_only: true\n") + kFamilies;
  const RunOutputs one = run_with(dir, "one", yaml, "1");
  const RunOutputs two = run_with(dir, "two", yaml, "2");
  const std::size_t stages = one.stats.find("\"stages\"");
  REQUIRE(stages != std::string::npos);
  CHECK(one.stats.find("\"signal_histograms\"") != std::string::npos);
  CHECK(stats_without_timing(one.stats.substr(stages)) == stats_without_timing(two.stats.substr(two.stats.find("\"stages\""))));
}

TEST_CASE("signal_histograms in drop mode: the same outputs as without, every signal of every document counted") {
  TempDir dir;
  const RunOutputs plain = run_with(dir, "plain", std::string("filters:\n") + kFamilies, "2");
  const RunOutputs counted =
      run_with(dir, "counted", std::string("filters:\n  signal_histograms: true\n") + kFamilies, "2");
  CHECK(plain.kept == counted.kept);
  CHECK(plain.rejects == counted.rejects);
  CHECK(plain.stats.find("signal_histograms") == std::string::npos);
  const auto histograms = histograms_of(counted.stats);
  REQUIRE(histograms.size() == 4);
  // The first family sees every parsed record; each later one the records the ones before it kept.
  const std::uint64_t parsed = counted.totals.read - Ledger::sum(counted.totals.errors);
  CHECK(histograms.at("gopher_quality").at("gopher_short_doc").documents == parsed);
  std::uint64_t gopher_quality_drops = 0;
  for (const auto& [reason, n] : counted.totals.dropped) gopher_quality_drops += reason.rfind("gopher_", 0) == 0 ? n : 0;
  // gopher_quality's reasons start "gopher_"; gopher_repetition's do not.
  CHECK(histograms.at("gopher_repetition").at("dup_line_frac").documents == parsed - gopher_quality_drops);
  // A rule's threshold count, taken alone, is at least what that rule dropped (earlier rules drop first).
  const Written& short_doc = histograms.at("gopher_quality").at("gopher_short_doc");
  std::uint64_t beyond = 0;
  for (std::size_t b = 0; b < short_doc.counts.size(); ++b) {
    if (b < short_doc.edges.size() && short_doc.edges[b] <= short_doc.threshold) beyond += short_doc.counts[b];
  }
  CHECK(beyond == counted.totals.dropped.at("gopher_short_doc"));  // the first rule: nothing drops before it
}

TEST_CASE("winnow stats prints each family's histograms with the threshold and its count") {
  TempDir dir;
  const RunOutputs out = run_with(dir, "annotate", std::string("filters:\n  annotate_only: true\n") + kFamilies, "2");
  const CommandResult printed = run_winnow({"stats", dir / "annotate"});
  REQUIRE_MESSAGE(printed.exit_code == 0, printed.err);
  for (const char* family : {"gopher_quality\n", "gopher_repetition\n", "fineweb_quality\n", "c4_quality\n"}) {
    CHECK_MESSAGE(printed.out.find(family) != std::string::npos, family);
  }
  // The line for gopher_short_doc names the rule and the count the histogram's bins below 50 hold.
  const auto histograms = histograms_of(out.stats);
  const Written& h = histograms.at("gopher_quality").at("gopher_short_doc");
  std::uint64_t below = 0;
  for (std::size_t b = 0; b < h.counts.size(); ++b) {
    if (b < h.edges.size() && h.edges[b] <= 50) below += h.counts[b];
  }
  const std::string expected_line = "gopher_short_doc: " + std::to_string(h.documents) +
                                    " documents; the rule drops value < 50: " + std::to_string(below) + " documents";
  CHECK_MESSAGE(printed.out.find(expected_line) != std::string::npos, expected_line, "\n", printed.out.substr(0, 400));
  CHECK(printed.out.find("---- threshold 50 (min) ----") != std::string::npos);
  CHECK(printed.out.find("p50 ") != std::string::npos);

  const CommandResult one = run_winnow({"stats", dir / "annotate", "--filter", "c4_quality", "--signal", "lines"});
  REQUIRE(one.exit_code == 0);
  CHECK(one.out.find("gopher_quality") == std::string::npos);
  CHECK(one.out.find("  lines: ") != std::string::npos);

  // A run without histograms: nothing to print, exit 1; a missing folder: exit 1; no argument: 2.
  run_with(dir, "plain", std::string("filters:\n") + kFamilies, "1");
  CHECK(run_winnow({"stats", dir / "plain"}).exit_code == 1);
  CHECK(run_winnow({"stats", dir / "nowhere"}).exit_code == 1);
  CHECK(run_winnow({"stats"}).exit_code == 2);
}

TEST_CASE("signal_histograms must be a boolean") {
  CHECK_THROWS(make_filters(parse_config("filters:\n  signal_histograms: sometimes\n  c4_quality: {}\n", "t.yaml")));
  CHECK(make_filters(parse_config("filters:\n  signal_histograms: true\n  c4_quality: {}\n", "t.yaml")).size() == 1);
}

}  // namespace
}  // namespace winnow::test
