#include "src/cli/slurm_command.h"

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

#include <simdjson.h>

#include "dedup/dedup_config.h"
#include "src/cli/slurm_scheduler.h"
#include "src/cli/slurm_script.h"
#include "src/cli/slurm_stages.h"
#include "src/config/config.h"
#include "src/error.h"
#include "src/io/atomic_file.h"
#include "src/io/input_files.h"

namespace winnow {

const char* const kSlurmHelp = R"(usage: winnow slurm plan|submit INPUT... --output DIR [options]
       winnow slurm status DIR [--wait] [--poll-seconds S]
       winnow slurm resume DIR [--dry-run]

Runs the stages of `winnow run` as Slurm jobs on many nodes that share DIR (docs/scale-out.md), each
depending on the previous with afterok: with a dedup: section, signatures (an array of --tasks tasks) and
plan (one task); then run (an array of --tasks tasks: pass 2) and finish (one task: merges the tasks'
statistics, token shards and manifest).

  plan     write one sbatch script per stage into DIR/.slurm/ (and the submission, for resume); submit nothing
  submit   plan, then submit the stages chained; refused when DIR holds a finished run or a submission
  status   per stage: tasks done (completion markers), running, pending, failed, cancelled, unknown; the
           documents and input bytes done so far; each failed task's log
  resume   submit again only the tasks without completion markers, and the later stages, chained again

options of plan and submit:
  -o, --output DIR        output folder, on storage every node sees                           [required]
  -c, --config FILE       the pipeline YAML, as for winnow run
      --tasks N           tasks of the array stages (signatures)                              [default: 4]
      --partition P       #SBATCH --partition                          [default: the cluster's default]
      --time T            #SBATCH --time per task, e.g. 2:00:00         [default: the partition's]
      --cpus-per-task C   #SBATCH --cpus-per-task, and winnow --threads C                    [default: 1]
      --mem SIZE          #SBATCH --mem per task, e.g. 8G                   [default: the cluster's]
      --array-limit K     at most K tasks of an array at once (--array=0-N%K)             [default: none]
      --sbatch-line LINE  an extra "#SBATCH LINE" in every script (repeatable), e.g. "--account=abc"
      --memory-limit SIZE winnow dedup plan --memory-limit (its sort budget)
      --job-name NAME     job names NAME-STAGE                                          [default: winnow]
      --winnow PATH       the winnow binary the nodes run                   [default: this one]
      --dry-run           print the scripts and the sbatch commands; write and submit nothing

status: --wait polls every --poll-seconds (default 5) until no task is running or pending.
Fault injection (tests): WINNOW_SLURM_FAIL_TASK=STAGE:TASK in the submitting environment makes that task
exit 1 before it runs winnow.

exit status: 0 done (status: every task complete), 1 failed (status: a task failed, was cancelled or is
unknown), 2 bad command line, 3 (status) tasks still running or pending.
)";

namespace {

using slurm::Stage;

// A bad command line, config or submission file (exit 2), as opposed to a failure while doing the work (exit 1).
struct UsageError : Error {
  using Error::Error;
};

struct Submission {
  slurm::PipelineShape shape;
  slurm::JobSettings job;
  bool dry_run = false;
  std::vector<std::string> arguments;  // as given, for DIR/.slurm/submission
};

std::string slurm_dir(const Submission& submission) { return submission.job.output_dir + "/" + slurm::kSlurmFolder; }

unsigned whole_number(const std::string& flag, const std::string& text, unsigned lowest, unsigned highest) {
  unsigned number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size() || number < lowest || number > highest) {
    throw Error(flag + " must be a whole number from " + std::to_string(lowest) + " to " + std::to_string(highest) +
                ", got '" + text + "'");
  }
  return number;
}

std::string absolute_in(const std::string& folder, const std::string& path) {
  return std::filesystem::weakly_canonical(std::filesystem::path(folder) / path).string();
}

std::string this_binary() {
  std::error_code error;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) throw Error("cannot find this winnow binary (/proc/self/exe); give --winnow PATH");
  return path.string();
}

