// The plan's buckets split into tasks (`winnow dedup join`, `winnow dedup buckets --task K --tasks M`, then
// `winnow dedup plan --bucket-tasks M`; docs/DEDUP.md "Staged mode as tasks"): the same removals.rec and
// plan.json (but timings and scratch sizes) as a plan that builds every bucket itself, and so the same kept/ and
// rejects/ bytes as one streaming `winnow run`; and the stages refused when out of order or mixed.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "support/test_support.h"

namespace {

using namespace winnow::test;
namespace fs = std::filesystem;

// Every file below DIR/kept and DIR/rejects, by relative path, with its bytes.
std::map<std::string, std::string> output_files(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const char* folder : {"kept", "rejects"}) {
    const fs::path root = fs::path(dir) / folder;
    if (!fs::exists(root)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (entry.is_regular_file()) files[fs::relative(entry.path(), dir).string()] = read_file(entry.path().string());
    }
  }
  return files;
}

const char* const kWords[] = {"river", "mountain", "garden", "library", "window", "morning", "silver", "engine",
                              "travel", "market", "history", "science", "quiet", "bright", "simple", "yellow",
                              "winter", "summer", "letter", "station", "village", "harbor", "forest", "candle",
                              "bridge", "music", "paper", "stone", "cloud", "orange", "planet", "doctor"};

// 60 words from a seeded generator.
std::string document_text(std::uint64_t seed) {
  std::uint64_t state = seed * 7919 + 17;
  std::string text;
  for (int w = 0; w < 60; ++w) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    text += (w == 0 ? "" : " ") + std::string(kWords[(state >> 33) % std::size(kWords)]);
  }
  return text;
}

// Four inputs (plain, gzip, zstd); later ones repeat earlier documents exactly, nearly (first word changed)
// and by URL, and the first repeats itself; one line is not JSON.
void write_inputs(const std::string& dir) {
  fs::create_directories(dir);
  const int documents[] = {220, 60, 100, 30};  // 409 records: more than a 4 KiB sort run holds
  for (int file = 0; file < 4; ++file) {
    std::string lines;
    for (int d = 0; d < documents[file]; ++d) {
      const std::string id = "f" + std::to_string(file) + "-" + std::to_string(d);
      std::string url = "https://example.org/" + id;
      std::string text = document_text(static_cast<std::uint64_t>(file * 1000 + d));
      if (file > 0 && d % 4 == 1) text = document_text(static_cast<std::uint64_t>(d * 3 % 90));  // exact
      if (file > 0 && d % 5 == 2) text = "Paper" + document_text(static_cast<std::uint64_t>(d % 90)).substr(5);
      if (d % 7 == 3) url = "https://example.org/f0-" + std::to_string(d % 40);  // an earlier document's URL
      if (file == 0 && d % 9 == 5) text = document_text(static_cast<std::uint64_t>(d / 2));
      lines += "{\"id\":\"" + id + "\",\"url\":\"" + url + "\",\"text\":\"" + text + "\"}\n";
      if (file == 2 && d == 10) lines += "{not json\n";
    }
    const std::string base = dir + "/in-" + std::to_string(file);
    if (file == 1) {
      write_file(base + ".jsonl.gz", gzip_compress(lines));
    } else if (file == 3) {
      write_file(base + ".jsonl.zst", zstd_compress(lines));
    } else {
      write_file(base + ".jsonl", lines);
    }
  }
}

// plan.json without the members that measure rather than decide: times and scratch sizes.
std::string plan_without_measurements(const std::string& plan_json) {
  std::string kept;
  for (const std::string& line : lines_of(plan_json)) {
    if (line.find("_seconds\"") != std::string::npos || line.find("\"scratch_bytes") != std::string::npos) continue;
    kept += line + "\n";
  }
  return kept;
}

struct Fixture {
  TempDir dir;
  std::string inputs = dir / "inputs";
  Fixture() { write_inputs(inputs); }

