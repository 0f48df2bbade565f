// `winnow run --task I --tasks N` and `winnow run --finish --tasks N`: one run split into tasks that a
// scheduler (e.g. a Slurm array) runs on several machines sharing the output folder, then finished in one
// step; the final outputs are byte-identical to one `winnow run` (docs/DEDUP.md, "Staged mode as tasks").
//
// Run task I reads the inputs of signature task I (signature_task_inputs: a contiguous, size-balanced range)
// and writes, as `winnow run` does, their kept/ and rejects/ shards and .done markers. With a dedup: section it
// applies the staged plan of `winnow dedup plan` (which must exist) to its documents. Its own state goes to
// DIR/.tasks/run-I-of-N/ (built as run-I-of-N.partial/ and renamed):
//   stats.json     what stats.json holds for the task's inputs (ledgers, each stage's write_stats)
//   dedup.json     the dedup report of the task's inputs (with a dedup: section)
//   tokens.part    the tokenizer's output (tokenizer/token_part.h) instead of shards (with a tokenizer: section)
//   task.json      task, tasks, config fingerprint, inputs (path, bytes)
//   done           the XXH3 of task.json, written last
// The finish step checks every task, then writes tokens/ (the parts fed in task order to the shard writers),
// stats.json (ledgers from the inputs' .done markers, stage statistics merged: src/report/stage_stats_merge.h,
// dedup/staged/task_merge.h), dedup.json and report.html, manifest.json last, and deletes DIR/.tasks and
// DIR/.dedup-staged.
#pragma once

#include "src/pipeline/pipeline.h"

namespace winnow {

// Runs run task `task` of `tasks` over its share of request.inputs (all the run's inputs). Returns false,
// doing nothing, when the task is complete already (or the run is finished). Throws Error like run_pipeline,
// and when a dedup: section has no plan ("run `winnow dedup plan` first").
bool run_task(const RunRequest& request, unsigned task, unsigned tasks, bool quiet);

// The finish step. Returns false, doing nothing, when the run is finished already. Throws Error naming the
// first task that is missing, incomplete or made with another config or inputs.
bool finish_run_tasks(const RunRequest& request, unsigned tasks, bool quiet);

}  // namespace winnow