// Parses plan/submit arguments given in `working_dir`.
Submission parse_submission(const std::vector<std::string>& args, const std::string& working_dir) {
  Submission submission;
  submission.arguments = args;
  submission.job.working_dir = working_dir;
  auto& shape = submission.shape;
  auto& job = submission.job;
  shape.tasks = 4;
  auto value_of = [&](std::size_t& i, const std::string& flag) -> std::string {
    if (i + 1 >= args.size()) throw Error("option " + flag + " needs a value");
    return args[++i];
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.find('\n') != std::string::npos) throw Error("arguments with a newline are not supported: '" + arg + "'");
    if (arg == "-o" || arg == "--output") {
      shape.output = value_of(i, arg);
    } else if (arg == "-c" || arg == "--config") {
      shape.config_path = value_of(i, arg);
    } else if (arg == "--tasks") {
      shape.tasks = whole_number(arg, value_of(i, arg), 1, 100000);
    } else if (arg == "--partition") {
      job.partition = value_of(i, arg);
    } else if (arg == "--time") {
      job.time_limit = value_of(i, arg);
    } else if (arg == "--cpus-per-task") {
      job.cpus_per_task = whole_number(arg, value_of(i, arg), 1, 4096);
    } else if (arg == "--mem") {
      job.memory = value_of(i, arg);
    } else if (arg == "--array-limit") {
      job.array_limit = whole_number(arg, value_of(i, arg), 1, 100000);
    } else if (arg == "--sbatch-line") {
      job.extra_lines.push_back(value_of(i, arg));
    } else if (arg == "--memory-limit") {
      shape.memory_limit = value_of(i, arg);
    } else if (arg == "--job-name") {
      job.job_name = value_of(i, arg);
    } else if (arg == "--winnow") {
      job.winnow_binary = absolute_in(working_dir, value_of(i, arg));
    } else if (arg == "--dry-run") {
      submission.dry_run = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw Error("unknown option '" + arg + "' (see winnow slurm --help)");
    } else {
      shape.inputs.push_back(arg);
    }
  }
  if (shape.inputs.empty()) throw Error("no INPUT given (see winnow slurm --help)");
  if (shape.output.empty()) throw Error("--output DIR is required (see winnow slurm --help)");
  shape.threads = job.cpus_per_task;
  job.output_dir = absolute_in(working_dir, shape.output);
  if (job.winnow_binary.empty()) job.winnow_binary = this_binary();
  if (!shape.config_path.empty()) {
    const Config config = load_config(absolute_in(working_dir, shape.config_path));
    shape.has_dedup = config.dedup.present();
    if (shape.has_dedup) {
      const dedup::DedupConfig dedup_config = dedup::parse_dedup_config(config.dedup);
      if (dedup_config.keep != dedup::KeepRule::first) {
        throw Error("winnow slurm runs dedup.keep: first only (winnow dedup plan has no plan for longest|field)");
      }
      if (!dedup_config.save_index.empty() || !dedup_config.against_index.empty()) {
        throw Error("saved indexes (dedup.save_index / against_index) need the streaming mode: use winnow run");
      }
    }
  }
  return submission;
}

// DIR/.slurm/submission: "cwd<TAB>FOLDER", then "arg<TAB>ARGUMENT" per argument, so that status and resume
// rebuild exactly the stages submit made.
void save_submission(const Submission& submission) {
  std::string text = "cwd\t" + submission.job.working_dir + "\n";
  for (const std::string& argument : submission.arguments) {
    if (argument != "--dry-run") text += "arg\t" + argument + "\n";
  }
  write_file_atomically(slurm_dir(submission) + "/submission", text);
}

Submission load_submission(const std::string& output_dir) {
  const std::string path = output_dir + "/" + slurm::kSlurmFolder + "/submission";
  std::ifstream file(path);
  if (!file) throw Error(path + ": no submission here (run winnow slurm plan or submit first)");
  std::string line, working_dir;
  std::vector<std::string> arguments;
  while (std::getline(file, line)) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos) throw Error(path + ": damaged line '" + line + "'");
    const std::string key = line.substr(0, tab), value = line.substr(tab + 1);
    if (key == "cwd") working_dir = value;
    if (key == "arg") arguments.push_back(value);
  }
  if (working_dir.empty()) throw Error(path + ": no cwd line");
  return parse_submission(arguments, working_dir);
}

