// `winnow run` with the staged (out-of-core) dedup mode: choosing the mode, and everything that runs before
// the normal pipeline (pass 1, the sorts, the sweep). See docs/DEDUP.md, "Staged mode".
//
//   pass 1     the pipeline with the filters and dedup/staged/signature_writer.h as its deduplicator, writing
//              no outputs: key files and sketches in OUTPUT/.dedup-staged/
//   buckets    dedup/staged/bucket_builder.h (external sorts within the memory budget)
//   sweep      dedup/staged/keep_first_sweep.h: removals.rec
//   pass 2     the caller's normal run, with a MinHashDeduplicator applying the plan: kept/, rejects/,
//              stats.json and the dedup report come from the same code as in streaming mode
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dedup/dedup_config.h"
#include "src/pipeline/pipeline.h"

namespace winnow {

class JsonBuilder;

// "123", "64K", "512M", "2G", "1T" (powers of 1024; also KB/KiB/MB/...). Throws Error for anything else.
std::uint64_t parse_byte_size(const std::string& text);

// What the streaming index is estimated to need for these inputs (docs/DEDUP.md gives the formula): documents
// estimated from the input sizes, times the index bytes per kept document for this config.
std::uint64_t estimated_streaming_dedup_bytes(const std::vector<InputFile>& inputs, const dedup::DedupConfig& config);

struct DedupModeRequest {
  std::string mode;                  // --dedup-mode: "", "streaming" or "staged"
  std::uint64_t memory_limit = 0;    // --memory-limit, 0: none
};

// The reason to run staged ("dedup.execution: staged", "--dedup-mode staged", "estimated ... > --memory-limit"),
// or nullopt for streaming. Throws Error for a bad --dedup-mode.
std::optional<std::string> staged_dedup_reason(const RunRequest& request, const dedup::DedupConfig& config,
                                               const DedupModeRequest& mode);

// Runs pass 1, the buckets and the sweep in OUTPUT/.dedup-staged, then replaces stages.deduplicator with one
// that applies the result. `memory_limit` 0 means the default sort budget (256 MiB); otherwise the sorts use a
// quarter of it. Throws Error (I/O, --strict) like run_pipeline.
void plan_staged_dedup(const RunRequest& request, Stages& stages, const dedup::DedupConfig& config,
                       std::uint64_t memory_limit, const std::string& reason);

// Deletes OUTPUT/.dedup-staged (after pass 2).
void remove_staged_scratch(const std::string& output_dir);

// ---- The same stages as separate tasks (`winnow dedup ...`, src/cli/dedup_command.cpp; docs/DEDUP.md,
// "Staged mode as tasks"). `winnow run` chains them in-process with one signature task.
//
// Signature task I of N (0-based) reads a contiguous range of the inputs (in the pipeline's order), chosen by
// size: input i belongs to the task whose share of the total bytes holds the middle of input i. Its documents
// are numbered from 0; the plan offsets them by the documents of the earlier tasks, which makes the ids dense
// in input order exactly as one pass 1 over every input numbers them.

struct TaskRange {
  std::size_t begin = 0;  // [begin, end) of the inputs; may be empty when there are more tasks than inputs
  std::size_t end = 0;
};
TaskRange signature_task_inputs(const std::vector<InputFile>& inputs, unsigned task, unsigned tasks);

// Opens the JSON object that names a task in its folder (a signature task's manifest.json, a run task's
// task.json) and writes task, tasks and the config's fingerprint: a folder left by another split of the run or
// another config is then refused, not reused.
void begin_task_json(JsonBuilder& json, const RunRequest& request, unsigned task, unsigned tasks);

// Pass 1 over task `task`'s inputs into OUTPUT/.dedup-staged/signatures-I-of-N/: the key files, the sketches,
// manifest.json (task, tasks, config fingerprint, inputs, documents, bytes, every file's size and XXH3) and
// the completion marker `done` (the manifest's XXH3), all under a temporary name renamed at the end. Returns
// false, doing nothing, when the task is complete already. Throws Error like run_pipeline.
// `write_ids`: also write the documents' ids with keep: first (winnow dedup signatures does, for the run tasks).
bool run_signature_task(const RunRequest& request, const dedup::DedupConfig& config, unsigned task, unsigned tasks,
                        bool write_ids = false);

// Checks all `tasks` signature tasks (a missing one is an Error naming it; a manifest or file that does not
// match its checksum is refused), joins their files into OUTPUT/.dedup-staged with the documents renumbered,
// builds the buckets and runs the keep-first sweep: OUTPUT/.dedup-staged/removals.rec and plan.json (the
// summary pass 2 reports), written last, as the plan's completion marker. keep: first only. The task folders
// are deleted once joined. Returns false, doing nothing, when plan.json exists already.
// `bucket_tasks` > 0: the signature tasks were joined (run_signature_join) and the buckets built by that many
// bucket tasks (src/cli/staged_bucket_tasks.h); the plan only numbers and sorts their memberships and sweeps.
bool run_staged_plan(const RunRequest& request, const dedup::DedupConfig& config, unsigned tasks,
                     std::uint64_t memory_limit, const std::string& reason, unsigned bucket_tasks = 0);

// The plan's first step alone (`winnow dedup join`): checks and joins the `tasks` signature tasks into
// OUTPUT/.dedup-staged, writing tasks.json and, last, the join's marker joined.json. Returns false, doing
// nothing, when joined.json exists already (an Error if it was joined from another task count).
bool run_signature_join(const RunRequest& request, const dedup::DedupConfig& config, unsigned tasks);

// The external sorts' budget for a --memory-limit (0: none): a quarter of it, or 256 MiB.
std::uint64_t staged_sort_memory_bytes(std::uint64_t memory_limit);

// OUTPUT/.dedup-staged.
std::string staged_scratch_folder(const std::string& output_dir);

// Pass 2's deduplicator from a plan written by run_staged_plan; an Error when there is none.
void apply_staged_plan(const RunRequest& request, Stages& stages, const dedup::DedupConfig& config);

// Throws Error unless `config.keep` is first: run tasks and their finish step apply keep: first plans only
// (docs/DEDUP.md, "Staged mode as tasks"); the message names what to run instead.
void refuse_keep_rule_in_run_tasks(const dedup::DedupConfig& config);

// Pass 2's deduplicator for run task `task` of `tasks` (`winnow run --task`): applies the plan to that task's
// documents only (their numbers offset by the earlier tasks' documents, from .dedup-staged/tasks.json, which
// the plan writes). `request.inputs` are all the inputs. An Error when there is no plan or it was made for
// another task count or other inputs, or with keep: longest | field (refuse_keep_rule_in_run_tasks).
void apply_staged_plan_to_task(const RunRequest& request, Stages& stages, const dedup::DedupConfig& config,
                               unsigned task, unsigned tasks);

}  // namespace winnow
