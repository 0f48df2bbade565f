// What pass 2 of the staged dedup mode applies: the sweep's removals.rec (sorted by doc), read in doc order as
// the pipeline brings the documents to the dedup stage again, plus what the planning stages measured (for
// stats.json's "staged" object).
//
// Pass 2 must see exactly the documents pass 1 numbered (same inputs, same filters): the plan checks that each
// removal's kept document precedes it and, at the end, that the document counts agree, and throws Error
// ("inputs changed between the passes") otherwise.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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

// A run task's share of pass 2 (`winnow run --task I --tasks N`, docs/DEDUP.md "Staged mode as tasks"):
// documents [first_document, first_document + documents) of pass 1's numbering. A removal there may name a
// kept document before first_document (an earlier task's input); its id and input come from pass 1's
// ids.bin/ids.idx in `scratch_dir` and `inputs` (each input's name and first document, in input order).
struct TaskWindow {
  std::uint64_t first_document = 0;
  std::uint64_t documents = 0;
  std::string scratch_dir;
  std::vector<std::pair<std::string, std::uint64_t>> inputs;
};

// Reads document ids from pass 1's ids.bin/ids.idx (signature_writer.h) by document number.
class DocumentIds {
 public:
  explicit DocumentIds(const std::string& scratch_dir);
  ~DocumentIds();
  DocumentIds(const DocumentIds&) = delete;
  DocumentIds& operator=(const DocumentIds&) = delete;
  std::string id_of(std::uint64_t doc);  // throws Error when doc is out of range or the files are damaged

 private:
  std::string dir_;
  int ends_ = -1;
  int bytes_ = -1;
};

class RemovalPlan {
 public:
  RemovalPlan(const std::string& removals_path, StagedSummary summary);
  // A run task's plan: removals of documents before the window are skipped (and counted: kept_before()).
  RemovalPlan(const std::string& removals_path, StagedSummary summary, TaskWindow window);
  ~RemovalPlan();
  // Kept documents before the window (0 without one): the first kept number of this task.
  std::uint64_t kept_before() const { return kept_before_; }
  // The id and input name of document `doc` (of pass 1's numbering), before the window. REQUIRES: a window.
  std::string id_of_document(std::uint64_t doc);
  std::string input_of_document(std::uint64_t doc) const;
  // The removal of document `doc`, if it is removed. REQUIRES: called with doc = 0, 1, 2, ... in order (with a
  // window: counted from the window's first document).
  std::optional<Removal> removal_of(std::uint64_t doc);
  // Throws Error unless pass 2 saw `documents` documents, as many as pass 1, and every removal was applied.
  void check_complete(std::uint64_t documents);
  const StagedSummary& summary() const { return summary_; }

 private:
  RecordReader<Removal> reader_;
  const Removal* next_ = nullptr;
  StagedSummary summary_;
  std::optional<TaskWindow> window_;
  std::uint64_t kept_before_ = 0;
  std::unique_ptr<DocumentIds> ids_;
};

}  // namespace winnow::dedup::staged
