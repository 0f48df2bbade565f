// The dedup report (dedup/dedup_report.h, dedup/report_html.h): dedup.json agrees with stats.json's ledger,
// report.html has its sections and well-formed SVG, hostile text is escaped, and the collector stays exact
// while bounded.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <algorithm>
#include <map>
#include <random>
#include <vector>

#include "dedup/dedup_report.h"
#include "dedup/report_html.h"
#include "report_test_support.h"
#include "src/records/json_text.h"
#include "support/test_support.h"

namespace {

using namespace winnow::test;
using namespace winnow::dedup;
using winnow::dedup::test::ReportRun;
using winnow::dedup::test::run_sample_data_with_report;

// Checks that `xml` (one <svg> element) is well-formed: tags nest and close, attribute values are quoted,
// and no '<' or '&' appears unescaped in text. Returns the first problem, or "" when there is none.
std::string xml_problem(std::string_view xml) {
  std::vector<std::string> open;
  for (std::size_t i = 0; i < xml.size();) {
    if (xml[i] == '&') {
      const std::size_t semicolon = xml.find(';', i);
      if (semicolon == std::string_view::npos || semicolon - i > 8) return "bare & at " + std::to_string(i);
      i = semicolon + 1;
      continue;
    }
    if (xml[i] != '<') {
      ++i;
      continue;
    }
    const std::size_t end = xml.find('>', i);
    if (end == std::string_view::npos) return "unterminated tag";
    std::string_view tag = xml.substr(i + 1, end - i - 1);
    i = end + 1;
    if (!tag.empty() && tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1)) return "unbalanced </" + std::string(tag.substr(1)) + ">";
      open.pop_back();
      continue;
    }
    const bool self_closing = !tag.empty() && tag.back() == '/';
    if (self_closing) tag.remove_suffix(1);
    const std::string name(tag.substr(0, tag.find(' ')));
    if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) return "bad tag <" + std::string(tag) + ">";
    // Attributes: name="value", separated by spaces.
    for (std::size_t k = name.size(); k < tag.size();) {
      if (tag[k] == ' ') {
        ++k;
        continue;
      }
      const std::size_t equals = tag.find('=', k);
      if (equals == std::string_view::npos || equals + 1 >= tag.size() || tag[equals + 1] != '"') {
        return "unquoted attribute in <" + std::string(tag) + ">";
      }
      const std::size_t close = tag.find('"', equals + 2);
      if (close == std::string_view::npos) return "unterminated attribute in <" + std::string(tag) + ">";
      if (tag.substr(equals + 2, close - equals - 2).find('<') != std::string_view::npos) return "< in attribute";
      k = close + 1;
    }
    if (!self_closing) open.push_back(name);
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

std::vector<std::string_view> svg_elements(std::string_view html) {
  std::vector<std::string_view> svgs;
  for (std::size_t at = 0; (at = html.find("<svg", at)) != std::string_view::npos;) {
    const std::size_t end = html.find("</svg>", at);
    REQUIRE(end != std::string_view::npos);
    svgs.push_back(html.substr(at, end + 6 - at));
    at = end;
  }
  return svgs;
}

DedupReport hostile_report() {
  const std::string hostile = "<script>alert(\"x\")</script> 'quoted' & \xFF\xC0\x80 bad\x01 ctl \xC2\x85 end";
  DedupReport report;
  report.mode = "datatrove";
  report.verify = "none";
  report.scope = "global";
  report.ngram = 5;
  report.bands = 14;
  report.rows = 8;
  report.sources = {{hostile, 10, 1000, 7, 700, 1, 1, 1}, {"web-<b>01</b>", 5, 500, 5, 500, 0, 0, 0}};
  report.duplicates_matrix[{hostile, "web-<b>01</b>"}] = 3;
  report.cluster_sizes = {{2, 100}, {3, 20}, {40, 1}};
  report.largest_clusters = {{7, 40, hostile, hostile, text_sample(hostile)}};
  report.bins[8].near_duplicates_sampled = 1;
  report.bins[8].pairs.push_back({hostile, "kept\"id", 0.85, 3, text_sample(hostile), "kept <i>text</i> end"});
  return report;
}

}  // namespace

