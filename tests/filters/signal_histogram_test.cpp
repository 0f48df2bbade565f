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

// Checks each histogram of an annotate_only run against the values the kept records carry in winnow_signals,
// binned here independently of the recorder; returns how many thresholds were checked.
std::size_t check_against_annotations(const RunOutputs& out,
                                      const std::map<std::string, std::map<std::string, Written>>& histograms) {
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
        beyond += (h.bound == "min" && v < h.threshold) || (h.bound == "max" && v > h.threshold) ||
                  (h.bound == "at_least" && v >= h.threshold);
      }
      CHECK_MESSAGE(h.counts == expected, family, ".", key);
      if (h.bound.empty()) continue;
      // The threshold is an edge, and the bins beyond it hold exactly the documents beyond it.
      const auto at = std::find(h.edges.begin(), h.edges.end(), h.threshold);
      REQUIRE_MESSAGE(at != h.edges.end(), family, ".", key);
      const std::size_t t_bin = static_cast<std::size_t>(at - h.edges.begin()) + 1;  // the bin [t, next_up(t))
      std::uint64_t from_bins = 0;
      for (std::size_t b = 0; b < h.counts.size(); ++b) {
        const bool counted = h.bound == "min" ? b < t_bin : h.bound == "max" ? b > t_bin : b >= t_bin;
        if (counted) from_bins += h.counts[b];
      }
      CHECK_MESSAGE(from_bins == beyond, family, ".", key);
      ++thresholds_checked;
    }
  }
  return thresholds_checked;
}

