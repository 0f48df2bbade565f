// The dedup parts of `winnow run --finish` (docs/DEDUP.md, "Staged mode as tasks"): each run task wrote the
// dedup stage's statistics and dedup.json for its own inputs; a cluster (a kept document and the documents
// removed in its favour) may span tasks, so cluster counts are taken from the plan itself (removals.rec holds
// every removal with its kept document), not from the tasks.
//
// Exact, equal to one run's: every count (totals, sources, the duplicates matrix, cluster sizes) and the largest
// clusters (numbers, sizes, kept ids, and which removal is their sample: the removals are replayed in document
// order as one run sees them). Not always equal to one run's: the sample texts. A largest cluster's text is
// the one a task collected for the same removal, or empty when no task did; near-duplicate pairs are
// sampled by each task from its own kept documents (a pair whose kept document lies in an earlier task's inputs
// is never sampled), and the bins show the tasks' pairs in task order. Times are summed; peak memory is the
// largest task's.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dedup/dedup_report.h"

namespace winnow::dedup::staged {

struct PlanClusters {
  // Per kept number with removals: documents removed in its favour (saturating at 65,535 as one run's count),
  // and the kept document's number in pass 1.
  std::map<std::uint32_t, std::pair<std::uint32_t, std::uint32_t>> removed;  // kept number -> (count, kept doc)
  // dedup.json's largest clusters, chosen as one run's ReportCollector chooses them (removals replayed in
  // document order; ties: the cluster that got there first), largest first, ties by kept number.
  struct Top {
    std::uint32_t cluster = 0;
    std::uint64_t size = 0;
    std::uint32_t sample_doc = 0;  // the removal that brought the cluster into the top: its sample
  };
  std::vector<Top> top;
};

// Counts the removals of the plan in `scratch_dir` (removals.rec) per kept document.
PlanClusters count_plan_clusters(const std::string& scratch_dir);

// stats.json's "clusters" member of the dedup stage (as MinHashDeduplicator writes it) from the plan's counts;
// ids from pass 1's ids in `scratch_dir`.
std::string clusters_stats_json(const PlanClusters& clusters, const std::string& scratch_dir);

// Reads a dedup.json written by dedup_report_json. Throws Error when it is not one.
DedupReport read_dedup_report(const std::string& path);

// The report of the whole run from the tasks' reports (task order) and the plan's clusters (see above).
DedupReport merge_task_reports(const std::vector<DedupReport>& tasks, const PlanClusters& clusters,
                               const std::string& scratch_dir);

}  // namespace winnow::dedup::staged