TEST_CASE("dedup.json parses and agrees with stats.json's ledger on sample_data") {
  TempDir dir;
  const ReportRun run = run_sample_data_with_report(dir, "dedup:\n  mode: datatrove\n  url_field: url\n");
  simdjson::dom::parser parser, stats_parser;
  simdjson::dom::element report, stats;
  REQUIRE(parser.parse(run.dedup_json).get(report) == simdjson::SUCCESS);
  REQUIRE(stats_parser.parse(run.outputs.stats).get(stats) == simdjson::SUCCESS);
  const winnow::Ledger& ledger = run.outputs.totals;
  const auto duplicates = [&](const char* reason) {
    const auto found = ledger.duplicates.find(reason);
    return found == ledger.duplicates.end() ? std::uint64_t{0} : found->second;
  };

  const simdjson::dom::element totals = report["totals"];
  CHECK(totals["exact_duplicates"].get_uint64().value() == duplicates("exact_duplicate"));
  CHECK(totals["url_duplicates"].get_uint64().value() == duplicates("url_duplicate"));
  CHECK(totals["near_duplicates"].get_uint64().value() == duplicates("near_duplicate"));
  CHECK(totals["documents_out"].get_uint64().value() == ledger.kept);  // no filters: dedup's out is the run's kept
  CHECK(totals["documents_in"].get_uint64().value() == stats["stages"]["dedup"]["dedup"]["documents"].get_uint64().value());
  CHECK(duplicates("exact_duplicate") > 0);
  CHECK(duplicates("near_duplicate") > 0);

  // Per source: the same numbers as each input's ledger; in = out + removals; bytes out <= bytes in.
  std::map<std::string, simdjson::dom::element> inputs;
  for (const simdjson::dom::element input : stats["inputs"].get_array()) {
    inputs[std::string(input["name"].get_string().value())] = input;
  }
  std::uint64_t bytes_in = 0;
  for (const simdjson::dom::element source : report["sources"].get_array()) {
    const std::string name(source["name"].get_string().value());
    CAPTURE(name);
    REQUIRE(inputs.count(name) == 1);
    const simdjson::dom::element input = inputs[name];
    CHECK(source["documents_out"].get_uint64().value() == input["kept"].get_uint64().value());
    std::uint64_t exact = 0, near = 0;
    if (input["duplicates"]["exact_duplicate"].get(exact) != simdjson::SUCCESS) exact = 0;
    if (input["duplicates"]["near_duplicate"].get(near) != simdjson::SUCCESS) near = 0;
    CHECK(source["exact_duplicates"].get_uint64().value() == exact);
    CHECK(source["near_duplicates"].get_uint64().value() == near);
    CHECK(source["documents_in"].get_uint64().value() ==
          source["documents_out"].get_uint64().value() + exact + source["url_duplicates"].get_uint64().value() + near);
    CHECK(source["bytes_out"].get_uint64().value() <= source["bytes_in"].get_uint64().value());
    bytes_in += source["bytes_in"].get_uint64().value();
  }
  CHECK(bytes_in == totals["bytes_in"].get_uint64().value());

  // The matrix, the cluster sizes and the largest clusters account for every removal.
  const std::uint64_t removed = duplicates("exact_duplicate") + duplicates("url_duplicate") + duplicates("near_duplicate");
  std::uint64_t in_matrix = 0;
  for (const simdjson::dom::element cell : report["duplicates_matrix"].get_array()) {
    in_matrix += cell["documents"].get_uint64().value();
  }
  CHECK(in_matrix == removed);
  std::uint64_t clusters = 0, members_removed = 0;
  for (const simdjson::dom::element size : report["cluster_sizes"].get_array()) {
    clusters += size["clusters"].get_uint64().value();
    members_removed += size["clusters"].get_uint64().value() * (size["size"].get_uint64().value() - 1);
  }
  CHECK(members_removed == removed);
  const simdjson::dom::element stats_clusters = stats["stages"]["dedup"]["dedup"]["clusters"];
  CHECK(clusters == stats_clusters["with_removals"].get_uint64().value());
  const auto largest = report["largest_clusters"].get_array();
  REQUIRE(largest.size() == kLargestClusters);
  CHECK(largest.at(0)["size"].get_uint64().value() == stats_clusters["largest"].at(0)["size"].get_uint64().value());
  for (const simdjson::dom::element cluster : largest) {
    CHECK(!cluster["sample"].get_string().value().empty());
    CHECK(cluster["sample"].get_string().value().size() <= kSampleBytes);
  }

  // Sampled pairs sit in their bin, at most kPairsPerBin each; S-curve and time are there.
  std::uint64_t pairs = 0;
  for (const simdjson::dom::element bin : report["similarity_bins"].get_array()) {
    const double low = bin["min"].get_double().value(), high = bin["max"].get_double().value();
    const auto sampled = bin["pairs"].get_array();
    CHECK(sampled.size() <= kPairsPerBin);
    CHECK(sampled.size() <= bin["near_duplicates_sampled"].get_uint64().value());
    for (const simdjson::dom::element pair : sampled) {
      const double similarity = pair["estimated_similarity"].get_double().value();
      CHECK(similarity >= low - 1e-9);
      CHECK(similarity <= high + 1e-9);
      ++pairs;
    }
  }
  CHECK(pairs > 0);
  CHECK(report["s_curve"].get_array().size() == 20);
  CHECK(report["time"]["check_seconds"].get_double().value() >= 0);
  CHECK(report["peak_rss_bytes"].get_uint64().value() > 0);
}

