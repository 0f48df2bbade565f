// A run split into tasks (`winnow run --task I --tasks N`, then `winnow run --finish --tasks N`; docs/DEDUP.md
// "Staged mode as tasks") writes the same kept/, rejects/ and tokens/ bytes and the same ledger as one
// `winnow run`, on generated inputs with duplicates across files, filters that drop and rewrite documents,
// the dedup stage and the tokenizer (Megatron and llm.c shards, small enough that shards span tasks).
#include <doctest/doctest.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "support/test_support.h"

namespace {

using namespace winnow::test;
namespace fs = std::filesystem;

// Every file below DIR/kept, DIR/rejects and DIR/tokens, by relative path, with its bytes.
std::map<std::string, std::string> output_files(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const char* folder : {"kept", "rejects", "tokens"}) {
    const fs::path root = fs::path(dir) / folder;
    if (!fs::exists(root)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (entry.is_regular_file()) files[fs::relative(entry.path(), dir).string()] = read_file(entry.path().string());
    }
  }
  return files;
}

const char* const kWords[] = {
    "the", "and", "of", "to", "that", "with", "have", "be", "river", "mountain", "garden", "library", "window",
    "morning", "silver", "engine", "travel", "market", "history", "science", "quiet", "bright", "simple", "yellow",
    "winter", "summer", "letter", "station", "village", "harbor", "forest", "candle", "bridge", "music", "paper",
    "stone", "cloud", "orange", "planet", "doctor", "farmer", "teacher", "museum", "kitchen", "island", "valley"};

std::uint64_t next_random(std::uint64_t& state) {
  state = state * 6364136223846793005ULL + 1442695040888963407ULL;
  return state >> 33;
}

// ~110 words in 12 sentences over 6 lines: kept by gopher_quality and c4_quality.
std::string document_text(std::uint64_t seed) {
  std::uint64_t state = seed * 7919 + 17;
  std::string text;
  for (int line = 0; line < 6; ++line) {
    if (line > 0) text += "\\n";
    for (int sentence = 0; sentence < 2; ++sentence) {
      const int words = 8 + static_cast<int>(next_random(state) % 4);
      for (int w = 0; w < words; ++w) {
        std::string word = kWords[next_random(state) % std::size(kWords)];
        if (w == 0) word[0] = static_cast<char>(word[0] - 'a' + 'A');
        text += (w == 0 ? (sentence == 0 ? "" : " ") : " ") + word;
      }
      text += ".";
    }
  }
  return text;
}

std::string record(const std::string& id, const std::string& url, const std::string& text) {
  return "{\"id\":\"" + id + "\",\"url\":\"" + url + "\",\"text\":\"" + text + "\"}\n";
}

// Five inputs of very different sizes (plain, gzip, zstd). Later inputs repeat earlier documents exactly,
// nearly (two words changed) and by URL; some documents are too short for the filters; one line is not JSON.
void write_inputs(const std::string& dir) {
  fs::create_directories(dir);
  const int documents[] = {120, 8, 60, 4, 40};
  for (int file = 0; file < 5; ++file) {
    std::string lines;
    for (int d = 0; d < documents[file]; ++d) {
      const std::string id = "f" + std::to_string(file) + "-" + std::to_string(d);
      const std::uint64_t seed = static_cast<std::uint64_t>(file * 1000 + d);
      std::string url = "https://example.org/" + id;
      std::string text = document_text(seed);
      if (file > 0 && d % 5 == 1) text = document_text(static_cast<std::uint64_t>(d * 3 % 120));  // exact
      if (file > 0 && d % 7 == 2) {  // near: the start of an earlier document's text changed
        text = document_text(static_cast<std::uint64_t>(d % 120));
        text.replace(0, 5, "Paper");
      }
      if (d % 11 == 3) url = "https://example.org/f0-" + std::to_string(d % 50);  // same URL as an earlier one
      if (d % 13 == 4) text = "Too short to keep.";
      if (file == 0 && d % 9 == 5) text = document_text(static_cast<std::uint64_t>(d / 2));  // within the input
      lines += record(id, url, text);
      if (file == 2 && d == 10) lines += "{not json\n";
    }
    const std::string base = dir + "/in-" + std::to_string(file);
    if (file == 2) {
      write_file(base + ".jsonl.gz", gzip_compress(lines));
    } else if (file == 4) {
      write_file(base + ".jsonl.zst", zstd_compress(lines));
    } else {
      write_file(base + ".jsonl", lines);
    }
  }
}

