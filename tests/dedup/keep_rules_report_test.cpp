// keep: longest | field (dedup/staged/cluster_deduplicator.h) write the dedup report like every other mode:
// dedup.json's counts agree with stats.json's ledger and with what the rejects say (matrix, cluster sizes,
// largest clusters), report.html renders; and the staged stages as tasks (winnow dedup signatures | plan |
// remove) write the same outputs as one `winnow run`, byte for byte, while run tasks refuse these keep rules.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "dedup/dedup_report.h"
#include "dedup_test_support.h"
#include "report_test_support.h"
#include "src/records/json_text.h"
#include "support/test_support.h"

namespace {

using namespace winnow::test;
using winnow::dedup::test::shard_files;
using winnow::dedup::test::svg_elements;
using winnow::dedup::test::xml_problem;
namespace fs = std::filesystem;

const std::string kSampleData = std::string(WINNOW_SOURCE_DIR) + "/sample_data";

// sample_data's ids name their shard: web-01-0000404 is line 404 of web-01, whose input name is web-01.
std::string sample_data_input(const std::string& id) { return id.substr(0, 6); }

std::string id_in_line(const std::string& line) {
  const std::size_t at = line.find("\"id\":\"");
  if (at == std::string::npos) return {};
  return line.substr(at + 6, line.find('"', at + 6) - at - 6);
}

// A corpus for keep: field: sample_data's web-00 (split in two inputs, the second zstd) and web-02, every line
// but every 13th with a "quality_score" (integers and fractions, pseudo-random, many ties). Returns the folder
// and, through `input_of`, each id's input name.
std::string write_scored_corpus(const TempDir& dir, std::map<std::string, std::string>& input_of) {
  const std::string folder = dir / "scored";
  fs::create_directories(folder);
  std::vector<std::string> web00 = lines_of(zstd_decompress_file(kSampleData + "/web-00.jsonl.zst"));
  std::vector<std::string> web02 = lines_of(read_file(kSampleData + "/web-02.jsonl"));
  std::uint64_t state = 12345;
  std::size_t number = 0;
  const auto scored = [&](const std::vector<std::string>& lines, std::size_t begin, std::size_t end,
                          const std::string& input) {
    std::string text;
    for (std::size_t i = begin; i < end; ++i) {
      std::string line = lines[i];
      const std::string id = id_in_line(line);
      if (!id.empty()) input_of[id] = input;
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      const std::uint64_t value = (state >> 33) % 40;
      if (line.rfind("{\"id\":", 0) == 0 && ++number % 13 != 0) {
        const std::string score = value % 3 == 0 ? std::to_string(value / 3) + ".5" : std::to_string(value / 4);
        line.insert(1, "\"quality_score\":" + score + ",");
      }
      text += line + "\n";
    }
    return text;
  };
  write_file(folder + "/a.jsonl", scored(web00, 0, 900, "a"));
  write_file(folder + "/b.jsonl.zst", zstd_compress(scored(web00, 900, web00.size(), "b")));
  write_file(folder + "/c.jsonl", scored(web02, 0, web02.size(), "c"));
  return folder;
}

std::uint64_t duplicates_of(const winnow::Ledger& ledger, const char* reason) {
  const auto found = ledger.duplicates.find(reason);
  return found == ledger.duplicates.end() ? 0 : found->second;
}

// Checks DIR's dedup.json and report.html against its stats.json and rejects. `input_of` gives a document
// id's input name; `texts` (possibly partial) the texts by id, for the largest clusters' samples.
void check_cluster_report(const std::string& out, const std::string& keep,
                          const std::function<std::string(const std::string&)>& input_of,
                          const std::map<std::string, std::string>& texts, bool staged_in_one_run) {
  const RunOutputs outputs = check_outputs(out);
  const std::string json_text = read_file(out + "/dedup.json");
  const std::string html = read_file(out + "/report.html");
  simdjson::dom::parser parser, stats_parser, reject_parser;
  simdjson::dom::element report, stats;
  REQUIRE(parser.parse(json_text).get(report) == simdjson::SUCCESS);
  REQUIRE(stats_parser.parse(outputs.stats).get(stats) == simdjson::SUCCESS);
  CHECK(report["version"].get_uint64().value() == 2);
  CHECK(report["settings"]["keep"].get_string().value() == keep);

  // Totals against the ledger: every removal is a cluster duplicate.
  const std::uint64_t removed = duplicates_of(outputs.totals, "cluster_duplicate");
  CHECK(removed > 50);
  const simdjson::dom::element totals = report["totals"];
  CHECK(totals["cluster_duplicates"].get_uint64().value() == removed);
  for (const char* other : {"exact_duplicates", "url_duplicates", "near_duplicates"}) {
    CHECK(totals[other].get_uint64().value() == 0);
  }
  const simdjson::dom::element dedup_stats = stats["stages"]["dedup"]["dedup"];
  CHECK(totals["documents_out"].get_uint64().value() == outputs.totals.kept);
  CHECK(totals["documents_in"].get_uint64().value() == dedup_stats["documents"].get_uint64().value());
  CHECK(totals["documents_out"].get_uint64().value() == dedup_stats["kept"].get_uint64().value());
  CHECK(removed == dedup_stats["cluster_duplicates"].get_uint64().value());

  // Per source: the same numbers as each input's ledger.
  std::map<std::string, simdjson::dom::element> inputs;
  for (const simdjson::dom::element input : stats["inputs"].get_array()) {
    inputs[std::string(input["name"].get_string().value())] = input;
  }
  std::uint64_t bytes_out = 0;
  std::set<std::string> source_names;
  for (const simdjson::dom::element source : report["sources"].get_array()) {
    const std::string name(source["name"].get_string().value());
    CAPTURE(name);
    source_names.insert(name);
    REQUIRE(inputs.count(name) == 1);
    std::uint64_t cluster = 0;
    if (inputs[name]["duplicates"]["cluster_duplicate"].get(cluster) != simdjson::SUCCESS) cluster = 0;
    CHECK(source["documents_out"].get_uint64().value() == inputs[name]["kept"].get_uint64().value());
    CHECK(source["cluster_duplicates"].get_uint64().value() == cluster);
    CHECK(source["documents_in"].get_uint64().value() == source["documents_out"].get_uint64().value() + cluster);
    CHECK(source["bytes_out"].get_uint64().value() <= source["bytes_in"].get_uint64().value());
    bytes_out += source["bytes_out"].get_uint64().value();
  }
  CHECK(bytes_out == totals["bytes_out"].get_uint64().value());
  CHECK(source_names.size() == 3);

  // What the rejects say: input pairs, cluster sizes, each cluster's survivor.
  std::map<std::pair<std::string, std::string>, std::uint64_t> matrix;
  std::map<std::int64_t, std::pair<std::uint64_t, std::string>> clusters;  // number -> (size, survivor)
  for (const std::string& line : outputs.rejects) {
    simdjson::dom::element element;
    std::string_view reason, id, duplicate_of, file;
    if (reject_parser.parse(line).get(element) != simdjson::SUCCESS) continue;
    if (element["winnow"]["reason"].get(reason) != simdjson::SUCCESS || reason != "cluster_duplicate") continue;
    REQUIRE(element["id"].get(id) == simdjson::SUCCESS);
    REQUIRE(element["winnow"]["duplicate_of"].get(duplicate_of) == simdjson::SUCCESS);
    REQUIRE(element["winnow"]["file"].get(file) == simdjson::SUCCESS);
    CHECK(std::string(file) == input_of(std::string(id)));
    ++matrix[{input_of(std::string(id)), input_of(std::string(duplicate_of))}];
    clusters[element["winnow"]["cluster"].get_int64().value()] = {
        element["winnow"]["cluster_size"].get_uint64().value(), std::string(duplicate_of)};
  }
  std::map<std::pair<std::string, std::string>, std::uint64_t> reported_matrix;
  for (const simdjson::dom::element cell : report["duplicates_matrix"].get_array()) {
    reported_matrix[{std::string(cell["removed_in"].get_string().value()),
                     std::string(cell["duplicate_of_in"].get_string().value())}] = cell["documents"].get_uint64().value();
  }
  CHECK(reported_matrix == matrix);
  bool across_inputs = false;
  for (const auto& [pair, count] : matrix) across_inputs |= pair.first != pair.second;
  CHECK(across_inputs);  // survivors in another input than their duplicates (often a later one) are counted

  std::map<std::uint64_t, std::uint64_t> sizes, reported_sizes;
  for (const auto& [number, cluster] : clusters) ++sizes[cluster.first];
  for (const simdjson::dom::element size : report["cluster_sizes"].get_array()) {
    reported_sizes[size["size"].get_uint64().value()] = size["clusters"].get_uint64().value();
  }
  CHECK(reported_sizes == sizes);
  CHECK(clusters.size() == dedup_stats["clusters"].get_uint64().value());
  CHECK(sizes.rbegin()->first == dedup_stats["largest_cluster"].get_uint64().value());

  // The 10 largest: size descending, ties by cluster number; sampled from the survivor's own text.
  std::vector<std::tuple<std::uint64_t, std::int64_t, std::string>> expected;
  for (const auto& [number, cluster] : clusters) expected.emplace_back(cluster.first, number, cluster.second);
  std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
    return std::get<0>(a) != std::get<0>(b) ? std::get<0>(a) > std::get<0>(b) : std::get<1>(a) < std::get<1>(b);
  });
  expected.resize(std::min(expected.size(), winnow::dedup::kLargestClusters));
  const auto largest = report["largest_clusters"].get_array();
  REQUIRE(largest.size() == expected.size());
  std::size_t index = 0, samples_compared = 0;
  for (const simdjson::dom::element cluster : largest) {
    const auto& [size, number, survivor] = expected[index++];
    CHECK(cluster["size"].get_uint64().value() == size);
    CHECK(cluster["cluster"].get_int64().value() == number);
    CHECK(cluster["kept_id"].get_string().value() == survivor);
    CHECK(cluster["sample_id"].get_string().value() == survivor);
    CHECK(!cluster["sample"].get_string().value().empty());
    if (texts.count(survivor)) {
      CHECK(cluster["sample"].get_string().value() == winnow::dedup::text_sample(texts.at(survivor)));
      ++samples_compared;
    }
  }
  CHECK(samples_compared > 0);

  // No sampled pairs (no signatures in pass 2), and the report says why instead of inventing numbers.
  for (const simdjson::dom::element bin : report["similarity_bins"].get_array()) {
    CHECK(bin["near_duplicates_sampled"].get_uint64().value() == 0);
    CHECK(bin["pairs"].get_array().size() == 0);
  }
  const std::string_view note = report["similarity_bins_note"].get_string().value();
  CHECK(note.find("no signatures") != std::string_view::npos);
  CHECK(report["s_curve"].get_array().size() == 20);

  std::vector<std::string> stage_names;
  for (const simdjson::dom::element stage : report["stages"].get_array()) {
    stage_names.emplace_back(stage["name"].get_string().value());
    CHECK(stage["seconds"].get_double().value() >= 0);
  }
  if (staged_in_one_run) {
    CHECK(stage_names == std::vector<std::string>{"pass 1 (filters, signatures)", "buckets (external sorts)",
                                                  "clusters (connected components)",
                                                  "pass 2 (filters, clusters, outputs)"});
  } else {
    CHECK(stage_names == std::vector<std::string>{"pass 2 (filters, clusters, outputs)"});
  }

  // report.html: every section, a cluster column, the note, no script or external resource, well-formed SVG.
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  for (const char* section : {"id=\"summary\"", "id=\"clusters\"", "id=\"largest\"", "id=\"matrix\"", "id=\"s-curve\"",
                              "id=\"pairs\"", "id=\"time\"", "<svg id=\"plot-removed\"",
                              "<svg id=\"plot-cluster-sizes\"", "<svg id=\"plot-s-curve\"", "<th>cluster</th>",
                              "No sampled pairs with keep: "}) {
    CHECK_MESSAGE(html.find(section) != std::string::npos, section);
  }
  CHECK(html.find(std::to_string(removed) + " cluster duplicates") != std::string::npos);
  for (const char* forbidden : {"<script", "<link", "<img", "src=", "href=", "url(", "@import"}) {
    CHECK_MESSAGE(html.find(forbidden) == std::string::npos, forbidden);
  }
  const auto svgs = svg_elements(html);
  CHECK(svgs.size() == 3);
  for (const std::string_view svg : svgs) CHECK_MESSAGE(xml_problem(svg).empty(), xml_problem(svg));
  CHECK(winnow::is_valid_utf8(html));
}

