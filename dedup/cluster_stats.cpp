#include "dedup/cluster_stats.h"

namespace winnow::dedup {

void count_cluster_size(std::vector<std::uint64_t>& histogram, std::uint64_t size) {
  std::size_t bin = 0;
  while ((std::uint64_t{2} << bin) < size) ++bin;
  if (histogram.size() <= bin) histogram.resize(bin + 1, 0);
  ++histogram[bin];
}

void write_cluster_members(JsonBuilder& json, std::uint64_t with_removals, const std::vector<std::uint64_t>& histogram,
                           const std::vector<LargestCluster>& largest) {
  json.value("with_removals", with_removals);
  json.begin_array("size_histogram");
  for (std::size_t bin = 0; bin < histogram.size(); ++bin) {
    json.begin_object();
    json.value("min_size", (std::uint64_t{1} << bin) + 1);
    json.value("max_size", std::uint64_t{2} << bin);
    json.value("clusters", histogram[bin]);
    json.end_object();
  }
  json.end_array();
  json.begin_array("largest");
  for (const LargestCluster& cluster : largest) {
    json.begin_object();
    json.value("kept_id", cluster.kept_id);
    json.value("cluster", cluster.cluster);
    json.value("size", cluster.size);
    json.end_object();
  }
  json.end_array();
}

}  // namespace winnow::dedup
