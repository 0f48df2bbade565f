// The decision stage of the staged dedup mode with keep: longest | field: clusters are the connected components
// of the candidate graph, and each keeps one survivor.
//
// The graph: documents are nodes; within each multi-member bucket (exact, URL or band key shared, as in
// bucket_builder.h) every member is linked to the previous member in doc order. So two documents sharing a key
// are always in one component (a bucket's members form a path), whatever else they share. With verify:
// signature, a band bucket's link is made only when the two documents' estimated similarity reaches
// verify_threshold (exact and URL links are never verified, as in streaming mode).
//
// Union-find over the doc numbers (4 bytes per document; union by the smaller number as root, path halving),
// then per component the survivor: the highest score (scores.bin: bytes of text, or keep_field's value; a
// missing value is -infinity), ties by the earliest document. Every other member is removed in its favour.
// Unlike keep: first there are chains: a removed document may share no key with its survivor, only with
// another member of the component.
//
// Memory: 20 bytes per document at most (parent; per component root its size, survivor, and the survivor's
// score, later its cluster number), plus 4 per multi-member bucket (its previous member) while linking.
#pragma once

#include <cstdint>
#include <string>

#include "dedup/dedup_config.h"
#include "dedup/staged/bucket_builder.h"

namespace winnow::dedup::staged {

struct ClusterCounts {
  std::uint64_t documents = 0;
  std::uint64_t kept = 0;
  std::uint64_t removed = 0;
  std::uint64_t clusters = 0;          // components of two or more documents
  std::uint64_t largest_cluster = 0;   // documents in the largest component
  std::uint64_t links_rejected_by_verification = 0;
};

// Reads dir/members.rec, dir/scores.bin (and dir/sketches.bin with verification); writes dir/clusters.rec.
ClusterCounts cluster_sweep(const std::string& dir, const DedupConfig& config, const BucketSpaces& spaces,
                            std::uint64_t documents);

// dir/cluster_counts.json: the counts beside clusters.rec, for pass 2 in another process (`winnow dedup plan`
// writes it before plan.json, `winnow dedup remove` reads it). Layout: {"documents","kept","removed",
// "clusters","largest_cluster","links_rejected_by_verification"}, each an unsigned integer.
inline std::string cluster_counts_file(const std::string& dir) { return dir + "/cluster_counts.json"; }
void write_cluster_counts(const std::string& dir, const ClusterCounts& counts, bool durable);
// Throws Error naming the file when it is missing or damaged.
ClusterCounts read_cluster_counts(const std::string& dir);

}  // namespace winnow::dedup::staged
