#include "dedup/dedup_report.h"

#include <xxhash.h>

#include <algorithm>

#include "dedup/s_curve.h"
#include "dedup/utf8.h"
#include "src/records/json_text.h"

namespace winnow::dedup {
namespace {

// JsonBuilder requires valid UTF-8; input names come from file names, which may be any bytes.
std::string valid_utf8(std::string_view text) {
  return is_valid_utf8(text) ? std::string(text) : text_sample(text, 3 * text.size());
}

void write_counts(JsonBuilder& json, const SourceCounts& counts, bool tokens) {
  json.value("documents_in", counts.documents_in);
  json.value("bytes_in", counts.bytes_in);
  json.value("documents_out", counts.documents_out);
  json.value("bytes_out", counts.bytes_out);
  json.value("exact_duplicates", counts.exact_duplicates);
  json.value("url_duplicates", counts.url_duplicates);
  json.value("near_duplicates", counts.near_duplicates);
  json.value("cluster_duplicates", counts.cluster_duplicates);
  if (tokens) {
    json.value("tokens_in", counts.tokens_in);
    json.value("tokens_out", counts.tokens_out);
  }
}

}  // namespace

std::string text_sample(std::string_view text, std::size_t max_bytes) {
  std::string sample;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = valid_utf8_sequence_length(text, i);
    const std::size_t out_length = length == 0 ? 3 : length;  // U+FFFD is 3 bytes
    if (sample.size() + out_length > max_bytes) break;
    if (length == 0) {
      sample += "\xEF\xBF\xBD";
      ++i;
    } else {
      sample.append(text.substr(i, length));
      i += length;
    }
  }
  return sample;
}

double sketch_similarity(const std::uint8_t* a, const std::uint8_t* b, std::size_t hashes) {
  if (hashes == 0) return 0;
  std::size_t equal = 0;
  for (std::size_t i = 0; i < hashes; ++i) equal += a[i] == b[i];
  const double match = static_cast<double>(equal) / static_cast<double>(hashes);
  return std::clamp((match - 1.0 / 256) / (1.0 - 1.0 / 256), 0.0, 1.0);
}

DedupReport report_with_settings(const DedupConfig& config) {
  DedupReport report;
  report.keep = config.keep == KeepRule::first ? "first" : config.keep == KeepRule::longest ? "longest" : "field";
  if (config.keep == KeepRule::field) report.keep_field = config.keep_field;
  report.mode = config.minhash.mode == WordMode::datatrove ? "datatrove" : "fast";
  report.verify = config.verify == Verification::signature ? "signature" : "none";
  report.scope = scope_name(config.scope);
  report.near = config.near;
  report.tokens = config.count_tokens;
  report.ngram = config.minhash.ngram;
  report.bands = config.minhash.bands;
  report.rows = config.minhash.rows;
  report.seed = config.minhash.seed;
  return report;
}

SourceCounts DedupReport::totals() const {
  SourceCounts sum;
  sum.name = "all";
  for (const SourceCounts& source : sources) {
    sum.documents_in += source.documents_in;
    sum.bytes_in += source.bytes_in;
    sum.documents_out += source.documents_out;
    sum.bytes_out += source.bytes_out;
    sum.exact_duplicates += source.exact_duplicates;
    sum.url_duplicates += source.url_duplicates;
    sum.near_duplicates += source.near_duplicates;
    sum.cluster_duplicates += source.cluster_duplicates;
    sum.tokens_in += source.tokens_in;
    sum.tokens_out += source.tokens_out;
  }
  return sum;
}

void ReportCollector::on_kept(std::uint32_t kept, std::string_view id, std::string_view text,
                              const std::uint8_t* sketch, std::size_t hashes) {
  if (sketch == nullptr) return;  // never a near duplicate's kept document
  const std::pair<std::uint64_t, std::uint32_t> key{XXH3_64bits(id.data(), id.size()), kept};
  if (pool_order_.size() >= kPoolDocuments) {
    const auto largest = std::prev(pool_order_.end());
    if (key >= largest->first) return;
    pool_.erase(largest->first.second);
    pool_order_.erase(largest);
  }
  pool_order_.emplace(key, true);
  pool_[kept] = {text_sample(text), std::vector<std::uint8_t>(sketch, sketch + hashes)};
}

void ReportCollector::on_removed(std::uint32_t kept, std::uint64_t size, std::string_view kept_id,
                                 std::string_view id, std::string_view text) {
  // Sizes grow by one at a time, so a cluster joins the top K exactly when it passes the smallest there:
  // the set stays the true top K (ties: the cluster that got there first) with one sample per entry.
  for (ClusterSample& entry : top_) {
    if (entry.cluster == kept) {
      entry.size = size;
      return;
    }
  }
  if (top_.size() >= kLargestClusters) {
    auto smallest = std::min_element(top_.begin(), top_.end(), [](const auto& a, const auto& b) {
      return a.size != b.size ? a.size < b.size : a.cluster > b.cluster;
    });
    if (size <= smallest->size) return;
    top_.erase(smallest);
  }
  top_.push_back({kept, size, std::string(kept_id), std::string(id), text_sample(text)});
}