struct Flow {
  TempDir dir;
  std::string config;
  std::vector<std::string> inputs;
  Flow(const std::string& yaml, std::vector<std::string> inputs_) : config(dir / "config.yaml"), inputs(std::move(inputs_)) {
    write_file(config, yaml);
  }
  CommandResult command(std::vector<std::string> args, const std::string& out) const {
    args.insert(args.end(), inputs.begin(), inputs.end());
    for (const std::string& extra : {std::string("--output"), dir / out, std::string("--config"), config,
                                     std::string("--threads"), std::string("2")}) {
      args.push_back(extra);
    }
    return run_winnow(args);
  }
};

std::string member(simdjson::dom::element element, std::initializer_list<const char*> path) {
  for (const char* key : path) element = element[key];
  return simdjson::minify(element);
}

// The signature tasks (shuffled, one twice), the plan (twice), and pass 2 with `winnow dedup remove`; then
// kept/, rejects/ and the dedup report's numbers equal one `winnow run`'s.
void check_task_flow(const Flow& flow, unsigned tasks) {
  const CommandResult one = flow.command({"run", "--quiet"}, "one");
  REQUIRE_MESSAGE(one.exit_code == 0, one.err);
  const std::string out = "tasks-" + std::to_string(tasks);
  std::vector<unsigned> order = {tasks - 1};
  for (unsigned task = 0; task + 1 < tasks; ++task) order.push_back(task);
  order.push_back(0);
  for (const unsigned task : order) {
    const CommandResult result =
        flow.command({"dedup", "signatures", "--task", std::to_string(task), "--tasks", std::to_string(tasks)}, out);
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  }
  const CommandResult plan = flow.command({"dedup", "plan", "--tasks", std::to_string(tasks), "--memory-limit", "32K"}, out);
  REQUIRE_MESSAGE(plan.exit_code == 0, plan.err);
  CHECK(fs::exists(flow.dir / (out + "/.dedup-staged/plan.json")));
  CHECK(fs::exists(flow.dir / (out + "/.dedup-staged/clusters.rec")));
  const CommandResult again = flow.command({"dedup", "plan", "--tasks", std::to_string(tasks)}, out);
  CHECK(again.exit_code == 0);
  CHECK(again.err.find("the plan is complete already") != std::string::npos);
  const CommandResult remove = flow.command({"dedup", "remove", "--quiet"}, out);
  REQUIRE_MESSAGE(remove.exit_code == 0, remove.err);
  CHECK(!fs::exists(flow.dir / (out + "/.dedup-staged")));

  const auto single = shard_files(flow.dir / "one");
  CHECK(single.size() == 6);
  CHECK(shard_files(flow.dir / out) == single);  // byte for byte

  simdjson::dom::parser a, b, c, d;
  simdjson::dom::element one_stats, task_stats, one_report, task_report;
  const RunOutputs one_outputs = check_outputs(flow.dir / "one");
  const RunOutputs task_outputs = check_outputs(flow.dir / out);
  REQUIRE(a.parse(one_outputs.stats).get(one_stats) == simdjson::SUCCESS);
  REQUIRE(b.parse(task_outputs.stats).get(task_stats) == simdjson::SUCCESS);
  CHECK(member(one_stats, {"totals"}) == member(task_stats, {"totals"}));
  CHECK(member(one_stats, {"inputs"}) == member(task_stats, {"inputs"}));
  for (const char* key : {"keep", "documents", "kept", "cluster_duplicates", "clusters", "largest_cluster",
                          "links_rejected_by_verification"}) {
    CAPTURE(key);
    CHECK(member(one_stats, {"stages", "dedup", "dedup", key}) == member(task_stats, {"stages", "dedup", "dedup", key}));
  }
  const std::string one_json = read_file(flow.dir / "one/dedup.json");
  const std::string task_json = read_file(flow.dir / (out + "/dedup.json"));
  REQUIRE(c.parse(one_json).get(one_report) == simdjson::SUCCESS);
  REQUIRE(d.parse(task_json).get(task_report) == simdjson::SUCCESS);
  for (const char* key : {"version", "settings", "totals", "sources", "duplicates_matrix", "cluster_sizes",
                          "largest_clusters", "s_curve", "similarity_bins", "similarity_bins_note"}) {
    CAPTURE(key);
    CHECK(member(one_report, {key}) == member(task_report, {key}));
  }
  CHECK(fs::exists(flow.dir / (out + "/report.html")));
}

}  // namespace

