// One sbatch script per stage (docs/scale-out.md "The scripts").
//
// The script is bash. Its #SBATCH lines give the job name, the array (0-(N-1), with %K when the array's
// concurrency is limited), the working folder (the folder `winnow slurm` ran in, so relative INPUTs and paths
// mean what they meant there), the log files and the resources. Its body, for task I (SLURM_ARRAY_TASK_ID in
// an array stage, 0 otherwise):
//   1. exits 0 when the task's completion marker (or a later stage's) exists: rerunning a finished task is a
//      no-op;
//   2. exits 1 when WINNOW_SLURM_FAIL_TASK is "STAGE:I" (a fault-injection hook for tests);
//   3. execs winnow with --task I --tasks N: the task count is winnow's own, never SLURM_ARRAY_TASK_COUNT
//      (a resubmitted single index sees a count of 1).
// Every path is written single-quoted, so spaces and shell characters in it are safe (newlines are refused
// earlier).
#pragma once

#include <string>
#include <vector>

#include "src/cli/slurm_stages.h"

namespace winnow::slurm {

struct JobSettings {
  std::string winnow_binary;   // absolute
  std::string working_dir;     // absolute: --chdir
  std::string output_dir;      // absolute: markers and logs
  std::string job_name = "winnow";
  std::string partition;       // empty: the cluster's default
  std::string time_limit;      // empty: the partition's default
  unsigned cpus_per_task = 1;
  std::string memory;          // --mem per task; empty: the cluster's default
  unsigned array_limit = 0;    // %K; 0: no limit
  std::vector<std::string> extra_lines;  // written as "#SBATCH LINE" after the others
};

// The folder below the output folder that holds scripts, logs and the job ledger.
inline constexpr const char* kSlurmFolder = ".slurm";

// The script's file name: "NN-STAGE.sbatch", NN the stage's position from 1.
std::string script_name(const Stage& stage, std::size_t position);

// Absolute path of the stderr log of task `task` of the job `job_id` (for an array, the array's job id),
// as the script's --error pattern expands it.
std::string error_log_path(const JobSettings& settings, const Stage& stage, const std::string& job_id,
                           unsigned task);

std::string sbatch_script(const Stage& stage, std::size_t position, std::size_t stage_count,
                          const JobSettings& settings);

// `text` quoted for bash: '...' with every ' written as '\''.
std::string shell_quoted(const std::string& text);

}  // namespace winnow::slurm
