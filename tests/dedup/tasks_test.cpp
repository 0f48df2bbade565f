// The staged dedup mode's stages run as separate commands over task ids (winnow dedup signatures / plan /
// remove, docs/DEDUP.md "Staged mode as tasks"): run by hand with several signature tasks, in a shuffled order
// and one of them twice, they write the same kept/ and rejects/ shards as `winnow run --dedup-mode staged` and
// as the streaming mode; a missing or damaged signature task is refused with a message naming it.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <filesystem>
#include <map>

#include "dedup_test_support.h"
#include "support/test_support.h"

namespace {

using namespace winnow::test;
using winnow::dedup::test::shard_files;
namespace fs = std::filesystem;

const std::string kSampleData = std::string(WINNOW_SOURCE_DIR) + "/sample_data";

// Filters before dedup (so both passes must number the same survivors), URL keys and verification (so the
// sketches are joined too), a threshold that rejects candidates.
const std::string kYaml =
    "filters:\n  gopher_quality: {}\n"
    "dedup:\n  url_field: url\n  verify: signature\n  verify_threshold: 0.9\n";

struct Setup {
  TempDir dir;
  std::string config;
  Setup() : config(dir / "config.yaml") { write_file(config, kYaml); }

  CommandResult stage(const std::string& out, const std::vector<std::string>& stage_args) {
    std::vector<std::string> args = {"dedup"};
    args.insert(args.end(), stage_args.begin(), stage_args.end());
    for (const std::string& extra : {kSampleData, std::string("--output"), dir / out, std::string("--config"), config,
                                     std::string("--threads"), std::string("2")}) {
      args.push_back(extra);
    }
    return run_winnow(args);
  }
  CommandResult signatures(const std::string& out, unsigned task, unsigned tasks) {
    return stage(out, {"signatures", "--task", std::to_string(task), "--tasks", std::to_string(tasks)});
  }
  CommandResult run(const std::string& out, const std::string& mode) {
    return run_winnow({"run", kSampleData, "--output", dir / out, "--config", config, "--threads", "2", "--quiet",
                       "--dedup-mode", mode, "--memory-limit", "32K"});
  }
};

std::string member(simdjson::dom::element element, std::initializer_list<const char*> path) {
  for (const char* key : path) element = element[key];
  return simdjson::minify(element);
}

std::string manifest_path(const std::string& out, unsigned task, unsigned tasks) {
  return out + "/.dedup-staged/signatures-" + std::to_string(task) + "-of-" + std::to_string(tasks) +
         "/manifest.json";
}

}  // namespace

TEST_CASE("dedup stages run as tasks by hand write the same outputs as winnow run") {
  Setup setup;
  REQUIRE(setup.run("streaming", "streaming").exit_code == 0);
  REQUIRE(setup.run("staged", "staged").exit_code == 0);
  const auto streaming = shard_files(setup.dir / "streaming");
  REQUIRE(streaming.size() == 6);
  REQUIRE(shard_files(setup.dir / "staged") == streaming);

  // 3 tasks: one input each (sizes 603, 768, 505 KB); 4 tasks: task 1's share holds no input's middle, so it
  // has none.
  for (const unsigned tasks : {3u, 4u}) {
    CAPTURE(tasks);
    const std::string out = "tasks-" + std::to_string(tasks);
    std::vector<unsigned> order = {tasks - 1, 0};
    for (unsigned task = 1; task + 1 < tasks; ++task) order.push_back(task);
    order.push_back(0);  // task 0 again: complete, so nothing happens
    std::string first_manifest;
    std::vector<std::string> inputs_in_task_order(tasks);
    for (std::size_t i = 0; i < order.size(); ++i) {
      const CommandResult result = setup.signatures(out, order[i], tasks);
      REQUIRE_MESSAGE(result.exit_code == 0, result.err);
      const std::string manifest = read_file(manifest_path(setup.dir / out, order[i], tasks));
      if (i == 1) first_manifest = manifest;
      if (i + 1 == order.size()) {
        CHECK(result.err.find("task 0 of " + std::to_string(tasks) + " is complete already") != std::string::npos);
        CHECK(manifest == first_manifest);
      }
      simdjson::dom::parser parser;
      simdjson::dom::element root;
      REQUIRE(parser.parse(manifest).get(root) == simdjson::SUCCESS);
      CHECK(root["task"].get_uint64().value() == order[i]);
      CHECK(root["tasks"].get_uint64().value() == tasks);
      std::string names;
      simdjson::dom::array inputs;
      REQUIRE(root["inputs"].get(inputs) == simdjson::SUCCESS);
      for (simdjson::dom::element input : inputs) {
        std::string_view path;
        REQUIRE(input["path"].get(path) == simdjson::SUCCESS);
        names += fs::path(std::string(path)).filename().string() + " ";
      }
      inputs_in_task_order[order[i]] = names;
    }
    // The tasks' ranges, in task order, are every input once, in the order run reads them.
    std::string all;
    for (const std::string& names : inputs_in_task_order) all += names;
    CHECK(all == "web-00.jsonl.zst web-01.jsonl.gz web-02.jsonl ");
    if (tasks == 4) CHECK(inputs_in_task_order[1].empty());

    const CommandResult plan = setup.stage(out, {"plan", "--tasks", std::to_string(tasks), "--memory-limit", "32K"});
    REQUIRE_MESSAGE(plan.exit_code == 0, plan.err);
    CHECK(!fs::exists(fs::path(manifest_path(setup.dir / out, 0, tasks)).parent_path()));  // joined, deleted
    const CommandResult plan_again = setup.stage(out, {"plan", "--tasks", std::to_string(tasks)});
    CHECK(plan_again.exit_code == 0);
    CHECK(plan_again.err.find("the plan is complete already") != std::string::npos);
    const CommandResult remove = setup.stage(out, {"remove", "--quiet"});
    REQUIRE_MESSAGE(remove.exit_code == 0, remove.err);
    const RunOutputs outputs = check_outputs(setup.dir / out);
    CHECK(shard_files(setup.dir / out) == streaming);  // byte for byte
    CHECK(!fs::exists(setup.dir / (out + "/.dedup-staged")));

    simdjson::dom::parser a, b;
    simdjson::dom::element staged_stats, task_stats;
    const std::string staged_text = read_file(setup.dir / "staged/stats.json");
    REQUIRE(a.parse(staged_text).get(staged_stats) == simdjson::SUCCESS);
    REQUIRE(b.parse(outputs.stats).get(task_stats) == simdjson::SUCCESS);
    CHECK(member(staged_stats, {"totals"}) == member(task_stats, {"totals"}));
    CHECK(member(staged_stats, {"inputs"}) == member(task_stats, {"inputs"}));
    for (const char* key : {"documents", "kept", "exact_duplicates", "url_duplicates", "near_duplicates",
                            "rejected_by_verification", "clusters"}) {
      CAPTURE(key);
      CHECK(member(staged_stats, {"stages", "dedup", "dedup", key}) ==
            member(task_stats, {"stages", "dedup", "dedup", key}));
    }
    CHECK(member(task_stats, {"stages", "dedup", "dedup", "rejected_by_verification"}) != "0");
    std::string_view reason;
    REQUIRE(task_stats["stages"]["dedup"]["dedup"]["staged"]["reason"].get(reason) == simdjson::SUCCESS);
    CHECK(std::string(reason) ==
          "winnow dedup plan (" + std::to_string(tasks) + " signature tasks)");
  }
}