TEST_CASE("with a tokenizer, dedup.json counts tokens in and out per source and they agree with the shards") {
  TempDir dir;
  const ReportRun run = run_sample_data_with_report(
      dir, "dedup:\n  mode: datatrove\ntokenizer:\n  encoding: gpt2\n  format: megatron\n");
  simdjson::dom::parser parser, stats_parser;
  simdjson::dom::element report, stats;
  REQUIRE(parser.parse(run.dedup_json).get(report) == simdjson::SUCCESS);
  REQUIRE(stats_parser.parse(run.outputs.stats).get(stats) == simdjson::SUCCESS);
  const std::uint64_t shard_tokens = stats["stages"]["sinks"]["tokenizer"]["tokens"].get_uint64().value();
  CHECK(shard_tokens > 0);
  // Dedup is the last stage before the tokenizer's shards: what leaves dedup is what the shards hold.
  CHECK(report["totals"]["tokens_out"].get_uint64().value() == shard_tokens);
  std::uint64_t in = 0, out = 0;
  for (const simdjson::dom::element source : report["sources"].get_array()) {
    const std::uint64_t source_in = source["tokens_in"].get_uint64().value();
    const std::uint64_t source_out = source["tokens_out"].get_uint64().value();
    CHECK(source_out <= source_in);
    CHECK((source_out < source_in) == (source["documents_out"].get_uint64().value() <
                                      source["documents_in"].get_uint64().value()));
    in += source_in;
    out += source_out;
  }
  CHECK(in == report["totals"]["tokens_in"].get_uint64().value());
  CHECK(out == shard_tokens);
  CHECK(run.report_html.find("<th>tokens in</th>") != std::string::npos);

  TempDir plain_dir;
  const ReportRun plain = run_sample_data_with_report(plain_dir, "dedup:\n  mode: datatrove\n");
  CHECK(plain.dedup_json.find("tokens_in") == std::string::npos);
  CHECK(plain.report_html.find("<th>tokens in</th>") == std::string::npos);
}

TEST_CASE("report.html has every section and only well-formed inline SVG") {
  TempDir dir;
  const ReportRun run = run_sample_data_with_report(dir, "dedup:\n  mode: fast\n");
  const std::string& html = run.report_html;
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  for (const char* section : {"id=\"summary\"", "id=\"clusters\"", "id=\"largest\"", "id=\"matrix\"", "id=\"s-curve\"",
                              "id=\"pairs\"", "id=\"time\"", "<svg id=\"plot-removed\"",
                              "<svg id=\"plot-cluster-sizes\"", "<svg id=\"plot-s-curve\"", "<del>", "<ins>"}) {
    CHECK_MESSAGE(html.find(section) != std::string::npos, section);
  }
  // Self-contained: no script, no external resource.
  for (const char* forbidden : {"<script", "<link", "<img", "src=", "href=", "url(", "@import"}) {
    CHECK_MESSAGE(html.find(forbidden) == std::string::npos, forbidden);
  }
  const auto svgs = svg_elements(html);
  CHECK(svgs.size() == 3);
  for (const std::string_view svg : svgs) {
    CHECK_MESSAGE(xml_problem(svg).empty(), xml_problem(svg));
  }
  CHECK(winnow::is_valid_utf8(html));
}

