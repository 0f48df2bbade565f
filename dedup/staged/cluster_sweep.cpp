#include "dedup/staged/cluster_sweep.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include <simdjson.h>

#include "dedup/staged/record_file.h"
#include "dedup/staged/sketch_file.h"
#include "dedup/staged/staged_records.h"
#include "src/error.h"
#include "src/io/atomic_file.h"
#include "src/records/json_text.h"

namespace winnow::dedup::staged {
namespace {

constexpr std::uint32_t kNone = UINT32_MAX;

// Union-find with the smaller document number as root (deterministic) and path halving.
class DisjointSets {
 public:
  explicit DisjointSets(std::uint64_t documents) : parent_(documents) {
    for (std::uint64_t doc = 0; doc < documents; ++doc) parent_[doc] = static_cast<std::uint32_t>(doc);
  }
  std::uint32_t find(std::uint32_t doc) {
    while (parent_[doc] != doc) {
      parent_[doc] = parent_[parent_[doc]];
      doc = parent_[doc];
    }
    return doc;
  }
  void unite(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (a < b) std::swap(a, b);
    parent_[a] = b;
  }

 private:
  std::vector<std::uint32_t> parent_;
};

// The members of cluster_counts.json, in file order.
using CountMember = std::pair<const char*, std::uint64_t ClusterCounts::*>;
std::array<CountMember, 6> count_members() {
  return {CountMember{"documents", &ClusterCounts::documents},
          CountMember{"kept", &ClusterCounts::kept},
          CountMember{"removed", &ClusterCounts::removed},
          CountMember{"clusters", &ClusterCounts::clusters},
          CountMember{"largest_cluster", &ClusterCounts::largest_cluster},
          CountMember{"links_rejected_by_verification", &ClusterCounts::links_rejected_by_verification}};
}

}  // namespace

void write_cluster_counts(const std::string& dir, const ClusterCounts& counts, bool durable) {
  JsonBuilder json(2);
  json.begin_object();
  for (const auto& [key, member] : count_members()) json.value(key, counts.*member);
  json.end_object();
  write_file_atomically(cluster_counts_file(dir), json.str() + "\n", durable);
}

ClusterCounts read_cluster_counts(const std::string& dir) {
  const std::string path = cluster_counts_file(dir);
  const auto damaged = [&] { return Error(path + ": missing or damaged; run 'winnow dedup plan' again"); };
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.load(path).get(root) != simdjson::SUCCESS) throw damaged();
  ClusterCounts counts;
  for (const auto& [key, member] : count_members()) {
    if (root[key].get(counts.*member) != simdjson::SUCCESS) throw damaged();
  }
  return counts;
}

ClusterCounts cluster_sweep(const std::string& dir, const DedupConfig& config, const BucketSpaces& spaces,
                            std::uint64_t documents) {
  ClusterCounts counts;
  counts.documents = documents;
  DisjointSets sets(documents);
  const bool verify = config.near && config.verify == Verification::signature;
  std::unique_ptr<SketchFile> sketches;
  if (verify) sketches = std::make_unique<SketchFile>(sketches_file(dir), config.minhash.hashes());

  // Links: each member of a bucket to the bucket's previous member (members.rec is in doc order).
  {
    std::vector<std::uint32_t> previous(spaces.buckets, kNone);
    RecordReader<Membership> members(members_file(dir), 8192);
    while (const Membership* member = members.next()) {
      std::uint32_t& before = previous[member->bucket];
      if (before != kNone) {
        const bool verified = !verify || spaces.space_of(member->bucket) < kFirstBandSpace ||
                              sketches->similarity(before, member->doc) >= config.verify_threshold;
        if (verified) {
          sets.unite(before, member->doc);
        } else {
          ++counts.links_rejected_by_verification;
        }
      }
      before = member->doc;
    }
  }

  // Per component (indexed by its root): size, survivor and the survivor's score.
  std::vector<std::uint32_t> size(documents, 0);
  std::vector<std::uint32_t> survivor(documents, kNone);
  std::vector<double> best_score;  // only scores of roots are read: kept beside `survivor`
  best_score.resize(documents, 0);
  {
    RecordReader<double> scores(scores_file(dir), 8192);
    for (std::uint64_t doc = 0; doc < documents; ++doc) {
      const double* score = scores.next();
      if (!score) throw Error(scores_file(dir) + ": fewer scores than documents");
      const std::uint32_t root = sets.find(static_cast<std::uint32_t>(doc));
      ++size[root];
      // Strictly greater: on a tie the earlier document, seen first, stays.
      if (survivor[root] == kNone || *score > best_score[root]) {
        survivor[root] = static_cast<std::uint32_t>(doc);
        best_score[root] = *score;
      }
    }
  }
  best_score = {};

  // Cluster numbers: the survivor's kept number, which needs the removals before it: count them first.
  std::vector<std::uint32_t> cluster(documents, 0);  // by root
  for (std::uint64_t doc = 0; doc < documents; ++doc) {
    const std::uint32_t root = sets.find(static_cast<std::uint32_t>(doc));
    if (size[root] >= 2 && survivor[root] != doc) continue;  // removed
    if (size[root] >= 2) cluster[root] = static_cast<std::uint32_t>(counts.kept);
    ++counts.kept;
  }

  RecordWriter<ClusterMember> out(clusters_file(dir), 4096);
  for (std::uint64_t doc = 0; doc < documents; ++doc) {
    const std::uint32_t root = sets.find(static_cast<std::uint32_t>(doc));
    if (size[root] < 2) continue;
    out.append({static_cast<std::uint32_t>(doc), survivor[root], cluster[root], size[root]});
    if (survivor[root] != doc) ++counts.removed;
    if (root == doc) {
      ++counts.clusters;
      counts.largest_cluster = std::max<std::uint64_t>(counts.largest_cluster, size[root]);
    }
  }
  out.close();
  return counts;
}

}  // namespace winnow::dedup::staged
