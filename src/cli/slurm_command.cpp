#include "src/cli/slurm_command.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

#include "src/cli/slurm_scheduler.h"
#include "src/cli/slurm_script.h"
#include "src/cli/slurm_stages.h"
#include "src/cli/slurm_status.h"
#include "src/cli/slurm_submission.h"
#include "src/cli/subcommand_help.h"
#include "src/cli/whole_number.h"
#include "src/error.h"
#include "src/io/atomic_file.h"
#include "src/io/input_files.h"

namespace winnow {

const char* const kSlurmHelp = R"(usage: winnow slurm plan|submit INPUT... --output DIR [options]
       winnow slurm status DIR [--wait] [--poll-seconds S]
       winnow slurm resume DIR [--dry-run]

Runs the stages of `winnow run` as Slurm jobs on many nodes that share DIR (docs/scale-out.md), each
depending on the previous with afterok: with a dedup: section, signatures (an array of --tasks tasks), join
(one task), buckets (an array of --bucket-tasks tasks: the external sorts, one key space each) and plan (one
task: the sweep); then run (an array of --tasks tasks: pass 2) and finish (one task: merges the tasks'
statistics, token shards and manifest).

  plan     write one sbatch script per stage into DIR/.slurm/ (and the submission, for resume); submit nothing
  submit   plan, then submit the stages chained; refused when DIR holds a finished run or a submission
  status   per stage: tasks done (completion markers), running, pending, failed, cancelled, unknown; the
           documents and input bytes done so far; each failed task's log
  resume   submit again only the tasks without completion markers, and the later stages, chained again

options of plan and submit:
  -o, --output DIR        output folder, on storage every node sees                           [required]
  -c, --config FILE       the pipeline YAML, as for winnow run
      --tasks N           tasks of the signatures and run arrays                              [default: 4]
      --bucket-tasks M    tasks of the buckets array; 0: no join/buckets stages, the plan sorts every key
                          space itself            [default: the key spaces (bands + exact + URL), at most N]
      --partition P       #SBATCH --partition                          [default: the cluster's default]
      --time T            #SBATCH --time per task, e.g. 2:00:00         [default: the partition's]
      --cpus-per-task C   #SBATCH --cpus-per-task, and winnow --threads C                    [default: 1]
      --mem SIZE          #SBATCH --mem per task, e.g. 8G                   [default: the cluster's]
      --array-limit K     at most K tasks of an array at once (--array=0-N%K)             [default: none]
      --sbatch-line LINE  an extra "#SBATCH LINE" in every script (repeatable), e.g. "--account=abc"
      --memory-limit SIZE winnow dedup buckets / plan --memory-limit (their sort budget)
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

using namespace slurm;

// A bad command line, config or submission file (exit 2), as opposed to a failure while doing the work (exit 1).
struct UsageError : Error {
  using Error::Error;
};

std::vector<Stage> stages_of(const Submission& submission) { return slurm::pipeline_stages(submission.shape); }

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

int status_command(const std::vector<std::string>& args) {
  std::string dir;
  bool wait = false;
  unsigned poll_seconds = 5;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--wait") {
      wait = true;
    } else if (args[i] == "--poll-seconds" && i + 1 < args.size()) {
      try {
        poll_seconds = whole_number("--poll-seconds", args[++i], 1, 3600);
      } catch (const Error& error) {
        throw UsageError(error.what());
      }
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
                    state_name(status.state) + " as job " + status.job +
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
  if (const std::optional<int> code = print_help_if_asked(args, kSlurmHelp)) return *code;
  const std::string& verb = args.front();
  const std::vector<std::string> rest(args.begin() + 1, args.end());
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