TEST_CASE("dedup plan refuses a missing or damaged signature task and remove needs a plan") {
  Setup setup;
  REQUIRE(setup.signatures("out", 0, 3).exit_code == 0);
  REQUIRE(setup.signatures("out", 2, 3).exit_code == 0);
  const CommandResult missing = setup.stage("out", {"plan", "--tasks", "3"});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find("signature task 1 of 3 has not completed") != std::string::npos);
  CHECK(missing.err.find("winnow dedup signatures --task 1 --tasks 3") != std::string::npos);

  const CommandResult no_plan = setup.stage("out", {"remove", "--quiet"});
  CHECK(no_plan.exit_code == 1);
  CHECK(no_plan.err.find("no staged dedup plan") != std::string::npos);

  REQUIRE(setup.signatures("out", 1, 3).exit_code == 0);
  SUBCASE("a manifest edited after its completion marker") {
    const std::string path = manifest_path(setup.dir / "out", 1, 3);
    std::string manifest = read_file(path);
    const std::size_t at = manifest.find("\"documents\": ");
    REQUIRE(at != std::string::npos);
    manifest.insert(at + 13, "1");  // more documents than the task's files hold
    write_file(path, manifest);
    const CommandResult plan = setup.stage("out", {"plan", "--tasks", "3"});
    CHECK(plan.exit_code == 1);
    CHECK(plan.err.find("refusing signature task 1 of 3") != std::string::npos);
    CHECK(plan.err.find("does not match its completion marker") != std::string::npos);
  }
  SUBCASE("a key file changed after the manifest") {
    const std::string path = setup.dir / "out/.dedup-staged/signatures-2-of-3/band-0.rec";
    std::string bytes = read_file(path);
    REQUIRE(bytes.size() > 100);
    bytes[50] = static_cast<char>(bytes[50] ^ 1);
    write_file(path, bytes);
    const CommandResult plan = setup.stage("out", {"plan", "--tasks", "3"});
    CHECK(plan.exit_code == 1);
    CHECK(plan.err.find("refusing signature task 2 of 3") != std::string::npos);
    CHECK(plan.err.find("band-0.rec does not match its checksum") != std::string::npos);
  }
  SUBCASE("a different task count") {
    const CommandResult plan = setup.stage("out", {"plan", "--tasks", "2"});
    CHECK(plan.exit_code == 1);
    CHECK(plan.err.find("signature task 0 of 2 has not completed") != std::string::npos);
  }
  SUBCASE("a task number out of range") {
    const CommandResult bad = setup.signatures("out", 3, 3);
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("--task must be from 0 to 2") != std::string::npos);
  }
}
