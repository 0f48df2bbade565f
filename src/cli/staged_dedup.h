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

#include "dedup/dedup_config.h"
#include "src/pipeline/pipeline.h"

namespace winnow {

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

}  // namespace winnow