  CommandResult winnow(const std::string& out, const std::string& config, std::vector<std::string> args) {
    args.insert(args.end(), {inputs, "--output", dir / out, "--config", config, "--threads", "2"});
    return run_winnow(args);
  }
  int spawn(const std::string& out, const std::string& config, std::vector<std::string> args) {
    args.insert(args.end(), {inputs, "--output", dir / out, "--config", config, "--threads", "1"});
    return spawn_winnow(args);
  }
};

constexpr unsigned kSignatureTasks = 3;
const std::string kN = std::to_string(kSignatureTasks);

void run_signature_tasks(Fixture& fixture, const std::string& out, const std::string& config) {
  for (const unsigned task : {1u, 2u, 0u}) {
    const CommandResult signatures =
        fixture.winnow(out, config, {"dedup", "signatures", "--task", std::to_string(task), "--tasks", kN});
    REQUIRE_MESSAGE(signatures.exit_code == 0, signatures.err);
  }
}

CommandResult buckets(Fixture& fixture, const std::string& out, const std::string& config, unsigned task,
                      unsigned tasks) {
  return fixture.winnow(out, config, {"dedup", "buckets", "--task", std::to_string(task), "--tasks",
                                      std::to_string(tasks), "--memory-limit", "16K"});
}

}  // namespace

