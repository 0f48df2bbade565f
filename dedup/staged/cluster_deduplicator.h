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
// links_rejected_by_verification, and the "staged" object.
//
// finish() writes dedup.json and report.html (dedup/dedup_report.h) like every other dedup mode: per input the
// documents, bytes (and tokens, with a tokenizer) in and out and the removals, all under cluster_duplicates;
// the duplicates matrix (input of the removed document x input of its survivor: the survivor may come later,
// so the matrix is counted at finish() from a second read of clusters.rec, with the first document number of
// each input recorded as the documents pass); cluster sizes; the 10 largest clusters, each sampled from its
// survivor's own text (sizes are final when a member is seen, so the survivor, seen once, is offered once to
// ReportCollector's top-10 rule: ties go to the earlier survivor, i.e. the smaller cluster number); the stages
// table. The similarity bins stay empty, with a note saying why: pass 2 computes no signatures, and a cluster
// member may share no key with its survivor (chains), so no per-pair similarity exists to bin.
// Memory: per input its counters and first document number; the report's top 10.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dedup/dedup_config.h"
#include "dedup/dedup_report.h"
#include "dedup/report_clock.h"
#include "dedup/staged/cluster_sweep.h"
#include "dedup/staged/record_file.h"
#include "dedup/staged/removal_plan.h"
#include "dedup/staged/staged_records.h"
#include "src/pipeline/stages.h"
#include "src/report/stage_meter.h"

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
  // Throws Error when pass 2 saw a different number of documents than pass 1; then writes
  // output_dir/dedup.json and output_dir/report.html.
  void finish(const std::string& output_dir) override;
  // The stages before this one (pass 1, buckets, clusters) for the report's stages table; this deduplicator's
  // own stage, from its construction to finish(), is named `own_stage`.
  void set_earlier_stages(std::vector<StageUsage> stages, std::string own_stage);
  // The numbers finish() writes. REQUIRES: every document checked (the matrix is read from clusters.rec).
  DedupReport report() const;

 private:
  std::string id_of(std::uint32_t doc) const;
  std::size_t source_index(std::string_view source);
  std::size_t source_of_document(std::uint64_t doc) const;

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

  // The report's numbers.
  std::vector<SourceCounts> sources_;                          // input order
  std::vector<std::pair<std::uint64_t, std::size_t>> starts_;  // (first document, source index), ascending
  std::map<std::uint64_t, std::uint64_t> cluster_sizes_;       // size -> clusters
  ReportCollector collector_;
  ReportClock clock_{"pass 2 (filters, clusters, outputs)"};
};

}  // namespace winnow::dedup::staged
