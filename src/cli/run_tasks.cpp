#include "src/cli/run_tasks.h"

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "dedup/dedup_config.h"
#include "dedup/dedup_factory.h"
#include "dedup/minhash_deduplicator.h"
#include "dedup/report_html.h"
#include "dedup/staged/task_merge.h"
#include "filters/filter_factory.h"
#include "src/cli/staged_dedup.h"
#include "src/error.h"
#include "src/io/atomic_file.h"
#include "src/io/file_checksum.h"
#include "src/pipeline/output_layout.h"
#include "src/report/dataset_manifest.h"
#include "src/report/run_report.h"
#include "src/report/stage_stats_merge.h"
#include "tokenizer/token_part.h"
#include "tokenizer/token_sink.h"

namespace winnow {
namespace fs = std::filesystem;
namespace {

std::string tasks_root(const std::string& output_dir) { return output_dir + "/.tasks"; }

std::string task_folder(const std::string& output_dir, unsigned task, unsigned tasks) {
  return tasks_root(output_dir) + "/run-" + std::to_string(task) + "-of-" + std::to_string(tasks);
}

std::string task_name(unsigned task, unsigned tasks) {
  return "run task " + std::to_string(task) + " of " + std::to_string(tasks);
}

std::string task_command(unsigned task, unsigned tasks) {
  return "winnow run INPUT... -o DIR -c CONFIG --task " + std::to_string(task) + " --tasks " + std::to_string(tasks);
}

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<InputFile> task_inputs(const RunRequest& request, unsigned task, unsigned tasks) {
  const TaskRange range = signature_task_inputs(request.inputs, task, tasks);
  return {request.inputs.begin() + static_cast<std::ptrdiff_t>(range.begin),
          request.inputs.begin() + static_cast<std::ptrdiff_t>(range.end)};
}

// The dedup stage of a run task, whose report (dedup.json, report.html) goes to the task's folder instead of
// the output folder: the finish step merges the tasks' reports.
class TaskDeduplicator final : public Deduplicator {
 public:
  TaskDeduplicator(std::unique_ptr<Deduplicator> inner, std::string report_dir)
      : inner_(std::move(inner)), report_dir_(std::move(report_dir)) {}
  std::string_view name() const override { return inner_->name(); }
  void prepare(Document& doc) const override { inner_->prepare(doc); }
  Verdict check(Document& doc) override { return inner_->check(doc); }
  void write_stats(JsonBuilder& json) const override { inner_->write_stats(json); }
  void finish(const std::string& /*output_dir*/) override { inner_->finish(report_dir_); }

