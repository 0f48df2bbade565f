#include "src/cli/slurm_status.h"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include <simdjson.h>

#include "src/cli/slurm_scheduler.h"

namespace winnow::slurm {

namespace {

const char* const kStateNames[] = {"done", "running", "pending", "failed", "cancelled", "unknown"};

TaskState state_of(const JobRecord& record) {
  const std::string& state = record.state;
  if (state == "RUNNING" || state == "COMPLETING" || state == "CONFIGURING" || state == "STAGE_OUT" ||
      state == "SUSPENDED" || state == "RESIZING" || state == "SIGNALING") {
    return TaskState::running;
  }
  if (state == "PENDING" || state == "REQUEUED" || state == "REQUEUE_HOLD" || state == "REQUEUE_FED" ||
      state == "RESV_DEL_HOLD") {
    return record.reason == "DependencyNeverSatisfied" ? TaskState::cancelled : TaskState::pending;
  }
  if (state == "CANCELLED") return TaskState::cancelled;
  return TaskState::failed;  // FAILED, TIMEOUT, NODE_FAIL, OUT_OF_MEMORY, ..., or COMPLETED without its marker
}

class JobCache {
 public:
  const std::optional<std::vector<JobRecord>>& records(const std::string& job_id) {
    auto found = cache_.find(job_id);
    if (found == cache_.end()) found = cache_.emplace(job_id, job_records(job_id)).first;
    return found->second;
  }