TEST_CASE("keep longest writes a dedup report that agrees with the ledger and the rejects, with tokens") {
  TempDir dir;
  write_file(dir / "config.yaml",
             "dedup:\n  keep: longest\ntokenizer:\n  encoding: gpt2\n  format: megatron\n");
  const CommandResult result = run_winnow({"run", kSampleData, "--output", dir / "out", "--config",
                                           dir / "config.yaml", "--threads", "2", "--quiet", "--memory-limit", "32K"});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const auto texts = winnow::dedup::test::texts_by_id({kSampleData + "/web-00.jsonl.zst", kSampleData + "/web-02.jsonl"});
  check_cluster_report(dir / "out", "longest", sample_data_input, texts, true);

  // Tokens in and out per source; what leaves dedup is what the shards hold.
  simdjson::dom::parser parser, stats_parser;
  simdjson::dom::element report, stats;
  const std::string report_text = read_file(dir / "out/dedup.json");
  const std::string stats_text = read_file(dir / "out/stats.json");
  REQUIRE(parser.parse(report_text).get(report) == simdjson::SUCCESS);
  REQUIRE(stats_parser.parse(stats_text).get(stats) == simdjson::SUCCESS);
  const std::uint64_t shard_tokens = stats["stages"]["sinks"]["tokenizer"]["tokens"].get_uint64().value();
  CHECK(shard_tokens > 0);
  CHECK(report["totals"]["tokens_out"].get_uint64().value() == shard_tokens);
  std::uint64_t in = 0;
  for (const simdjson::dom::element source : report["sources"].get_array()) {
    CHECK(source["tokens_out"].get_uint64().value() <= source["tokens_in"].get_uint64().value());
    in += source["tokens_in"].get_uint64().value();
  }
  CHECK(in == report["totals"]["tokens_in"].get_uint64().value());
  CHECK(in > shard_tokens);
  CHECK(read_file(dir / "out/report.html").find("<th>tokens in</th>") != std::string::npos);
}