std::string config_yaml(const std::string& format, bool dedup) {
  std::string yaml = "filters:\n  gopher_quality: {}\n  c4_quality: {}\n";
  if (dedup) yaml += "dedup:\n  url_field: url\n  verify: signature\n";
  yaml += "tokenizer:\n  encoding: gpt2\n  format: " + format + "\n";
  if (format == "llmc") yaml += "  shard_tokens: 4000\n";
  return yaml;
}

struct Fixture {
  TempDir dir;
  std::string inputs = dir / "inputs";
  Fixture() { write_inputs(inputs); }

  CommandResult winnow(const std::string& out, const std::string& config, std::vector<std::string> args) {
    args.insert(args.end(), {inputs, "--output", dir / out, "--config", config, "--threads", "2"});
    return run_winnow(args);
  }
};

simdjson::dom::element parse(simdjson::dom::parser& parser, const std::string& path) {
  simdjson::dom::element root;
  REQUIRE(parser.load(path).get(root) == simdjson::SUCCESS);
  return root;
}

std::string member(simdjson::dom::element element, std::initializer_list<const char*> path) {
  for (const char* key : path) element = element[key];
  return simdjson::minify(element);
}

// The stats.json members that one run and a finished task run must agree on (all but timing, memory and the
// staged plan's reason and times).
void check_same_stats(const std::string& single_dir, const std::string& tasks_dir, bool dedup) {
  simdjson::dom::parser single_parser, tasks_parser;
  const simdjson::dom::element single = parse(single_parser, single_dir + "/stats.json");
  const simdjson::dom::element tasks = parse(tasks_parser, tasks_dir + "/stats.json");
  CHECK(member(single, {"totals"}) == member(tasks, {"totals"}));
  CHECK(member(single, {"invariant_holds"}) == "true");
  CHECK(member(tasks, {"invariant_holds"}) == "true");
  CHECK(member(single, {"config_fingerprint"}) == member(tasks, {"config_fingerprint"}));
  simdjson::dom::array single_inputs = single["inputs"], task_inputs = tasks["inputs"];
  REQUIRE(single_inputs.size() == task_inputs.size());
  for (std::size_t i = 0; i < single_inputs.size(); ++i) {
    CHECK(member(single_inputs.at(i).value(), {"path"}) == member(task_inputs.at(i).value(), {"path"}));
    CHECK(member(single_inputs.at(i).value(), {"read"}) == member(task_inputs.at(i).value(), {"read"}));
    CHECK(member(single_inputs.at(i).value(), {"dropped"}) == member(task_inputs.at(i).value(), {"dropped"}));
    CHECK(member(single_inputs.at(i).value(), {"duplicates"}) == member(task_inputs.at(i).value(), {"duplicates"}));
  }
  // Filters (counters summed, thresholds echoed) and the tokenizer: as one run.
  CHECK(member(single, {"stages", "filters"}) == member(tasks, {"stages", "filters"}));
  CHECK(member(single, {"stages", "sinks"}) == member(tasks, {"stages", "sinks"}));
  std::string not_merged = dedup ? "[\"dedup/dedup/memory\"]" : "[]";
  CHECK(member(tasks, {"run_tasks", "not_merged"}) == not_merged);
  if (!dedup) return;
  for (const char* key : {"documents", "kept", "exact_duplicates", "url_duplicates", "near_duplicates",
                          "without_signature", "rejected_by_verification", "clusters", "removed_by_source", "lsh"}) {
    CAPTURE(key);
    CHECK(member(single, {"stages", "dedup", "dedup", key}) == member(tasks, {"stages", "dedup", "dedup", key}));
  }
  CHECK(member(tasks, {"stages", "dedup", "dedup", "memory"}) == "null");
  // dedup.json: every count as one run's; the largest clusters too (but their sample texts).
  simdjson::dom::parser single_report_parser, tasks_report_parser;
  const simdjson::dom::element single_report = parse(single_report_parser, single_dir + "/dedup.json");
  const simdjson::dom::element tasks_report = parse(tasks_report_parser, tasks_dir + "/dedup.json");
  for (const char* key : {"settings", "totals", "sources", "duplicates_matrix", "cluster_sizes", "s_curve"}) {
    CAPTURE(key);
    CHECK(member(single_report, {key}) == member(tasks_report, {key}));
  }
  simdjson::dom::array single_largest = single_report["largest_clusters"], tasks_largest = tasks_report["largest_clusters"];
  REQUIRE(single_largest.size() == tasks_largest.size());
  CHECK(single_largest.size() > 0);
  for (std::size_t i = 0; i < single_largest.size(); ++i) {
    for (const char* key : {"cluster", "kept_id", "size", "sample_id"}) {
      CHECK(member(single_largest.at(i).value(), {key}) == member(tasks_largest.at(i).value(), {key}));
    }
  }
  CHECK(read_file(tasks_dir + "/report.html").find("<svg") != std::string::npos);
}

}  // namespace