 private:
  std::unique_ptr<Deduplicator> inner_;
  std::string report_dir_;
};

std::string task_json(const RunRequest& request, const std::vector<InputFile>& inputs, unsigned task,
                      unsigned tasks) {
  JsonBuilder json(2);
  begin_task_json(json, request, task, tasks);
  json.begin_array("inputs");
  for (const InputFile& input : inputs) {
    json.begin_object().value("path", input.path).value("bytes", input.size).end_object();
  }
  json.end_array();
  json.end_object();
  return json.str() + "\n";
}

// True when a finish step of this run (same task count and config) completed in this folder: its stats.json
// says so, the manifest exists, and the task folders are gone.
bool run_finished(const RunRequest& request, unsigned tasks) {
  const std::string stats = OutputLayout(request.output_dir).stats_path();
  if (fs::exists(tasks_root(request.output_dir)) || !fs::exists(request.output_dir + "/manifest.json") ||
      !fs::exists(stats)) {
    return false;
  }
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  std::string_view fingerprint;
  std::uint64_t finished_tasks = 0;
  if (parser.load(stats).get(root) || root["config_fingerprint"].get(fingerprint) ||
      root["run_tasks"]["tasks"].get(finished_tasks)) {
    return false;
  }
  return fingerprint == request.config.fingerprint() && finished_tasks == tasks;
}

// What the finish step takes from one complete run task.
struct TaskResult {
  std::string folder;
  simdjson::dom::parser parser;
  simdjson::dom::element stats;  // the task's stats.json
};

// Checks run task `task`: complete, its task.json matching its marker, this config and its inputs now.
void check_task(const RunRequest& request, unsigned task, unsigned tasks, TaskResult& result) {
  const std::string folder = task_folder(request.output_dir, task, tasks);
  const std::string name = task_name(task, tasks);
  if (!fs::exists(folder + "/done")) {
    throw Error(name + " has not completed (no " + folder + "/done): run '" + task_command(task, tasks) + "' first");
  }
  const auto refuse = [&](const std::string& why) {
    return Error("refusing " + name + " (" + folder + "): " + why + "; delete " + folder + " and run '" +
                 task_command(task, tasks) + "' again");
  };
  if (checksum_file(folder + "/task.json").xxh3 != read_whole_file(folder + "/done")) {
    throw refuse("task.json does not match its completion marker");
  }
  if (read_whole_file(folder + "/task.json") != task_json(request, task_inputs(request, task, tasks), task, tasks)) {
    throw refuse("it was run with another config, task count or other inputs");
  }
  result.folder = folder;
  if (result.parser.load(folder + "/stats.json").get(result.stats)) throw refuse("its stats.json is damaged");
}

std::vector<std::string> members_at(const std::vector<TaskResult>& results, const char* group, std::size_t index,
                                    std::vector<std::string>& names) {
  std::vector<std::string> fragments;
  for (const TaskResult& result : results) {
    simdjson::dom::object members;
    if (result.stats["stages"][group].get(members)) throw Error(result.folder + "/stats.json: no stages." + group);
    std::size_t i = 0;
    for (const auto field : members) {
      if (i++ != index) continue;
      if (names.size() <= index) names.emplace_back(field.key);
      fragments.push_back(simdjson::minify(field.value));
    }
  }
  return fragments;
}

// stats.json's removed_by_source of the dedup stage: the tasks' counts summed per (removed in, duplicate of
// in), ordered as one run orders them (by the inputs' order).
std::string merged_removed_by_source(const RunRequest& request, const std::vector<TaskResult>& results) {
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < request.inputs.size(); ++i) position.emplace(request.inputs[i].name, i);
  const auto at = [&](const std::string& name) {
    const auto found = position.find(name);
    return found == position.end() ? request.inputs.size() : found->second;
  };
  std::map<std::pair<std::size_t, std::size_t>, std::pair<std::pair<std::string, std::string>, std::uint64_t>> cells;
  for (const TaskResult& result : results) {
    simdjson::dom::array removals;
    if (result.stats["stages"]["dedup"]["dedup"]["removed_by_source"].get(removals)) continue;
    for (simdjson::dom::element cell : removals) {
      std::string_view removed_in, duplicate_of_in;
      std::uint64_t documents = 0;
      if (cell["removed_in"].get(removed_in) || cell["duplicate_of_in"].get(duplicate_of_in) ||
          cell["documents"].get(documents)) {
        throw Error(result.folder + "/stats.json: damaged removed_by_source");
      }
      auto& entry = cells[{at(std::string(removed_in)), at(std::string(duplicate_of_in))}];
      entry.first = {std::string(removed_in), std::string(duplicate_of_in)};
      entry.second += documents;
    }
  }
  JsonBuilder json(0);
  json.begin_array();
  for (const auto& [key, entry] : cells) {
    json.begin_object();
    json.value("removed_in", entry.first.first);
    json.value("duplicate_of_in", entry.first.second);
    json.value("documents", entry.second);
    json.end_object();
  }
  json.end_array();
  return json.str();
}

// Deletes what a killed earlier run of this task left under temporary names (src/io/atomic_file.h) beside its
// inputs' shards and markers. Only this task writes those names: the inputs of the tasks are disjoint.
void remove_own_temp_files(const OutputLayout& layout, const std::vector<InputFile>& inputs) {
  for (const InputFile& input : inputs) {
    for (const std::string& path :
         {layout.kept_path(input.name), layout.rejects_path(input.name), layout.marker_path(input.name)}) {
      const fs::path file(path);
      std::error_code error;
      if (!fs::is_directory(file.parent_path(), error)) continue;
      const std::string prefix = file.filename().string() + ".tmp.";
      for (const auto& entry : fs::directory_iterator(file.parent_path(), error)) {
        if (entry.path().filename().string().rfind(prefix, 0) == 0) fs::remove(entry.path(), error);
      }
    }
  }
}

std::string object_of(const std::function<void(JsonBuilder&)>& write) {
  JsonBuilder json(0);
  json.begin_object();
  write(json);
  json.end_object();
  return json.str();
}

}  // namespace

