// What pass 2 of the staged dedup mode applies: the sweep's removals.rec (sorted by doc), read in doc order as
// the pipeline brings the documents to the dedup stage again, plus what the planning stages measured (for
// stats.json's "staged" object).
//
// Pass 2 must see exactly the documents pass 1 numbered (same inputs, same filters): the plan checks that each
// removal's kept document precedes it and, at the end, that the document counts agree, and throws Error
// ("inputs changed between the passes") otherwise.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "dedup/staged/keep_first_sweep.h"
#include "dedup/staged/record_file.h"
#include "dedup/staged/staged_records.h"
#include "src/records/json_text.h"

namespace winnow::dedup::staged {

// Measurements of the planning stages, written into stats.json by the pass-2 deduplicator.
struct StagedSummary {
  std::uint64_t memory_limit_bytes = 0;
  std::uint64_t sort_memory_bytes = 0;
  std::uint64_t key_files_bytes = 0;     // pass 1's key and sketch files
  std::uint64_t scratch_bytes_at_stage_ends = 0;  // the most the scratch folder held after pass 1, buckets, sweep
  std::uint64_t buckets = 0;
  std::uint64_t members = 0;
  BucketStats sorts;
  SweepCounts sweep;
  double pass1_seconds = 0;
  double buckets_seconds = 0;
  double sweep_seconds = 0;
  std::string reason;  // why staged: "dedup.execution: staged", "--dedup-mode staged", or the estimate

  void write(JsonBuilder& json) const;
};

class RemovalPlan {
 public:
  RemovalPlan(const std::string& removals_path, StagedSummary summary);
  // The removal of document `doc`, if it is removed. REQUIRES: called with doc = 0, 1, 2, ... in order.
  std::optional<Removal> removal_of(std::uint64_t doc);
  // Throws Error unless pass 2 saw `documents` documents, as many as pass 1, and every removal was applied.
  void check_complete(std::uint64_t documents);
  const StagedSummary& summary() const { return summary_; }

 private:
  RecordReader<Removal> reader_;
  const Removal* next_ = nullptr;
  StagedSummary summary_;
};

}  // namespace winnow::dedup::staged