// DIR/.slurm/jobs: one line per sbatch call, "STAGE JOB_ID TASKS" (TASKS as an --array value; 0 for a
// single job), in submission order.
struct JobEntry {
  std::string stage;
  std::string job_id;
  std::vector<unsigned> tasks;
};

std::vector<JobEntry> load_jobs(const Submission& submission) {
  std::vector<JobEntry> entries;
  std::ifstream file(slurm_dir(submission) + "/jobs");
  std::string stage, job_id, tasks;
  while (file >> stage >> job_id >> tasks) entries.push_back({stage, job_id, slurm::parse_array_tasks(tasks)});
  return entries;
}

void append_job(const Submission& submission, const JobEntry& entry) {
  std::string text;
  {
    std::ifstream file(slurm_dir(submission) + "/jobs");
    std::stringstream existing;
    existing << file.rdbuf();
    text = existing.str();
  }
  text += entry.stage + " " + entry.job_id + " " + slurm::array_spec(entry.tasks) + "\n";
  write_file_atomically(slurm_dir(submission) + "/jobs", text);
}

std::vector<Stage> stages_of(const Submission& submission) { return slurm::pipeline_stages(submission.shape); }

std::string script_path(const Submission& submission, const Stage& stage, std::size_t position) {
  return slurm_dir(submission) + "/" + slurm::script_name(stage, position);
}

// Writes (or, with --dry-run, prints) every stage's script.
void write_scripts(const Submission& submission, const std::vector<Stage>& stages) {
  if (!submission.dry_run) {
    std::filesystem::create_directories(slurm_dir(submission) + "/logs");
    save_submission(submission);
  }
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const std::string script = slurm::sbatch_script(stages[i], i + 1, stages.size(), submission.job);
    const std::string path = script_path(submission, stages[i], i + 1);
    if (submission.dry_run) {
      std::cout << "==> " << path << " <==\n" << script << "\n";
    } else {
      write_file_atomically(path, script);
    }
  }
}

std::vector<unsigned> all_tasks(const Stage& stage) {
  std::vector<unsigned> tasks;
  for (unsigned task = 0; task < stage.tasks; ++task) tasks.push_back(task);
  return tasks;
}

// Submits `tasks` of each stage from `first` on, each depending on the previous one submitted; a stage with no
// tasks to do is skipped. Prints one line per job.
void submit_chain(const Submission& submission, const std::vector<Stage>& stages,
                  const std::vector<std::vector<unsigned>>& tasks) {
  std::string previous;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    if (tasks[i].empty()) continue;
    const std::string path = script_path(submission, stages[i], i + 1);
    // An array stage is always submitted with --array, so that a resubmitted index keeps its number.
    const std::string array = stages[i].array ? slurm::array_spec(tasks[i]) +
                                                    (submission.job.array_limit > 0
                                                         ? "%" + std::to_string(submission.job.array_limit)
                                                         : "")
                                              : "";
    if (submission.dry_run) {
      std::cout << "sbatch --parsable --kill-on-invalid-dep=yes" << (array.empty() ? "" : " --array=" + array)
                << (previous.empty() ? "" : " --dependency=afterok:$" + previous) << " " << path << "\n";
      previous = stages[i].name;
      continue;
    }
    const std::string job_id = slurm::submit_job(path, array, previous);
    append_job(submission, {stages[i].name, job_id, tasks[i]});
    std::cout << "submitted " << stages[i].name << " as job " << job_id;
    if (stages[i].array) std::cout << " (array " << array << ")";
    if (!previous.empty()) std::cout << ", after job " << previous;
    std::cout << "\n";
    previous = job_id;
  }
}

// ---- status ----

enum class TaskState { done, running, pending, failed, cancelled, unknown };
const char* const kStateNames[] = {"done", "running", "pending", "failed", "cancelled", "unknown"};

