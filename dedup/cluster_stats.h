// stats.json's cluster members (`with_removals`, `size_histogram`, `largest`), written the same way by the
// streaming index (MinHashDeduplicator) and by the merge of run tasks (dedup/staged/task_merge.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "src/records/json_text.h"

namespace winnow::dedup {

// Counts a cluster of `size` documents (the kept one + its removed ones, >= 2) in bins of powers of two:
// bin 0 holds size 2, bin 1 sizes 3-4, bin 2 sizes 5-8, ...
void count_cluster_size(std::vector<std::uint64_t>& histogram, std::uint64_t size);

struct LargestCluster {
  std::string kept_id;
  std::uint64_t cluster = 0;
  std::uint64_t size = 0;
};

// The members, into the object `json` has open.
void write_cluster_members(JsonBuilder& json, std::uint64_t with_removals, const std::vector<std::uint64_t>& histogram,
                           const std::vector<LargestCluster>& largest);

}  // namespace winnow::dedup
