#include "dedup/staged/task_merge.h"

#include <simdjson.h>

#include <algorithm>

#include "dedup/cluster_stats.h"
#include "dedup/staged/record_file.h"
#include "dedup/staged/removal_plan.h"
#include "dedup/staged/staged_records.h"
#include "src/error.h"
#include "src/records/json_text.h"

namespace winnow::dedup::staged {
namespace {

constexpr std::uint32_t kSaturated = UINT16_MAX;  // one run counts removals per kept document in 16 bits

// (removed count, kept number) of the largest clusters, largest first, ties by kept number: as one run.
std::vector<std::pair<std::uint32_t, std::uint32_t>> largest(const PlanClusters& clusters, std::size_t count) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> all;
  for (const auto& [kept, entry] : clusters.removed) all.emplace_back(entry.first, kept);
  const std::size_t shown = std::min(count, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(shown), all.end(),
                    [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  all.resize(shown);
  return all;
}

std::string text_of(simdjson::dom::element element, const char* key) {
  std::string_view text;
  if (element[key].get(text)) throw Error(std::string("dedup.json: no string member ") + key);
  return std::string(text);
}

std::uint64_t number_of(simdjson::dom::element element, const char* key) {
  std::uint64_t number = 0;
  if (element[key].get(number)) throw Error(std::string("dedup.json: no number member ") + key);
  return number;
}

double real_of(simdjson::dom::element element, const char* key) {
  double number = 0;
  if (element[key].get(number)) throw Error(std::string("dedup.json: no number member ") + key);
  return number;
}

SourceCounts counts_of(simdjson::dom::element element) {
  SourceCounts counts;
  counts.documents_in = number_of(element, "documents_in");
  counts.bytes_in = number_of(element, "bytes_in");
  counts.documents_out = number_of(element, "documents_out");
  counts.bytes_out = number_of(element, "bytes_out");
  counts.exact_duplicates = number_of(element, "exact_duplicates");
  counts.url_duplicates = number_of(element, "url_duplicates");
  counts.near_duplicates = number_of(element, "near_duplicates");
  if (element["tokens_in"].error() == simdjson::SUCCESS) {  // present when the run tokenized
    counts.tokens_in = number_of(element, "tokens_in");
    counts.tokens_out = number_of(element, "tokens_out");
  }
  return counts;
}

}  // namespace

PlanClusters count_plan_clusters(const std::string& scratch_dir) {
  PlanClusters clusters;
  RecordReader<Removal> reader(removals_file(scratch_dir), 4096);
  std::vector<PlanClusters::Top>& top = clusters.top;
  for (const Removal* removal = reader.next(); removal; removal = reader.next()) {
    auto& entry = clusters.removed[removal->kept_number];
    entry.second = removal->kept_doc;
    if (entry.first < kSaturated) ++entry.first;
    // The same rule as ReportCollector::on_removed (dedup/dedup_report.cpp), on numbers only.
    const std::uint64_t size = std::uint64_t{entry.first} + 1;
    const auto known = std::find_if(top.begin(), top.end(), [&](const auto& t) { return t.cluster == removal->kept_number; });
    if (known != top.end()) {
      known->size = size;
      continue;
    }
    if (top.size() >= kLargestClusters) {
      const auto smallest = std::min_element(top.begin(), top.end(), [](const auto& a, const auto& b) {
        return a.size != b.size ? a.size < b.size : a.cluster > b.cluster;
      });
      if (size <= smallest->size) continue;
      top.erase(smallest);
    }
    top.push_back({removal->kept_number, size, removal->doc});
  }
  std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
    return a.size != b.size ? a.size > b.size : a.cluster < b.cluster;
  });
  return clusters;
}

std::string clusters_stats_json(const PlanClusters& clusters, const std::string& scratch_dir) {
  DocumentIds ids(scratch_dir);
  std::vector<std::uint64_t> histogram;  // bins in powers of two of the cluster size, as one run
  for (const auto& entry : clusters.removed) count_cluster_size(histogram, std::uint64_t{entry.second.first} + 1);
  std::vector<LargestCluster> shown;
  for (const auto& [removed, kept] : largest(clusters, 10)) {
    shown.push_back({ids.id_of(clusters.removed.at(kept).second), kept, std::uint64_t{removed} + 1});
  }
  JsonBuilder json(0);
  json.begin_object();
  write_cluster_members(json, clusters.removed.size(), histogram, shown);
  json.end_object();
  return json.str();
}