struct TaskStatus {
  TaskState state = TaskState::unknown;
  std::string job;     // "JOBID" or "ARRAYJOB_TASK"
  std::string detail;  // Slurm's state and reason or exit code
  std::string log;     // stderr log
  bool never_runs = false;  // pending on a dependency that can never be met
};

TaskState state_of(const slurm::JobRecord& record) {
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
  const std::optional<std::vector<slurm::JobRecord>>& records(const std::string& job_id) {
    auto found = cache_.find(job_id);
    if (found == cache_.end()) found = cache_.emplace(job_id, slurm::job_records(job_id)).first;
    return found->second;
  }

 private:
  std::map<std::string, std::optional<std::vector<slurm::JobRecord>>> cache_;
};

std::vector<std::vector<TaskStatus>> task_statuses(const Submission& submission, const std::vector<Stage>& stages) {
  const std::vector<JobEntry> jobs = load_jobs(submission);
  JobCache cache;
  std::vector<std::vector<TaskStatus>> statuses;
  for (const Stage& stage : stages) {
    std::vector<TaskStatus> stage_statuses(stage.tasks);
    for (unsigned task = 0; task < stage.tasks; ++task) {
      TaskStatus& status = stage_statuses[task];
      if (slurm::task_complete(stage, task, submission.job.output_dir)) {
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
      status.log = slurm::error_log_path(submission.job, stage, entry->job_id, task);
      const auto& records = cache.records(entry->job_id);
      if (!records) {
        status.detail = "Slurm no longer knows job " + entry->job_id + " and the task left no marker";
        continue;
      }
      for (const slurm::JobRecord& record : *records) {
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
  if (slurm::task_complete(stage, 0, out)) add_stats(out + "/stats.json");
  return progress;
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
                           std::string(kStateNames[static_cast<int>(status.state)]) +
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

int status_command(const std::vector<std::string>& args) {
  std::string dir;
  bool wait = false;
  unsigned poll_seconds = 5;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--wait") {
      wait = true;
    } else if (args[i] == "--poll-seconds" && i + 1 < args.size()) {
      poll_seconds = whole_number("--poll-seconds", args[++i], 1, 3600);
    } else if (!args[i].empty() && args[i][0] != '-' && dir.empty()) {
      dir = args[i];
    } else {
      throw UsageError("usage: winnow slurm status DIR [--wait] [--poll-seconds S]");
    }
  }
  if (dir.empty()) throw UsageError("usage: winnow slurm status DIR [--wait] [--poll-seconds S]");
  const Submission submission = load_submission(dir);
  const std::vector<Stage> stages = stages_of(submission);
  if (wait) {
    // Quietly until nothing is running or pending, then the table once.
    while (true) {
      bool active = false;
      for (const auto& stage_statuses : task_statuses(submission, stages)) {
        for (const TaskStatus& status : stage_statuses) {
          active = active || status.state == TaskState::running || status.state == TaskState::pending;
        }
      }
      if (!active) break;
      std::this_thread::sleep_for(std::chrono::seconds(poll_seconds));
    }
  }
  return print_status(submission, stages);
}

// ---- plan, submit, resume ----

int plan_or_submit(const std::string& verb, const std::vector<std::string>& args) {
  Submission submission;
  try {
    submission = parse_submission(args, std::filesystem::current_path().string());
    // Checked here, where the INPUTs mean what they will mean on the nodes (the same folder): a typo fails now,
    // not in N jobs later.
    if (list_inputs(submission.shape.inputs).files.empty()) throw Error("no input files found in the given INPUTs");
    if (access(submission.job.winnow_binary.c_str(), X_OK) != 0) {
      throw Error("the winnow binary " + submission.job.winnow_binary + " is not executable");
    }
  } catch (const Error& error) {
    throw UsageError(error.what());
  }
  const std::vector<Stage> stages = stages_of(submission);
  if (verb == "submit" && !submission.dry_run) {
    if (std::filesystem::exists(submission.job.output_dir + "/manifest.json")) {
      throw Error(submission.job.output_dir + " holds a finished run (manifest.json): choose another folder");
    }
    if (std::filesystem::exists(slurm_dir(submission) + "/jobs")) {
      throw Error(submission.job.output_dir + " was submitted already: use winnow slurm status or resume");
    }
  }
  write_scripts(submission, stages);
  if (verb == "plan") {
    if (!submission.dry_run) {
      for (std::size_t i = 0; i < stages.size(); ++i) std::cout << script_path(submission, stages[i], i + 1) << "\n";
    }
    return 0;
  }
  std::vector<std::vector<unsigned>> tasks;
  for (const Stage& stage : stages) tasks.push_back(all_tasks(stage));
  submit_chain(submission, stages, tasks);
  return 0;
}

int resume_command(const std::vector<std::string>& args) {
  std::string dir;
  bool dry_run = false;
  for (const std::string& arg : args) {
    if (arg == "--dry-run") {
      dry_run = true;
    } else if (!arg.empty() && arg[0] != '-' && dir.empty()) {
      dir = arg;
    } else {
      throw UsageError("usage: winnow slurm resume DIR [--dry-run]");
    }
  }
  if (dir.empty()) throw UsageError("usage: winnow slurm resume DIR [--dry-run]");
  Submission submission = load_submission(dir);
  submission.dry_run = dry_run;
  const std::vector<Stage> stages = stages_of(submission);
  const auto statuses = task_statuses(submission, stages);
  // Tasks still queued or running would be run twice: refuse, except those that can never start.
  std::vector<std::string> never_run_jobs;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    for (unsigned task = 0; task < stages[i].tasks; ++task) {
      const TaskStatus& status = statuses[i][task];
      if (status.never_runs) never_run_jobs.push_back(status.job.substr(0, status.job.find('_')));
      if (status.state == TaskState::running || status.state == TaskState::pending) {
        throw Error(stages[i].name + " task " + std::to_string(task) + " is still " +
                    kStateNames[static_cast<int>(status.state)] + " as job " + status.job +
                    ": wait for it (winnow slurm status --wait) or scancel it first");
      }
    }
  }
  std::vector<std::vector<unsigned>> tasks(stages.size());
  bool any = false;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    for (unsigned task = 0; task < stages[i].tasks; ++task) {
      if (statuses[i][task].state != TaskState::done) tasks[i].push_back(task);
    }
    any = any || !tasks[i].empty();
  }
  if (!any) {
    std::cout << "nothing to resume: every task of every stage is complete\n";
    return 0;
  }
  if (!dry_run) {
    for (const std::string& job : never_run_jobs) slurm::cancel_job(job);
  }
  write_scripts(submission, stages);  // the same scripts (a newer winnow binary is picked up)
  submit_chain(submission, stages, tasks);
  return 0;
}

}  // namespace

int slurm_command(const std::vector<std::string>& args) {
  if (args.empty() || args.front() == "-h" || args.front() == "--help") {
    (args.empty() ? std::cerr : std::cout) << kSlurmHelp;
    return args.empty() ? 2 : 0;
  }
  const std::string& verb = args.front();
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  for (const std::string& arg : rest) {
    if (arg == "-h" || arg == "--help") {
      std::cout << kSlurmHelp;
      return 0;
    }
  }
  try {
    if (verb == "plan" || verb == "submit") return plan_or_submit(verb, rest);
    if (verb == "status") return status_command(rest);
    if (verb == "resume") return resume_command(rest);
    std::cerr << "winnow slurm: unknown command '" << verb << "' (plan, submit, status or resume)\n";
    return 2;
  } catch (const UsageError& error) {
    std::cerr << "winnow slurm " << verb << ": " << error.what() << "\n";
    return 2;
  } catch (const Error& error) {
    std::cerr << "winnow slurm " << verb << ": " << error.what() << "\n";
    return 1;
  } catch (const std::filesystem::filesystem_error& error) {
    std::cerr << "winnow slurm " << verb << ": " << error.what() << "\n";
    return 1;
  }
}

}  // namespace winnow