TEST_CASE("html_escape neutralises markup, quotes, invalid UTF-8 and control characters") {
  CHECK(html_escape("<script>alert(\"x\")</script>") == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  CHECK(html_escape("a & b 'c'") == "a &amp; b &#39;c&#39;");
  CHECK(html_escape("caf\xC3\xA9 \xE6\x97\xA5") == "caf\xC3\xA9 \xE6\x97\xA5");             // valid text stays
  CHECK(html_escape("\xFF") == "\xEF\xBF\xBD");                                                 // invalid byte
  CHECK(html_escape("\xC0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD");                                 // overlong NUL
  CHECK(html_escape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");                 // surrogate
  CHECK(html_escape("\xE6\x97") == "\xEF\xBF\xBD\xEF\xBF\xBD");                                 // truncated
  CHECK(html_escape(std::string("a\0b\x01\x7F\xC2\x85", 7) + "\t\n") ==
        "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\t\n");  // C0, DEL, C1 (U+0085)
}

TEST_CASE("a report of hostile text renders without markup from the text, as valid UTF-8 and well-formed SVG") {
  const std::string html = render_report_html(hostile_report());
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<b>01") == std::string::npos);
  CHECK(html.find("<i>text") == std::string::npos);
  CHECK(html.find("&lt;script&gt;") != std::string::npos);
  CHECK(html.find("kept&quot;id") != std::string::npos);
  CHECK(winnow::is_valid_utf8(html));
  for (const std::string_view svg : svg_elements(html)) CHECK_MESSAGE(xml_problem(svg).empty(), xml_problem(svg));

  const std::string json = dedup_report_json(hostile_report());  // samples were made valid by text_sample
  simdjson::dom::parser parser;
  simdjson::dom::element parsed;
  CHECK(parser.parse(json).get(parsed) == simdjson::SUCCESS);
}

TEST_CASE("text_sample cuts at a code point boundary and replaces invalid bytes") {
  CHECK(text_sample("ab\xE6\x97\xA5", 4) == "ab");
  CHECK(text_sample("ab\xE6\x97\xA5", 5) == "ab\xE6\x97\xA5");
  CHECK(text_sample("a\xFF" "b", 10) == "a\xEF\xBF\xBD" "b");
  CHECK(text_sample(std::string(500, 'x')).size() == kSampleBytes);
}

TEST_CASE("word_diff marks the words only in one text") {
  const auto steps = word_diff("the quick brown fox jumps", "the slow brown fox jumps high");
  std::string rendered;
  for (const DiffWord& step : steps) {
    rendered += (step.kind == DiffWord::same ? "=" : step.kind == DiffWord::removed ? "-" : "+") + std::string(step.word) + " ";
  }
  CHECK(rendered == "=the -quick +slow =brown =fox =jumps +high ");
}

TEST_CASE("the collector keeps the true largest clusters while holding only the current top ones") {
  std::mt19937 random(7);
  ReportCollector collector;
  std::map<std::uint32_t, std::uint64_t> sizes;
  for (int removal = 0; removal < 20000; ++removal) {
    const auto kept = static_cast<std::uint32_t>(std::min<std::uint32_t>(random() % 400, random() % 400));
    const std::uint64_t size = ++sizes.try_emplace(kept, 1).first->second;
    collector.on_removed(kept, size, "k" + std::to_string(kept), "r" + std::to_string(removal), "text");
  }
  std::vector<std::pair<std::uint64_t, std::uint32_t>> expected;
  for (const auto& [kept, size] : sizes) expected.emplace_back(size, kept);
  std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  const auto largest = collector.largest();
  REQUIRE(largest.size() == kLargestClusters);
  for (std::size_t i = 0; i < kLargestClusters; ++i) {
    CHECK(largest[i].size == expected[i].first);  // the sizes are the true top K (ties may pick either cluster)
  }
}