DedupReport read_dedup_report(const std::string& path) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  std::string_view format;
  if (parser.load(path).get(root) || root["format"].get(format) || format != "winnow-dedup-report") {
    throw Error(path + ": not a dedup report");
  }
  try {
    DedupReport report;
    const simdjson::dom::element settings = root["settings"];
    report.mode = text_of(settings, "mode");
    report.verify = text_of(settings, "verify");
    report.scope = text_of(settings, "scope");
    bool near = true;
    if (settings["near"].get(near)) throw Error("dedup.json: no near");
    report.near = near;
    report.ngram = number_of(settings, "ngram");
    report.bands = number_of(settings, "bands");
    report.rows = number_of(settings, "rows");
    report.seed = number_of(settings, "seed");
    report.tokens = root["totals"]["tokens_in"].error() == simdjson::SUCCESS;
    for (simdjson::dom::element source : root["sources"].get_array()) {
      SourceCounts counts = counts_of(source);
      counts.name = text_of(source, "name");
      report.sources.push_back(std::move(counts));
    }
    for (simdjson::dom::element cell : root["duplicates_matrix"].get_array()) {
      report.duplicates_matrix[{text_of(cell, "removed_in"), text_of(cell, "duplicate_of_in")}] +=
          number_of(cell, "documents");
    }
    for (simdjson::dom::element size : root["cluster_sizes"].get_array()) {
      report.cluster_sizes[number_of(size, "size")] += number_of(size, "clusters");
    }
    for (simdjson::dom::element cluster : root["largest_clusters"].get_array()) {
      report.largest_clusters.push_back({static_cast<std::uint32_t>(number_of(cluster, "cluster")),
                                         number_of(cluster, "size"), text_of(cluster, "kept_id"),
                                         text_of(cluster, "sample_id"), text_of(cluster, "sample")});
    }
    std::size_t bin = 0;
    for (simdjson::dom::element element : root["similarity_bins"].get_array()) {
      if (bin >= report.bins.size()) break;
      report.bins[bin].near_duplicates_sampled = number_of(element, "near_duplicates_sampled");
      for (simdjson::dom::element pair : element["pairs"].get_array()) {
        report.bins[bin].pairs.push_back({text_of(pair, "removed_id"), text_of(pair, "kept_id"),
                                          real_of(pair, "estimated_similarity"), number_of(pair, "bands_matched"),
                                          text_of(pair, "removed_sample"), text_of(pair, "kept_sample")});
      }
      ++bin;
    }
    const simdjson::dom::element time = root["time"];
    report.wall_seconds = real_of(time, "wall_seconds");
    report.check_seconds = real_of(time, "check_seconds");
    report.prepare_seconds = real_of(time, "prepare_seconds");
    report.peak_rss_bytes = number_of(root, "peak_rss_bytes");
    for (simdjson::dom::element stage : root["stages"].get_array()) {
      report.stages.push_back({text_of(stage, "name"), real_of(stage, "seconds"), real_of(stage, "cpu_seconds"),
                               number_of(stage, "peak_rss_bytes")});
    }
    return report;
  } catch (const simdjson::simdjson_error& error) {
    throw Error(path + ": damaged dedup report (" + error.what() + ")");
  } catch (const Error& error) {
    throw Error(path + ": " + error.what());
  }
}

DedupReport merge_task_reports(const std::vector<DedupReport>& tasks, const PlanClusters& clusters,
                               const std::string& scratch_dir) {
  if (tasks.empty()) throw Error("no run task reports to merge");
  DedupReport merged = tasks.front();
  merged.sources.clear();
  merged.duplicates_matrix.clear();
  merged.cluster_sizes.clear();
  merged.largest_clusters.clear();
  merged.bins = std::vector<SimilarityBin>(kSimilarityBins);
  merged.wall_seconds = merged.check_seconds = merged.prepare_seconds = 0;
  merged.peak_rss_bytes = 0;
  merged.stages.clear();
  for (std::size_t t = 0; t < tasks.size(); ++t) {
    const DedupReport& task = tasks[t];
    // Each task's own stages, named by task (pass 1 and the plan ran as other commands).
    for (StageUsage stage : task.stages) {
      stage.name = "run task " + std::to_string(t) + " of " + std::to_string(tasks.size()) + ": " + stage.name;
      merged.stages.push_back(std::move(stage));
    }
    // Each input is one task's: the sources (input order) are the tasks' in task order.
    merged.sources.insert(merged.sources.end(), task.sources.begin(), task.sources.end());
    for (const auto& [pair, documents] : task.duplicates_matrix) merged.duplicates_matrix[pair] += documents;
    for (std::size_t bin = 0; bin < merged.bins.size() && bin < task.bins.size(); ++bin) {
      merged.bins[bin].near_duplicates_sampled += task.bins[bin].near_duplicates_sampled;
      for (const PairSample& pair : task.bins[bin].pairs) {
        if (merged.bins[bin].pairs.size() < kPairsPerBin) merged.bins[bin].pairs.push_back(pair);
      }
    }
    merged.wall_seconds += task.wall_seconds;
    merged.check_seconds += task.check_seconds;
    merged.prepare_seconds += task.prepare_seconds;
    merged.peak_rss_bytes = std::max(merged.peak_rss_bytes, task.peak_rss_bytes);
  }
  for (const auto& [kept, entry] : clusters.removed) ++merged.cluster_sizes[std::uint64_t{entry.first} + 1];
  DocumentIds ids(scratch_dir);
  for (const PlanClusters::Top& top : clusters.top) {
    ClusterSample sample;
    sample.cluster = top.cluster;
    sample.size = top.size;
    sample.kept_id = ids.id_of(clusters.removed.at(top.cluster).second);
    sample.sample_id = ids.id_of(top.sample_doc);
    // The text: from the task that collected the same removal as its sample for this cluster, if any.
    for (const DedupReport& task : tasks) {
      for (const ClusterSample& theirs : task.largest_clusters) {
        if (theirs.cluster == top.cluster && theirs.sample_id == sample.sample_id) sample.sample = theirs.sample;
      }
    }
    merged.largest_clusters.push_back(std::move(sample));
  }
  return merged;
}

}  // namespace winnow::dedup::staged