bool run_task(const RunRequest& all, unsigned task, unsigned tasks, bool quiet) {
  if (all.config.dedup.present()) refuse_keep_rule_in_run_tasks(dedup_config_of(all.config));  // before any folder
  const std::string folder = task_folder(all.output_dir, task, tasks);
  if (fs::exists(folder + "/done") || run_finished(all, tasks)) return false;
  RunRequest request = all;
  request.inputs = task_inputs(all, task, tasks);
  request.resume = false;
  request.remove_stale_temp_files = false;  // other tasks write in this folder at the same time
  const std::string building = folder + ".partial";
  fs::remove_all(building);  // what a stopped run of this task left
  remove_own_temp_files(OutputLayout(all.output_dir), request.inputs);
  fs::create_directories(building);

  Stages stages;
  stages.filters = make_filters(request.config);
  if (request.config.dedup.present()) {
    const dedup::DedupConfig dedup_config = dedup_config_of(request.config);
    if (!dedup_config.save_index.empty() || !dedup_config.against_index.empty()) {
      throw Error("run tasks apply the staged dedup plan; saved indexes (save_index, against_index) work with one "
                  "streaming `winnow run` only");
    }
    apply_staged_plan_to_task(all, stages, dedup_config, task, tasks);
    stages.deduplicator = std::make_unique<TaskDeduplicator>(std::move(stages.deduplicator), building);
  }
  if (auto sink = tokenizer::make_token_part_sink(request.config, building + "/tokens.part")) {
    stages.sinks.push_back(std::move(sink));
  }
  const RunReport report = run_pipeline(request, stages);
  const bool durable = request.config.output.fsync;
  write_file_atomically(building + "/stats.json", stats_json(report), durable);
  write_file_atomically(building + "/task.json", task_json(all, request.inputs, task, tasks), durable);
  write_file_atomically(building + "/done", checksum_file(building + "/task.json").xxh3, durable);
  fs::remove_all(folder);
  fs::rename(building, folder);
  if (!quiet) {
    std::cout << "winnow: " << task_name(task, tasks) << " done; run 'winnow run ... --finish --tasks " << tasks
              << "' when all are\n";
    print_summary(report, all.output_dir, std::cout);
  }
  return true;
}