TEST_CASE("bucket tasks make the same plan and outputs as one plan and one run") {
  Fixture fixture;
  // Every key space (exact, URL, 14 bands: 16, more than both bucket task counts), and exact only (one
  // space: with 5 bucket tasks, four have none).
  const std::map<std::string, std::string> configs = {
      {"all", "dedup:\n  url_field: url\n  verify: signature\n"},
      {"exact", "dedup:\n  near: false\n"}};
  for (const auto& [name, yaml] : configs) {
    CAPTURE(name);
    const std::string config = fixture.dir / ("config-" + name + ".yaml");
    write_file(config, yaml);
    const std::string single = "single-" + name;
    const CommandResult one = fixture.winnow(single, config, {"run", "--quiet", "--dedup-mode", "streaming"});
    REQUIRE_MESSAGE(one.exit_code == 0, one.err);
    const auto expected = output_files(fixture.dir / single);
    REQUIRE(expected.size() == 8);  // 4 kept, 4 rejects
    std::string rejects;
    for (const auto& [path, bytes] : expected) {
      if (path.rfind("rejects", 0) != 0) continue;
      const bool zstd = path.size() > 4 && path.compare(path.size() - 4, 4, ".zst") == 0;
      rejects += zstd ? zstd_decompress_file(fixture.dir / (single + "/" + path)) : bytes;
    }
    CHECK(rejects.find("exact_duplicate") != std::string::npos);
    CHECK(rejects.find(name == "all" ? "near_duplicate" : "exact_duplicate") != std::string::npos);

    // The reference: the plan building every bucket itself.
    const std::string reference = "reference-" + name;
    run_signature_tasks(fixture, reference, config);
    const CommandResult reference_plan =
        fixture.winnow(reference, config, {"dedup", "plan", "--tasks", kN, "--memory-limit", "16K"});
    REQUIRE_MESSAGE(reference_plan.exit_code == 0, reference_plan.err);
    const std::string reference_removals = read_file(fixture.dir / (reference + "/.dedup-staged/removals.rec"));
    const std::string reference_plan_json =
        plan_without_measurements(read_file(fixture.dir / (reference + "/.dedup-staged/plan.json")));
    CHECK(!reference_removals.empty());
    // 16K: the sorts run out of memory (more sorted runs than key spaces).
    const std::size_t runs_at = reference_plan_json.find("\"key_sort_runs\": ");
    REQUIRE(runs_at != std::string::npos);
    CHECK(std::stoul(reference_plan_json.substr(runs_at + 17)) > (name == "all" ? 16u : 1u));

    for (const unsigned m : {2u, 5u}) {
      CAPTURE(m);
      const std::string out = "tasks-" + name + "-" + std::to_string(m);
      const std::string scratch = fixture.dir / (out + "/.dedup-staged");
      run_signature_tasks(fixture, out, config);

      // Buckets before the join: refused, saying what to run.
      const CommandResult early = buckets(fixture, out, config, 0, m);
      CHECK(early.exit_code == 1);
      CHECK(early.err.find("not joined") != std::string::npos);
      CHECK(early.err.find("winnow dedup join") != std::string::npos);
      CHECK(!fs::exists(scratch + "/buckets-0-of-" + std::to_string(m) + ".done"));

      const CommandResult join = fixture.winnow(out, config, {"dedup", "join", "--tasks", kN});
      REQUIRE_MESSAGE(join.exit_code == 0, join.err);
      CHECK(fs::exists(scratch + "/joined.json"));
      CHECK(!fs::exists(scratch + "/signatures-0-of-" + kN));
      const std::string joined = read_file(scratch + "/joined.json");
      const CommandResult join_again = fixture.winnow(out, config, {"dedup", "join", "--tasks", kN});
      CHECK(join_again.exit_code == 0);
      CHECK(join_again.err.find("joined already") != std::string::npos);
      CHECK(read_file(scratch + "/joined.json") == joined);
      const CommandResult join_other = fixture.winnow(out, config, {"dedup", "join", "--tasks", "4"});
      CHECK(join_other.exit_code == 1);

      // Bucket tasks but 0 and M-1 in a shuffled order, the first of them twice (the second does nothing).
      std::vector<unsigned> others;
      for (unsigned k = 1; k + 1 < m; ++k) others.push_back(k);
      if (others.empty()) others.push_back(m - 1);
      std::vector<unsigned> order;
      for (std::size_t k = 0; k < others.size(); ++k) order.push_back(others[(k * 2 + 1) % others.size()]);
      order.push_back(order.front());
      for (std::size_t i = 0; i < order.size(); ++i) {
        const CommandResult task = buckets(fixture, out, config, order[i], m);
        REQUIRE_MESSAGE(task.exit_code == 0, task.err);
        if (i + 1 == order.size()) {
          CHECK(task.err.find("task " + std::to_string(order[i]) + " of " + std::to_string(m) +
                              " is complete already") != std::string::npos);
        }
      }
      const CommandResult missing =
          fixture.winnow(out, config, {"dedup", "plan", "--tasks", kN, "--bucket-tasks", std::to_string(m)});
      CHECK(missing.exit_code == 1);
      CHECK(missing.err.find("bucket task 0 of " + std::to_string(m) + " has not completed") != std::string::npos);
      CHECK(missing.err.find("winnow dedup buckets --task 0 --tasks " + std::to_string(m)) != std::string::npos);
      // A plan that would build the buckets itself, and bucket tasks or a plan of another count: refused.
      const CommandResult whole = fixture.winnow(out, config, {"dedup", "plan", "--tasks", kN});
      CHECK(whole.exit_code == 1);
      CHECK(whole.err.find("--bucket-tasks " + std::to_string(m)) != std::string::npos);
      const CommandResult other_task = buckets(fixture, out, config, 0, m + 1);
      CHECK(other_task.exit_code == 1);
      CHECK(other_task.err.find("another count") != std::string::npos);
      const CommandResult other_plan =
          fixture.winnow(out, config, {"dedup", "plan", "--tasks", kN, "--bucket-tasks", std::to_string(m + 1)});
      CHECK(other_plan.exit_code == 1);
      CHECK(other_plan.err.find("another count") != std::string::npos);
      CHECK(!fs::exists(scratch + "/plan.json"));

      // The tasks left out, at the same time: separate processes on the shared folder.
      std::vector<int> pids;
      for (const unsigned k : std::vector<unsigned>{0, m - 1}) {
        pids.push_back(fixture.spawn(out, config, {"dedup", "buckets", "--task", std::to_string(k), "--tasks",
                                                   std::to_string(m), "--memory-limit", "16K"}));
      }
      for (const int pid : pids) CHECK(wait_for(pid) == 0);
      std::size_t tasks_without_space = 0, spaces_sorted = 0;
      for (unsigned k = 0; k < m; ++k) {
        const std::string marker = scratch + "/buckets-" + std::to_string(k) + "-of-" + std::to_string(m) + ".done";
        REQUIRE(fs::exists(marker));
        simdjson::dom::parser parser;
        simdjson::dom::element root;
        REQUIRE(parser.load(marker).get(root) == simdjson::SUCCESS);
        simdjson::dom::array spaces;
        REQUIRE(root["spaces"].get(spaces) == simdjson::SUCCESS);
        tasks_without_space += spaces.size() == 0 ? 1 : 0;
        spaces_sorted += spaces.size();
      }
      CHECK(spaces_sorted == (name == "all" ? 16u : 1u));
      CHECK(tasks_without_space == (name == "exact" ? m - 1 : 0));

      const CommandResult plan = fixture.winnow(
          out, config, {"dedup", "plan", "--tasks", kN, "--bucket-tasks", std::to_string(m), "--memory-limit", "16K"});
      REQUIRE_MESSAGE(plan.exit_code == 0, plan.err);
      CHECK(read_file(scratch + "/removals.rec") == reference_removals);
      CHECK(plan_without_measurements(read_file(scratch + "/plan.json")) == reference_plan_json);
      if (name == "exact") {  // no sketches: the plan can be made again from the bucket tasks' folders
        fs::remove(scratch + "/plan.json");
        const CommandResult again = fixture.winnow(
            out, config, {"dedup", "plan", "--tasks", kN, "--bucket-tasks", std::to_string(m), "--memory-limit", "16K"});
        REQUIRE_MESSAGE(again.exit_code == 0, again.err);
        CHECK(read_file(scratch + "/removals.rec") == reference_removals);
        CHECK(plan_without_measurements(read_file(scratch + "/plan.json")) == reference_plan_json);
      }
      const CommandResult late = buckets(fixture, out, config, 0, m);
      CHECK(late.exit_code == 0);
      CHECK(late.err.find("complete already") != std::string::npos);

      for (const unsigned task : {2u, 0u, 1u}) {
        const CommandResult run =
            fixture.winnow(out, config, {"run", "--quiet", "--task", std::to_string(task), "--tasks", kN});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
      }
      const CommandResult finish = fixture.winnow(out, config, {"run", "--quiet", "--finish", "--tasks", kN});
      REQUIRE_MESSAGE(finish.exit_code == 0, finish.err);
      CHECK(output_files(fixture.dir / out) == expected);  // kept/ and rejects/ byte for byte
      check_outputs(fixture.dir / out);
      CHECK(!fs::exists(scratch));
    }
  }
}

TEST_CASE("bucket task options are checked") {
  Fixture fixture;
  const std::string config = fixture.dir / "config.yaml";
  write_file(config, "dedup: {}\n");
  CHECK(fixture.winnow("out", config, {"dedup", "buckets", "--tasks", "2"}).exit_code == 2);
  CHECK(fixture.winnow("out", config, {"dedup", "buckets", "--task", "2", "--tasks", "2"}).exit_code == 2);
  CHECK(fixture.winnow("out", config, {"dedup", "join", "--task", "0", "--tasks", "2"}).exit_code == 2);
  CHECK(fixture.winnow("out", config, {"dedup", "signatures", "--task", "0", "--tasks", "2", "--bucket-tasks", "2"})
            .exit_code == 2);
  const CommandResult no_join = fixture.winnow("out", config, {"dedup", "plan", "--tasks", "2", "--bucket-tasks", "2"});
  CHECK(no_join.exit_code == 1);
  CHECK(no_join.err.find("winnow dedup join") != std::string::npos);
  const CommandResult join = fixture.winnow("out", config, {"dedup", "join", "--tasks", "2"});
  CHECK(join.exit_code == 1);
  CHECK(join.err.find("signature task 0 of 2 has not completed") != std::string::npos);
}
