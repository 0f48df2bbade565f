// What `winnow slurm` asks of Slurm, through its command-line tools only (sbatch, scontrol, scancel): no
// library, no accounting daemon (sacct needs slurmdbd, which many test clusters and CI do not run).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace winnow::slurm {

struct ProgramResult {
  int exit_status = -1;  // -1: could not be started or was killed by a signal
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] looked up in PATH) and waits for it; no shell is involved.
ProgramResult run_program(const std::vector<std::string>& argv);

// `sbatch --parsable --kill-on-invalid-dep=yes [--array=ARRAY] [--dependency=afterok:AFTER] SCRIPT`; returns the
// job id. --kill-on-invalid-dep: a job whose dependency can never be met is cancelled instead of pending
// forever, whatever the cluster's DependencyParameters. Throws Error with sbatch's message on failure.
std::string submit_job(const std::string& script, const std::string& array, const std::string& after_job);

// One record of `scontrol show job -o`: a single job, one array task, or a group of still-pending array tasks.
struct JobRecord {
  std::string job_id;
  std::string array_job_id;         // empty for a single job
  std::vector<unsigned> array_tasks;  // the tasks this record stands for; empty for a single job
  std::string state;                // PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, ...
  std::string reason;               // e.g. DependencyNeverSatisfied, NonZeroExitCode
  std::string exit_code;            // "1:0" (status:signal)
  std::string std_err;              // the expanded --error path
};

// The records of job `job_id` (all its array tasks); nullopt when Slurm no longer knows it (after the
// controller's MinJobAge) or scontrol failed.
std::optional<std::vector<JobRecord>> job_records(const std::string& job_id);

// Parses scontrol's one-line-per-record output; exposed for tests.
std::vector<JobRecord> parse_job_records(const std::string& scontrol_output);

// Task indexes of an --array value ("0-3%2", "1,3,5-6"); throws Error on anything else.
std::vector<unsigned> parse_array_tasks(const std::string& text);

// Indexes written as an --array value: "1,3-5".
std::string array_spec(const std::vector<unsigned>& tasks);

// `scancel JOB_ID`; returns whether it succeeded.
bool cancel_job(const std::string& job_id);

}  // namespace winnow::slurm