bool finish_run_tasks(const RunRequest& request, unsigned tasks, bool quiet) {
  if (request.config.dedup.present()) refuse_keep_rule_in_run_tasks(dedup_config_of(request.config));
  if (run_finished(request, tasks)) {
    remove_staged_scratch(request.output_dir);  // a finish step stopped between its last two deletions
    return false;
  }
  const auto started = std::chrono::steady_clock::now();
  std::vector<TaskResult> results(tasks);
  for (unsigned task = 0; task < tasks; ++task) check_task(request, task, tasks, results[task]);

  // Every task is complete, so no other process writes here now: what killed runs left goes (as in --resume).
  remove_stale_temp_files(request.output_dir);
  // The ledgers, from each input's completion marker (as --resume takes them).
  const OutputLayout layout(request.output_dir);
  RunReport report;
  report.matched_nothing = request.matched_nothing;
  report.config_fingerprint = request.config.fingerprint();
  report.wrote_kept = request.config.output.write_kept;
  report.wrote_rejects = request.config.output.write_rejects;
  for (unsigned task = 0; task < tasks; ++task) {
    for (const InputFile& input : task_inputs(request, task, tasks)) {
      const auto marker = CompletionMarker::read(layout.marker_path(input.name));
      if (!marker || !marker->completes(input, report.config_fingerprint)) {
        throw Error(input.path + " has no matching completion marker (" + layout.marker_path(input.name) +
                    "), though " + task_name(task, tasks) + " completed; delete " +
                    task_folder(request.output_dir, task, tasks) + " and run '" + task_command(task, tasks) +
                    "' again");
      }
      report.inputs.push_back(InputReport{input, marker->ledger, false});
      report.totals.add(marker->ledger);
    }
  }
  report.totals.warnings["input_matched_no_files"] += request.matched_nothing.size();
  if (request.matched_nothing.empty()) report.totals.warnings.erase("input_matched_no_files");

  // tokens/: the parts' documents, in task order, through the real shard writers.
  std::string sink_stats;
  if (auto sink = tokenizer::make_token_sink(request.config, request.output_dir)) {
    Document doc;
    for (unsigned task = 0; task < tasks; ++task) {
      tokenizer::TokenPartReader part(results[task].folder + "/tokens.part");
      while (part.next(doc.tokens)) sink->consume(doc);
    }
    sink->finish();
    sink_stats = object_of([&](JsonBuilder& json) { sink->write_stats(json); });
  }

  // Each stage's statistics, merged (src/report/stage_stats_merge.h).
  std::vector<std::string> not_merged;
  Stages fresh;  // the stages over no documents: the baseline that tells counters from echoes
  fresh.filters = make_filters(request.config);
  JsonBuilder stages(2);
  stages.begin_object().begin_object("filters");
  for (std::size_t i = 0; i < fresh.filters.size(); ++i) {
    const std::string baseline = object_of([&](JsonBuilder& json) { fresh.filters[i]->write_stats(json); });
    std::vector<std::string> names;
    const std::vector<std::string> fragments = members_at(results, "filters", i, names);
    const std::string name(fresh.filters[i]->name());
    StageMergeResult merged = merge_stage_stats(fragments, baseline, "filters/" + name);
    stages.raw(name, merged.json);
    not_merged.insert(not_merged.end(), merged.not_merged.begin(), merged.not_merged.end());
  }
  stages.end_object();
  if (request.config.dedup.present()) {
    const std::string scratch = request.output_dir + "/.dedup-staged";
    const dedup::DedupConfig dedup_config = dedup_config_of(request.config);
    const dedup::MinHashDeduplicator empty(dedup_config);
    const std::string baseline = object_of([&](JsonBuilder& json) { empty.write_stats(json); });
    std::vector<std::string> fragments;
    for (const TaskResult& result : results) fragments.push_back(simdjson::minify(result.stats["stages"]["dedup"]["dedup"]));
    const dedup::staged::PlanClusters clusters = dedup::staged::count_plan_clusters(scratch);
    using Kind = StageMergeRule::Kind;
    const std::map<std::string, StageMergeRule> rules = {
        {"rejected_by_verification", {Kind::echo, ""}},  // the plan's count, in every task
        {"staged", {Kind::echo, ""}},                    // the plan's summary, in every task
        {"memory", {Kind::not_merged, ""}},              // measured in each task's process
        {"clusters", {Kind::replace, dedup::staged::clusters_stats_json(clusters, scratch)}},
        {"removed_by_source", {Kind::replace, merged_removed_by_source(request, results)}}};
    StageMergeResult merged = merge_stage_stats(fragments, baseline, "dedup/dedup", rules);
    stages.begin_object("dedup").raw("dedup", merged.json).end_object();
    not_merged.insert(not_merged.end(), merged.not_merged.begin(), merged.not_merged.end());

    std::vector<dedup::DedupReport> parts;
    for (const TaskResult& result : results) parts.push_back(dedup::staged::read_dedup_report(result.folder + "/dedup.json"));
    const dedup::DedupReport whole = dedup::staged::merge_task_reports(parts, clusters, scratch);
    write_file_atomically(request.output_dir + "/dedup.json", dedup::dedup_report_json(whole), request.config.output.fsync);
    write_file_atomically(request.output_dir + "/report.html", dedup::render_report_html(whole),
                          request.config.output.fsync);
  }
  stages.begin_object("sinks");
  if (!sink_stats.empty()) stages.raw("tokenizer", sink_stats);
  stages.end_object().end_object();
  report.stages_json = stages.str();

  JsonBuilder run_tasks(0);
  run_tasks.begin_object().value("tasks", static_cast<std::uint64_t>(tasks)).begin_array("not_merged");
  for (const std::string& path : not_merged) run_tasks.value("", path);
  run_tasks.end_array().end_object();
  report.run_tasks_json = run_tasks.str();

  // Timing: the tasks' seconds summed (they may have run in parallel) plus this step's; the most threads.
  for (const TaskResult& result : results) {
    double seconds = 0;
    std::uint64_t threads = 0;
    if (!result.stats["timing"]["seconds"].get(seconds)) report.seconds += seconds;
    if (!result.stats["timing"]["threads"].get(threads)) report.threads = std::max(report.threads, static_cast<unsigned>(threads));
  }
  report.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  write_stats(report, layout.stats_path(), request.config.output.fsync);
  write_dataset_manifest(request.output_dir, report, request.config.output.fsync);
  std::error_code ignored;
  fs::remove_all(tasks_root(request.output_dir), ignored);
  remove_staged_scratch(request.output_dir);
  if (!quiet) print_summary(report, request.output_dir, std::cout);
  return true;
}

}  // namespace winnow