TEST_CASE("run tasks and finish write the same outputs as one winnow run") {
  Fixture fixture;
  for (const std::string format : {"megatron", "llmc"}) {
    CAPTURE(format);
    const std::string config = fixture.dir / ("config-" + format + ".yaml");
    write_file(config, config_yaml(format, true));
    const std::string single = "single-" + format, staged = "staged-" + format;
    const CommandResult one = fixture.winnow(single, config, {"run", "--quiet", "--dedup-mode", "streaming"});
    REQUIRE_MESSAGE(one.exit_code == 0, one.err);
    const CommandResult one_staged = fixture.winnow(staged, config, {"run", "--quiet", "--dedup-mode", "staged"});
    REQUIRE_MESSAGE(one_staged.exit_code == 0, one_staged.err);
    const auto expected = output_files(fixture.dir / single);
    REQUIRE(expected.size() >= 12);  // 5 kept, 5 rejects, shards and their manifest
    REQUIRE(output_files(fixture.dir / staged) == expected);
    if (format == "llmc") {  // the shards span the inputs (and so the tasks)
      CHECK(expected.count("tokens/tokens_train_000002.bin") == 1);
    }

    for (const unsigned tasks : {3u, 7u}) {  // 7 tasks for 5 inputs: some tasks have none
      CAPTURE(tasks);
      const std::string out = "tasks-" + format + "-" + std::to_string(tasks);
      const std::string n = std::to_string(tasks);
      // A run task with a dedup: section needs the plan.
      const CommandResult early = fixture.winnow(out, config, {"run", "--task", "0", "--tasks", n});
      CHECK(early.exit_code == 1);
      CHECK(early.err.find("`winnow dedup plan` first") != std::string::npos);
      fs::remove_all(fixture.dir / out);

      for (unsigned task = tasks; task-- > 0;) {
        const CommandResult signatures =
            fixture.winnow(out, config, {"dedup", "signatures", "--task", std::to_string(task), "--tasks", n});
        REQUIRE_MESSAGE(signatures.exit_code == 0, signatures.err);
      }
      const CommandResult plan = fixture.winnow(out, config, {"dedup", "plan", "--tasks", n});
      REQUIRE_MESSAGE(plan.exit_code == 0, plan.err);

      // Shuffled order, the last task left out for now, task 1 run twice.
      std::vector<unsigned> order;
      for (unsigned task = 0; task + 1 < tasks; ++task) order.push_back((task * 5 + 2) % (tasks - 1));
      order.push_back(1);
      std::string first_stats;
      for (std::size_t i = 0; i < order.size(); ++i) {
        const CommandResult run =
            fixture.winnow(out, config, {"run", "--quiet", "--task", std::to_string(order[i]), "--tasks", n});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        const std::string task_stats = fixture.dir / (out + "/.tasks/run-1-of-" + n + "/stats.json");
        if (order[i] == 1 && first_stats.empty()) first_stats = read_file(task_stats);
        if (i + 1 == order.size()) {
          CHECK(run.err.find("run task 1 of " + n + " is complete already") != std::string::npos);
          CHECK(read_file(task_stats) == first_stats);  // not run again
        }
      }
      const CommandResult missing = fixture.winnow(out, config, {"run", "--finish", "--tasks", n});
      CHECK(missing.exit_code == 1);
      CHECK(missing.err.find("run task " + std::to_string(tasks - 1) + " of " + n + " has not completed") !=
            std::string::npos);
      CHECK(!fs::exists(fixture.dir / (out + "/stats.json")));

      const CommandResult last =
          fixture.winnow(out, config, {"run", "--quiet", "--task", std::to_string(tasks - 1), "--tasks", n});
      REQUIRE_MESSAGE(last.exit_code == 0, last.err);
      std::size_t tasks_without_input = 0;
      for (unsigned task = 0; task < tasks; ++task) {
        const std::string task_json = read_file(fixture.dir / (out + "/.tasks/run-" + std::to_string(task) + "-of-" + n + "/task.json"));
        tasks_without_input += task_json.find("\"path\"") == std::string::npos ? 1 : 0;
      }
      if (tasks == 7) CHECK(tasks_without_input >= 2);

      const CommandResult finish = fixture.winnow(out, config, {"run", "--quiet", "--finish", "--tasks", n});
      REQUIRE_MESSAGE(finish.exit_code == 0, finish.err);
      CHECK(output_files(fixture.dir / out) == expected);  // kept/, rejects/, tokens/ byte for byte
      check_outputs(fixture.dir / out);
      check_same_stats(fixture.dir / single, fixture.dir / out, true);
      CHECK(!fs::exists(fixture.dir / (out + "/.tasks")));
      CHECK(!fs::exists(fixture.dir / (out + "/.dedup-staged")));
      const CommandResult verify = run_winnow({"verify", fixture.dir / out});
      CHECK_MESSAGE(verify.exit_code == 0, (verify.out + verify.err));

      const std::string manifest = read_file(fixture.dir / (out + "/manifest.json"));
      const CommandResult again = fixture.winnow(out, config, {"run", "--quiet", "--finish", "--tasks", n});
      CHECK(again.exit_code == 0);
      CHECK(again.err.find("complete already") != std::string::npos);
      CHECK(read_file(fixture.dir / (out + "/manifest.json")) == manifest);
    }
  }
}