TEST_CASE("annotate_only histograms count every document once per signal, bin by bin as the annotations say") {
  TempDir dir;
  const RunOutputs out = run_with(dir, "annotate", std::string("filters:\n  annotate_only: true\n") + kFamilies, "2");
  const auto histograms = histograms_of(out.stats);
  REQUIRE(histograms.size() == 4);
  const std::uint64_t filtered = out.totals.read - Ledger::sum(out.totals.errors);  // parsed records
  REQUIRE(out.totals.kept == filtered);
  CHECK(check_against_annotations(out, histograms) >= 20);
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

// stats.json's stages.filters object for filters built outside a run.
std::string stats_of(const std::vector<std::unique_ptr<Filter>>& filters) {
  JsonBuilder json;
  json.begin_object();
  json.begin_object("stages");
  json.begin_object("filters");
  for (const auto& filter : filters) {
    json.begin_object(filter->name());
    filter->write_stats(json);
    json.end_object();
  }
  json.end_object();
  json.end_object();
  json.end_object();
  return json.str();
}

// The documents in the bin that holds exactly `value`, and those the threshold counts (the bins beyond it).
std::uint64_t in_bin_of(const Written& h, double value) { return h.counts.at(h.bin_of(value)); }
std::uint64_t beyond_threshold(const Written& h) {
  const std::size_t t_bin = h.bin_of(h.threshold);
  std::uint64_t n = 0;
  for (std::size_t b = 0; b < h.counts.size(); ++b) {
    if (h.bound == "min" ? b < t_bin : h.bound == "max" ? b > t_bin : b >= t_bin) n += h.counts[b];
  }
  return n;
}

TEST_CASE("url_filter histograms: a value equal to the soft threshold has its own bin and counts as dropped") {
  TempDir dir;
  write_file(dir / "domains.txt", "blocked.com\n");
  write_file(dir / "soft.txt", "free\ncredits\ndeposit\n");
  const auto filters = make_filters(parse_config("filters:\n  signal_histograms: true\n  url_filter: {domains_file: " +
                                                     dir / "domains.txt" + ", soft_banned_words_file: " +
                                                     dir / "soft.txt" + ", soft_word_threshold: 2}\n",
                                                 "t.yaml"));
  REQUIRE(filters.size() == 1);
  const auto judge = [&](const std::string& record) {
    Document doc;
    doc.text = "some text";
    doc.record = record;
    return filters[0]->keep(doc).kept;
  };
  CHECK(judge(R"({"text":"some text","url":"http://a.com/x"})"));
  CHECK(judge(R"({"text":"some text","url":"http://a.com/free"})"));
  CHECK_FALSE(judge(R"({"text":"some text","url":"http://a.com/free-credits"})"));          // exactly 2
  CHECK_FALSE(judge(R"({"text":"some text","url":"http://a.com/free-credits-deposit"})"));  // 3
  CHECK_FALSE(judge(R"({"text":"some text","url":"http://sub.blocked.com/"})"));
  CHECK(judge(R"({"text":"some text"})"));  // no URL: kept, reports no signal
  const auto histograms = histograms_of(stats_of(filters));
  const auto& url = histograms.at("url_filter");
  const Written& soft = url.at("url_soft_banned_words");
  CHECK(soft.documents == 5);
  CHECK(soft.bound == "at_least");
  CHECK(soft.threshold == 2);
  CHECK(in_bin_of(soft, 2) == 1);
  CHECK(in_bin_of(soft, 1) == 1);
  CHECK(in_bin_of(soft, 0) == 2);
  CHECK(beyond_threshold(soft) == 2);
  const Written& domain = url.at("url_domain_blocklist");
  CHECK(domain.documents == 5);
  CHECK(domain.bound == "at_least");
  CHECK(beyond_threshold(domain) == 1);
  CHECK(url.at("url_blocklist").bound.empty());  // no urls_file: no threshold
  CHECK(url.at("url_blocklist").documents == 5);
}

// `count` distinct Han characters from `first` on, as lines of the given lengths.
std::string han_lines(char32_t first, const std::vector<int>& lengths) {
  std::string text;
  char32_t c = first;
  for (const int length : lengths) {
    if (!text.empty()) text += "\n";
    for (int i = 0; i < length; ++i, ++c) {  // U+4E00.. are three UTF-8 bytes each
      text += static_cast<char>(0xE0 | (c >> 12));
      text += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      text += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return text;
}

TEST_CASE("cjk_quality histograms: a mean line length equal to min_mean_line_length is kept and binned apart") {
  const auto filters =
      make_filters(parse_config("filters:\n  signal_histograms: true\n  cjk_quality: {}\n", "t.yaml"));
  REQUIRE(filters.size() == 1);
  const auto judge = [&](const std::string& text) {
    Document doc;
    doc.text = text;
    return filters[0]->keep(doc);
  };
  CHECK(judge(han_lines(0x4E00, {10, 10, 10, 10, 10})).kept);  // mean 10
  CHECK(judge(han_lines(0x4E40, {9, 11, 10, 10, 10})).kept);   // mean 10
  const Verdict short_lines = judge(han_lines(0x4E80, {10, 10, 10, 10, 9}));  // mean 9.8
  CHECK_FALSE(short_lines.kept);
  CHECK(short_lines.reason == "cjk_short_lines");
  const auto histograms = histograms_of(stats_of(filters));
  const auto& cjk = histograms.at("cjk_quality");
  const Written& mean = cjk.at("cjk_short_lines");
  CHECK(mean.documents == 3);
  CHECK(mean.bound == "min");
  CHECK(in_bin_of(mean, 10) == 2);
  CHECK(beyond_threshold(mean) == 1);
  CHECK(cjk.at("cjk_long_lines").bound.empty());  // max_mean_line_length is off by default
  CHECK(cjk.at("cjk_char_ratio").documents == 3);
  CHECK(in_bin_of(cjk.at("cjk_char_ratio"), 1) == 3);  // all Han: exactly 1 has its own bin
  CHECK(beyond_threshold(cjk.at("cjk_top_char_ngram")) == 0);
}

TEST_CASE("url_filter, language_id and cjk_quality histograms: as annotated, the same for 1 and 2 threads, outputs untouched") {
  TempDir dir;
  write_file(dir / "domains.txt", "example.net\n");
  write_file(dir / "soft.txt", "free\ncredits\ndeposit\ninstant\n");
  const std::string families = "  language_id: {min_score: 0.9}\n"
                               "  url_filter: {domains_file: " + dir / "domains.txt" +
                               ", soft_banned_words_file: " + dir / "soft.txt" + "}\n"
                               "  cjk_quality: {}\n";
  const std::string annotate = "filters:\n  annotate_only: true\n" + families;
  const RunOutputs one = run_with(dir, "one", annotate, "1");
  const RunOutputs two = run_with(dir, "two", annotate, "2");
  CHECK(stats_without_timing(one.stats.substr(one.stats.find("\"stages\""))) ==
        stats_without_timing(two.stats.substr(two.stats.find("\"stages\""))));
  const auto histograms = histograms_of(two.stats);
  REQUIRE(histograms.size() == 3);
  CHECK(check_against_annotations(two, histograms) >= 6);
  const std::uint64_t parsed = two.totals.read - Ledger::sum(two.totals.errors);
  CHECK(histograms.at("language_id").at("language_not_kept").documents == parsed);
  CHECK(histograms.at("cjk_quality").at("cjk_char_ratio").documents == parsed);
  const Written& domain = histograms.at("url_filter").at("url_domain_blocklist");
  std::uint64_t without_url = 0;  // annotated "url": null: such a record reports no URL signal
  for (const std::string& line : two.kept) without_url += line.find("\"url_filter\":{\"url\":null") != std::string::npos;
  CHECK(domain.documents > 0);
  CHECK(domain.documents == parsed - without_url);
  CHECK(beyond_threshold(domain) > 0);

  // Drop mode: the same kept/ and rejects/ with and without histograms; language_id, listed first, sees every
  // record, and its threshold count is exactly what it dropped (its only rule here is the score).
  const RunOutputs plain = run_with(dir, "plain", "filters:\n" + families, "2");
  const RunOutputs counted = run_with(dir, "counted", "filters:\n  signal_histograms: true\n" + families, "2");
  CHECK(plain.kept == counted.kept);
  CHECK(plain.rejects == counted.rejects);
  const auto dropped = histograms_of(counted.stats);
  const Written& score = dropped.at("language_id").at("language_not_kept");
  CHECK(score.documents == parsed);
  REQUIRE(counted.totals.dropped.count("language_not_kept"));
  CHECK(beyond_threshold(score) == counted.totals.dropped.at("language_not_kept"));
}

TEST_CASE("signal_histograms must be a boolean") {
  CHECK_THROWS(make_filters(parse_config("filters:\n  signal_histograms: sometimes\n  c4_quality: {}\n", "t.yaml")));
  CHECK(make_filters(parse_config("filters:\n  signal_histograms: true\n  c4_quality: {}\n", "t.yaml")).size() == 1);
}

}  // namespace
}  // namespace winnow::test