TEST_CASE("keep field writes a dedup report that agrees with the ledger and the rejects") {
  TempDir dir;
  std::map<std::string, std::string> input_of;
  const std::string corpus = write_scored_corpus(dir, input_of);
  write_file(dir / "config.yaml",
             "filters:\n  gopher_quality: {}\n"
             "dedup:\n  url_field: url\n  verify: signature\n  verify_threshold: 0.7\n  keep: field\n"
             "  keep_field: quality_score\n");
  const CommandResult result = run_winnow({"run", corpus, "--output", dir / "out", "--config", dir / "config.yaml",
                                           "--threads", "2", "--quiet"});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const auto texts = winnow::dedup::test::texts_by_id({corpus + "/a.jsonl", corpus + "/c.jsonl"});
  check_cluster_report(
      dir / "out", "field", [&](const std::string& id) { return input_of.at(id); }, texts, true);
  CHECK(read_file(dir / "out/dedup.json").find("\"keep_field\": \"quality_score\"") != std::string::npos);
}

TEST_CASE("keep longest as dedup tasks (signatures, plan, remove) equals one winnow run byte for byte") {
  const Flow flow("dedup:\n  keep: longest\n  annotate_kept_clusters: true\n", {kSampleData});
  check_task_flow(flow, 3);
  // pass 2 in its own process: its report is checked like one run's (its stages table has pass 2 only).
  const auto texts = winnow::dedup::test::texts_by_id({kSampleData + "/web-00.jsonl.zst", kSampleData + "/web-02.jsonl"});
  check_cluster_report(flow.dir / "tasks-3", "longest", sample_data_input, texts, false);
}