TEST_CASE("run tasks without a dedup section need no plan") {
  Fixture fixture;
  const std::string config = fixture.dir / "config.yaml";
  write_file(config, config_yaml("llmc", false));
  const CommandResult one = fixture.winnow("single", config, {"run", "--quiet"});
  REQUIRE_MESSAGE(one.exit_code == 0, one.err);
  // What a killed run of task 0 would leave: a partial task folder and a shard under a temporary name.
  fs::create_directories(fixture.dir / "tasks/.tasks/run-0-of-4.partial");
  write_file(fixture.dir / "tasks/.tasks/run-0-of-4.partial/stats.json", "{");
  fs::create_directories(fixture.dir / "tasks/kept");
  write_file(fixture.dir / "tasks/kept/in-0.jsonl.zst.tmp.999999", "torn");
  for (const unsigned task : {2u, 0u, 3u, 1u}) {
    const CommandResult run = fixture.winnow("tasks", config, {"run", "--quiet", "--task", std::to_string(task), "--tasks", "4"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  }
  const CommandResult finish = fixture.winnow("tasks", config, {"run", "--quiet", "--finish", "--tasks", "4"});
  REQUIRE_MESSAGE(finish.exit_code == 0, finish.err);
  CHECK(output_files(fixture.dir / "tasks") == output_files(fixture.dir / "single"));
  check_same_stats(fixture.dir / "single", fixture.dir / "tasks", false);
  CHECK(!fs::exists(fixture.dir / "tasks/dedup.json"));
  CHECK(!fs::exists(fixture.dir / "tasks/kept/in-0.jsonl.zst.tmp.999999"));
  const CommandResult verify = run_winnow({"verify", fixture.dir / "tasks"});
  CHECK_MESSAGE(verify.exit_code == 0, (verify.out + verify.err));
}

TEST_CASE("run task options are checked") {
  Fixture fixture;
  const std::string config = fixture.dir / "config.yaml";
  write_file(config, config_yaml("megatron", false));
  CHECK(fixture.winnow("out", config, {"run", "--task", "4", "--tasks", "4"}).exit_code == 2);
  CHECK(fixture.winnow("out", config, {"run", "--task", "0"}).exit_code == 2);
  CHECK(fixture.winnow("out", config, {"run", "--finish", "--task", "0", "--tasks", "2"}).exit_code == 2);
  CHECK(fixture.winnow("out", config, {"run", "--resume", "--task", "0", "--tasks", "2"}).exit_code == 2);
  const CommandResult finish = fixture.winnow("out", config, {"run", "--finish", "--tasks", "2"});
  CHECK(finish.exit_code == 1);
  CHECK(finish.err.find("run task 0 of 2 has not completed") != std::string::npos);
}
