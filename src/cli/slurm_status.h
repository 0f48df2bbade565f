// `winnow slurm status`: each task's state from its completion marker and, without one, from Slurm
// (`scontrol show job`; no accounting daemon needed), and the table the command prints (docs/scale-out.md).
#pragma once

#include <string>
#include <vector>

#include "src/cli/slurm_submission.h"

namespace winnow::slurm {

// done: its completion marker exists. cancelled: cancelled, or pending on a dependency that can never be met.
// unknown: no marker, and Slurm knows no job for it (never submitted, or forgotten after MinJobAge).
enum class TaskState { done, running, pending, failed, cancelled, unknown };

struct TaskStatus {
  TaskState state = TaskState::unknown;
  std::string job;     // "JOBID" or "ARRAYJOB_TASK"
  std::string detail;  // Slurm's state and reason or exit code
  std::string log;     // stderr log
  bool never_runs = false;  // pending on a dependency that can never be met
};

const char* state_name(TaskState state);

// Per stage, per task: the latest submission of each task decides (DIR/.slurm/jobs).
std::vector<std::vector<TaskStatus>> task_statuses(const Submission& submission, const std::vector<Stage>& stages);

// Prints the table and the failed tasks with their logs; returns the exit status of `winnow slurm status`:
// 0 every task done, 3 some running or pending, 1 otherwise.
int print_status(const Submission& submission, const std::vector<Stage>& stages);

}  // namespace winnow::slurm