TEST_CASE("keep field as dedup tasks (signatures, plan, remove) equals one winnow run byte for byte") {
  TempDir corpus_dir;
  std::map<std::string, std::string> input_of;
  const std::string corpus = write_scored_corpus(corpus_dir, input_of);
  const Flow flow("filters:\n  gopher_quality: {}\n"
                  "dedup:\n  url_field: url\n  verify: signature\n  verify_threshold: 0.7\n  keep: field\n"
                  "  keep_field: quality_score\n",
                  {corpus});
  check_task_flow(flow, 4);  // 4 tasks for 3 inputs: one task has none
}

TEST_CASE("run tasks refuse keep longest and field with a message naming what to run instead") {
  for (const char* keep : {"longest", "field"}) {
    CAPTURE(keep);
    const Flow flow(std::string("dedup:\n  keep: ") + keep + "\n", {kSampleData});
    const CommandResult task = flow.command({"run", "--quiet", "--task", "0", "--tasks", "2"}, "out");
    CHECK(task.exit_code != 0);
    CHECK(task.err.find("run tasks (winnow run --task I --tasks N) support dedup.keep: first only, not " +
                        std::string(keep)) != std::string::npos);
    CHECK(task.err.find("winnow dedup remove") != std::string::npos);
    CHECK(!fs::exists(flow.dir / "out/.tasks"));  // refused before the task made its folder
    const CommandResult finish = flow.command({"run", "--quiet", "--finish", "--tasks", "2"}, "out");
    CHECK(finish.exit_code != 0);
    CHECK(finish.err.find("support dedup.keep: first only, not " + std::string(keep)) != std::string::npos);
  }
}
