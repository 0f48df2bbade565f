// Pass 2 of the staged dedup mode with keep: longest | field: applies clusters.rec (cluster_sweep.h) as the
// pipeline brings the documents to the dedup stage again, in the same order as pass 1.
//
// A member of a component that is not its survivor is removed with reason "cluster_duplicate" and, in its
// reject's "winnow" object, "duplicate_of" (the survivor's id, read from pass 1's id files: the survivor may
// come later in input order), "cluster" (the survivor's kept number) and "cluster_size". With
// annotate_kept_clusters, the survivor's kept record gets top-level "cluster_id" and "cluster_size".
// prepare() does nothing: the decisions are made, no signature is needed again.
//
// stats.json: documents, kept, cluster_duplicates, clusters, largest_cluster,
// links_rejected_by_verification, and the "staged" object. No dedup.json / report.html in this mode.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "dedup/dedup_config.h"
#include "dedup/staged/cluster_sweep.h"
#include "dedup/staged/record_file.h"
#include "dedup/staged/removal_plan.h"
#include "dedup/staged/staged_records.h"
#include "src/pipeline/stages.h"

namespace winnow::dedup::staged {

class ClusterDeduplicator final : public Deduplicator {
 public:
  // Reads dir/clusters.rec, dir/ids.bin and dir/ids.idx.
  ClusterDeduplicator(const DedupConfig& config, const std::string& dir, ClusterCounts counts, StagedSummary summary);
  ~ClusterDeduplicator() override;
  std::string_view name() const override { return "dedup"; }
  void prepare(Document& /*doc*/) const override {}
  Verdict check(Document& doc) override;
  void write_stats(JsonBuilder& json) const override;
  // Throws Error when pass 2 saw a different number of documents than pass 1.
  void finish(const std::string& output_dir) override;

 private:
  std::string id_of(std::uint32_t doc) const;

  DedupConfig config_;
  std::string dir_;
  ClusterCounts counts_;
  StagedSummary summary_;
  RecordReader<ClusterMember> members_;
  const ClusterMember* next_ = nullptr;
  int id_bytes_fd_ = -1;
  int id_ends_fd_ = -1;
  std::uint64_t documents_ = 0;  // seen in pass 2
  std::uint64_t removed_ = 0;
};

}  // namespace winnow::dedup::staged