void ReportCollector::on_near_pair(std::uint32_t kept, std::string_view kept_id, std::string_view id,
                                   std::string_view text, const std::uint8_t* sketch, std::size_t hashes,
                                   std::uint64_t bands_matched) {
  const auto entry = pool_.find(kept);
  if (entry == pool_.end() || sketch == nullptr) return;
  const double similarity = sketch_similarity(sketch, entry->second.sketch.data(), hashes);
  const auto bin = std::min<std::size_t>(kSimilarityBins - 1, static_cast<std::size_t>(similarity * kSimilarityBins));
  SimilarityBin& target = bins_[bin];
  ++target.near_duplicates_sampled;
  if (target.pairs.size() >= kPairsPerBin) return;
  target.pairs.push_back({std::string(id), std::string(kept_id), similarity, bands_matched, text_sample(text),
                          entry->second.sample});
}

std::vector<ClusterSample> ReportCollector::largest() const {
  std::vector<ClusterSample> sorted = top_;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.size != b.size ? a.size > b.size : a.cluster < b.cluster;
  });
  return sorted;
}

std::string dedup_report_json(const DedupReport& report) {
  JsonBuilder json(2);
  json.begin_object();
  json.value("format", "winnow-dedup-report");
  json.value("version", 2);
  json.begin_object("settings");
  json.value("keep", report.keep);
  if (!report.keep_field.empty()) json.value("keep_field", valid_utf8(report.keep_field));
  json.value("mode", report.mode);
  json.value("near", report.near);
  json.value("ngram", report.ngram);
  json.value("bands", report.bands);
  json.value("rows", report.rows);
  json.value("seed", report.seed);
  json.value("threshold", lsh_threshold(report.bands, report.rows));
  json.value("verify", report.verify);
  json.value("scope", report.scope);
  json.end_object();
  json.begin_object("totals");
  write_counts(json, report.totals(), report.tokens);
  json.end_object();
  json.begin_array("sources");
  for (const SourceCounts& source : report.sources) {
    json.begin_object();
    json.value("name", valid_utf8(source.name));
    write_counts(json, source, report.tokens);
    json.end_object();
  }
  json.end_array();
  json.begin_array("duplicates_matrix");
  for (const auto& [pair, documents] : report.duplicates_matrix) {
    json.begin_object();
    json.value("removed_in", valid_utf8(pair.first));
    json.value("duplicate_of_in", valid_utf8(pair.second));
    json.value("documents", documents);
    json.end_object();
  }
  json.end_array();
  json.begin_array("cluster_sizes");
  for (const auto& [size, clusters] : report.cluster_sizes) {
    json.begin_object();
    json.value("size", size);
    json.value("clusters", clusters);
    json.end_object();
  }
  json.end_array();
  json.begin_array("largest_clusters");
  for (const ClusterSample& cluster : report.largest_clusters) {
    json.begin_object();
    json.value("cluster", static_cast<std::uint64_t>(cluster.cluster));
    json.value("kept_id", valid_utf8(cluster.kept_id));
    json.value("size", cluster.size);
    json.value("sample_id", valid_utf8(cluster.sample_id));
    json.value("sample", valid_utf8(cluster.sample));
    json.end_object();
  }
  json.end_array();
  json.begin_array("s_curve");
  for (int step = 1; step <= 20; ++step) {
    json.begin_object();
    json.value("similarity", step * 0.05);
    json.value("probability", lsh_probability(step * 0.05, report.bands, report.rows));
    json.end_object();
  }
  json.end_array();
  json.begin_array("similarity_bins");
  for (std::size_t bin = 0; bin < report.bins.size(); ++bin) {
    json.begin_object();
    json.value("min", static_cast<double>(bin) / kSimilarityBins);
    json.value("max", static_cast<double>(bin + 1) / kSimilarityBins);
    json.value("near_duplicates_sampled", report.bins[bin].near_duplicates_sampled);
    json.begin_array("pairs");
    for (const PairSample& pair : report.bins[bin].pairs) {
      json.begin_object();
      json.value("removed_id", valid_utf8(pair.removed_id));
      json.value("kept_id", valid_utf8(pair.kept_id));
      json.value("estimated_similarity", pair.estimated_similarity);
      json.value("bands_matched", pair.bands_matched);
      json.value("removed_sample", valid_utf8(pair.removed_sample));
      json.value("kept_sample", valid_utf8(pair.kept_sample));
      json.end_object();
    }
    json.end_array();
    json.end_object();
  }
  json.end_array();
  if (!report.bins_note.empty()) json.value("similarity_bins_note", report.bins_note);
  json.begin_object("time");
  json.value("wall_seconds", report.wall_seconds);
  json.value("check_seconds", report.check_seconds);
  json.value("prepare_seconds", report.prepare_seconds);
  json.end_object();
  json.value("peak_rss_bytes", report.peak_rss_bytes);
  json.begin_array("stages");
  for (const StageUsage& stage : report.stages) {
    json.begin_object();
    json.value("name", stage.name);
    json.value("seconds", stage.seconds);
    json.value("cpu_seconds", stage.cpu_seconds);
    json.value("peak_rss_bytes", stage.peak_rss_bytes);
    json.end_object();
  }
  json.end_array();
  json.end_object();
  return json.str() + "\n";
}

}  // namespace winnow::dedup
