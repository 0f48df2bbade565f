// A submission of `winnow slurm`: its settings, parsed from the command line, and what it keeps in
// DIR/.slurm/ (docs/scale-out.md):
//   submission   "cwd<TAB>FOLDER", then "arg<TAB>ARGUMENT" per argument of plan/submit, so that status and
//                resume rebuild exactly the stages submit made
//   jobs         one line per sbatch call, "STAGE JOB_ID TASKS" (TASKS as an --array value; 0 for a single
//                job), in submission order
//   NN-STAGE.sbatch, logs/   the scripts (src/cli/slurm_script.h) and the jobs' stdout/stderr
#pragma once

#include <string>
#include <vector>

#include "src/cli/slurm_script.h"
#include "src/cli/slurm_stages.h"

namespace winnow::slurm {

struct Submission {
  PipelineShape shape;
  JobSettings job;
  bool dry_run = false;
  std::vector<std::string> arguments;  // as given, for DIR/.slurm/submission
};

// Parses plan/submit arguments as given in `working_dir` (relative paths are relative to it); loads the config
// to know whether it has a dedup: section. Throws Error on a bad argument or config.
Submission parse_submission(const std::vector<std::string>& args, const std::string& working_dir);

std::string slurm_dir(const Submission& submission);  // DIR/.slurm
std::string script_path(const Submission& submission, const Stage& stage, std::size_t position);

void save_submission(const Submission& submission);
// Reads DIR/.slurm/submission and parses it again; throws Error when there is none.
Submission load_submission(const std::string& output_dir);

// One line of DIR/.slurm/jobs.
struct JobEntry {
  std::string stage;
  std::string job_id;
  std::vector<unsigned> tasks;
};

std::vector<JobEntry> load_jobs(const Submission& submission);
void append_job(const Submission& submission, const JobEntry& entry);

}  // namespace winnow::slurm