 private:
  std::map<std::string, std::optional<std::vector<JobRecord>>> cache_;
};

std::string read_text(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

struct Progress {
  std::uint64_t documents = 0;
  std::uint64_t bytes = 0;
  bool known = false;
};

// Documents and input bytes done so far, from what the completed tasks wrote: the signature tasks'
// manifests, or stats.json of the finished run (pass 2 reads every input again).
Progress progress_of(const Submission& submission, const Stage& stage) {
  Progress progress;
  simdjson::dom::parser parser;
  const std::string& out = submission.job.output_dir;
  if (stage.name == "signatures") {
    for (unsigned task = 0; task < stage.tasks; ++task) {
      const std::string path = out + "/.dedup-staged/signatures-" + std::to_string(task) + "-of-" +
                               std::to_string(stage.tasks) + "/manifest.json";
      if (!std::filesystem::exists(path)) continue;
      simdjson::dom::element root;
      if (parser.parse(read_text(path)).get(root)) continue;
      std::uint64_t documents = 0;
      simdjson::dom::array inputs;
      if (root["documents"].get(documents) || root["inputs"].get(inputs)) continue;
      progress.documents += documents;
      for (simdjson::dom::element input : inputs) {
        std::uint64_t bytes = 0;
        if (!input["bytes"].get(bytes)) progress.bytes += bytes;
      }
      progress.known = true;
    }
    if (progress.known) return progress;
  }
  // A stats.json's ledger: records read, and the inputs' bytes on disk.
  auto add_stats = [&](const std::string& path) {
    simdjson::dom::element root;
    if (!std::filesystem::exists(path) || parser.parse(read_text(path)).get(root)) return;
    std::uint64_t read = 0, bytes = 0;
    if (root["totals"]["read"].get(read)) return;
    progress.documents += read;
    if (!root["totals"]["compressed_bytes"].get(bytes)) progress.bytes += bytes;
    progress.known = true;
  };
  if (stage.array && stage.name == "run") {  // pass 2 as tasks: each completed task's own stats.json
    for (unsigned task = 0; task < stage.tasks; ++task) {
      add_stats(out + "/.tasks/run-" + std::to_string(task) + "-of-" + std::to_string(stage.tasks) + "/stats.json");
    }
    if (progress.known) return progress;
  }
  // After the last stage: the run's stats.json.
  if (task_complete(stage, 0, out)) add_stats(out + "/stats.json");
  return progress;
}

}  // namespace

const char* state_name(TaskState state) { return kStateNames[static_cast<int>(state)]; }

std::vector<std::vector<TaskStatus>> task_statuses(const Submission& submission, const std::vector<Stage>& stages) {
  const std::vector<JobEntry> jobs = load_jobs(submission);
  JobCache cache;
  std::vector<std::vector<TaskStatus>> statuses;
  for (const Stage& stage : stages) {
    std::vector<TaskStatus> stage_statuses(stage.tasks);
    for (unsigned task = 0; task < stage.tasks; ++task) {
      TaskStatus& status = stage_statuses[task];
      if (task_complete(stage, task, submission.job.output_dir)) {
        status.state = TaskState::done;
        continue;
      }
      // The latest submission of this task decides.
      const JobEntry* entry = nullptr;
      for (const JobEntry& candidate : jobs) {
        if (candidate.stage != stage.name) continue;
        for (unsigned submitted : candidate.tasks) {
          if (submitted == task) entry = &candidate;
        }
      }
      if (entry == nullptr) {
        status.detail = "never submitted";
        continue;
      }
      status.job = entry->job_id + (stage.array ? "_" + std::to_string(task) : "");
      status.log = error_log_path(submission.job, stage, entry->job_id, task);
      const auto& records = cache.records(entry->job_id);
      if (!records) {
        status.detail = "Slurm no longer knows job " + entry->job_id + " and the task left no marker";
        continue;
      }
      for (const JobRecord& record : *records) {
        bool matches = !stage.array;
        for (unsigned listed : record.array_tasks) matches = matches || listed == task;
        if (!matches) continue;
        status.state = state_of(record);
        status.never_runs = record.reason == "DependencyNeverSatisfied";
        status.detail = record.state + (record.reason.empty() || record.reason == "None" ? "" : " " + record.reason) +
                        (status.state == TaskState::failed ? " exit " + record.exit_code : "");
        // A record of several pending array tasks has no expanded log path of its own.
        if (!record.std_err.empty() && record.array_tasks.size() <= 1) status.log = record.std_err;
        if (status.state == TaskState::failed && record.state == "COMPLETED") {
          status.detail = "COMPLETED but left no completion marker";
        }
      }
    }
    statuses.push_back(std::move(stage_statuses));
  }
  return statuses;
}

int print_status(const Submission& submission, const std::vector<Stage>& stages) {
  const auto statuses = task_statuses(submission, stages);
  std::cout << std::left << std::setw(12) << "stage" << std::right << std::setw(7) << "tasks";
  for (const char* name : kStateNames) std::cout << std::setw(10) << name;
  std::cout << std::setw(12) << "documents" << std::setw(15) << "input bytes" << "\n";
  bool active = false, broken = false;
  std::vector<std::string> problems;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    unsigned counts[6] = {};
    for (unsigned task = 0; task < stages[i].tasks; ++task) {
      const TaskStatus& status = statuses[i][task];
      ++counts[static_cast<int>(status.state)];
      if (status.state == TaskState::running || status.state == TaskState::pending) active = true;
      if (status.state == TaskState::failed || status.state == TaskState::cancelled ||
          status.state == TaskState::unknown) {
        broken = true;
      }
      if (status.state == TaskState::failed || status.state == TaskState::unknown) {
        problems.push_back(stages[i].name + " task " + std::to_string(task) + ": " +
                           std::string(state_name(status.state)) +
                           (status.job.empty() ? "" : ", job " + status.job) + ", " + status.detail +
                           (status.log.empty() ? "" : "\n    log: " + status.log));
      }
    }
    const Progress progress = progress_of(submission, stages[i]);
    std::cout << std::left << std::setw(12) << stages[i].name << std::right << std::setw(7) << stages[i].tasks;
    for (unsigned count : counts) std::cout << std::setw(10) << count;
    std::cout << std::setw(12) << (progress.known ? std::to_string(progress.documents) : "-") << std::setw(15)
              << (progress.known && progress.bytes > 0 ? std::to_string(progress.bytes) : "-") << "\n";
  }
  for (const std::string& problem : problems) std::cout << problem << "\n";
  if (active) return 3;
  return broken ? 1 : 0;
}

}  // namespace winnow::slurm
