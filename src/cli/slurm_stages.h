// The stages `winnow slurm` runs, in order: what each one runs, how many tasks it has, and how a task is known
// to be complete (docs/scale-out.md).
//
// With a dedup: section (the staged dedup as tasks, docs/DEDUP.md "Staged mode as tasks"):
//   signatures  array of N   winnow dedup signatures INPUT... -o DIR -c C --task I --tasks N
//   join        one task     winnow dedup join INPUT... -o DIR -c C --tasks N              (when M > 0)
//   buckets     array of M   winnow dedup buckets INPUT... -o DIR -c C --task K --tasks M [--memory-limit SIZE]
//   plan        one task     winnow dedup plan INPUT... -o DIR -c C --tasks N [--bucket-tasks M] [--memory-limit SIZE]
// (with M = 0 the plan joins and builds every key space's buckets itself)
// then, with or without one (pass 2 over task I's inputs, then the merge of the tasks' outputs):
//   run         array of N   winnow run INPUT... -o DIR -c C --task I --tasks N
//   finish      one task     winnow run INPUT... -o DIR -c C --finish --tasks N
// Every stage gets --threads (the task's CPUs). One N for all: run task I reads signature task I's inputs.
#pragma once

#include <string>
#include <vector>

namespace winnow::slurm {

// A task is complete when `present` exists below the output folder and none of `absent` does.
struct Completion {
  std::string present;
  std::vector<std::string> absent;
};

struct Stage {
  std::string name;
  unsigned tasks = 1;  // array stages: N tasks 0..N-1; single stages: 1
  bool array = false;
  // winnow's arguments after the binary; the word kTaskWord stands for the task's index.
  std::vector<std::string> arguments;
  // Paths relative to the output folder, in which kTaskWord stands for the task's index; any one that holds
  // means the task is complete (its own marker, or a later stage's, which only exists after it was used).
  std::vector<Completion> completions;
};

inline constexpr const char* kTaskWord = "{task}";

struct PipelineShape {
  std::vector<std::string> inputs;  // as given: the jobs run in the submitting folder
  std::string output;
  std::string config_path;
  bool has_dedup = false;
  unsigned tasks = 1;        // tasks of the array stages
  unsigned bucket_tasks = 0;  // M: tasks of the buckets stage; 0: no join and buckets stages
  unsigned threads = 1;      // winnow --threads of every task
  std::string memory_limit;  // winnow dedup plan --memory-limit; empty: none
};

std::vector<Stage> pipeline_stages(const PipelineShape& shape);

// `text` with every kTaskWord replaced by `replacement`.
std::string with_task(const std::string& text, const std::string& replacement);

// Whether task `task` of `stage` is complete in `output_dir`, by its completions.
bool task_complete(const Stage& stage, unsigned task, const std::string& output_dir);

}  // namespace winnow::slurm
