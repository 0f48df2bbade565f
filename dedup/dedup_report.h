// The dedup report's numbers: what the streaming dedup stage collects for DIR/dedup.json and DIR/report.html
// (docs/DEDUP.md, "The dedup report"). This file collects and serialises; dedup/report_html.h renders.
//
// Memory is bounded whatever the corpus size: per input (source) a handful of counters; the K largest clusters
// with one text sample each (kSampleBytes); a pool of at most kPoolDocuments kept documents (the ones whose
// id hash is smallest: a deterministic uniform sample) holding a text sample and a one-byte-per-hash sketch,
// so that a near-duplicate removal whose kept document is in the pool becomes a sampled pair; at most
// kPairsPerBin pairs per 0.1 similarity bin. Under 1 MB at the defaults (mostly the pool).
//
// dedup.json layout (version 2; every count is of documents that reached the dedup stage):
//   {"format":"winnow-dedup-report","version":2,
//    "settings":{"keep", "keep_field" (keep: field only),"mode","ngram","bands","rows","seed","threshold",
//                "verify","scope"},
//    "totals":{"documents_in","bytes_in","documents_out","bytes_out","exact_duplicates","url_duplicates",
//              "near_duplicates","cluster_duplicates", and with a tokenizer "tokens_in","tokens_out": tokens of
//              the documents entering / leaving dedup},
//    "sources":[{"name", ...the same members as totals}],                  input order
//    "duplicates_matrix":[{"removed_in","duplicate_of_in","documents"}],   sorted by (removed_in, duplicate_of_in)
//    "cluster_sizes":[{"size","clusters"}],                                every size >= 2 that occurs, ascending
//    "largest_clusters":[{"cluster","kept_id","size","sample_id","sample"}],  largest first, ties by cluster
//    "s_curve":[{"similarity","probability"}],                             similarity 0.05, 0.10, ..., 1
//    "similarity_bins":[{"min","max","near_duplicates_sampled","pairs":[{"removed_id","kept_id",
//                        "estimated_similarity","bands_matched","removed_sample","kept_sample"}]}],
//    "similarity_bins_note" (only when the bins are empty by construction: why),
//    "time":{"wall_seconds","check_seconds","prepare_seconds"},"peak_rss_bytes",
//    "stages":[{"name","seconds","cpu_seconds","peak_rss_bytes"}]}            in run order
// Version 2 added settings.keep / keep_field, cluster_duplicates (keep: longest | field remove every
// non-survivor of a connected component as one reason, "cluster_duplicate", not as exact / URL / near; 0 with
// keep: first) and similarity_bins_note; every version-1 member is unchanged, so a reader that ignores unknown
// members reads both. Bytes are bytes of the document text (UTF-8). Samples are the first kSampleBytes bytes of the text, cut at a
// code point boundary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dedup/dedup_config.h"
#include "src/report/stage_meter.h"

namespace winnow::dedup {

constexpr std::size_t kSampleBytes = 200;
constexpr std::size_t kLargestClusters = 10;
constexpr std::size_t kPoolDocuments = 2048;
constexpr std::size_t kPairsPerBin = 5;
constexpr std::size_t kSimilarityBins = 10;  // [0, 0.1), ..., [0.9, 1.0]

struct SourceCounts {
  std::string name;
  std::uint64_t documents_in = 0, bytes_in = 0, documents_out = 0, bytes_out = 0;
  std::uint64_t exact_duplicates = 0, url_duplicates = 0, near_duplicates = 0;
  std::uint64_t cluster_duplicates = 0;  // keep: longest | field only
  std::uint64_t tokens_in = 0, tokens_out = 0;  // only with a tokenizer (DedupReport::tokens)
};

struct ClusterSample {
  std::uint32_t cluster = 0;  // the kept document's number
  std::uint64_t size = 0;     // the kept document + its removed ones
  std::string kept_id;
  std::string sample_id;      // whose text the sample is: the removal that brought the cluster into the top K
  std::string sample;
};

struct PairSample {
  std::string removed_id, kept_id;
  double estimated_similarity = 0;
  std::uint64_t bands_matched = 0;
  std::string removed_sample, kept_sample;
};

struct SimilarityBin {
  std::uint64_t near_duplicates_sampled = 0;  // pairs whose kept document was in the pool (all landed here)
  std::vector<PairSample> pairs;              // the first kPairsPerBin of them, in input order
};

// Everything the report shows, assembled once in finish().
struct DedupReport {
  std::string keep = "first", keep_field;  // keep_field: with keep: field
  std::string mode, verify, scope;
  std::uint64_t ngram = 0, bands = 0, rows = 0, seed = 0;
  bool near = true;
  bool tokens = false;  // the run tokenized: sources and totals carry tokens_in / tokens_out
  std::vector<SourceCounts> sources;
  std::map<std::pair<std::string, std::string>, std::uint64_t> duplicates_matrix;  // (removed in, dup of in)
  std::map<std::uint64_t, std::uint64_t> cluster_sizes;                           // size -> clusters
  std::vector<ClusterSample> largest_clusters;
  std::vector<SimilarityBin> bins = std::vector<SimilarityBin>(kSimilarityBins);
  std::string bins_note;  // why the bins are empty, when they are by construction (no signatures in pass 2)
  double wall_seconds = 0, check_seconds = 0, prepare_seconds = 0;  // prepare: summed over threads
  std::uint64_t peak_rss_bytes = 0;
  // The run's stages as the dedup stage saw them, in order: streaming "pass"; staged "pass 1", "buckets",
  // "sweep", "pass 2". Peak memory per stage (src/report/stage_meter.h).
  std::vector<StageUsage> stages;

  SourceCounts totals() const;
};

// A report holding `config`'s settings (keep, mode, verify, scope, near, tokens, the LSH parameters) and no
// numbers yet.
DedupReport report_with_settings(const DedupConfig& config);

// dedup.json's text (indented, one trailing newline).
std::string dedup_report_json(const DedupReport& report);

// The first `max_bytes` bytes of `text` cut back to a code point boundary, with every invalid UTF-8 byte
// replaced by U+FFFD (so the result is valid UTF-8 for JSON and HTML).
std::string text_sample(std::string_view text, std::size_t max_bytes = kSampleBytes);

// Estimated Jaccard similarity from two one-byte-per-hash sketches of `hashes` bytes (b-bit minwise hashing
// with b = 8: P(bytes equal) = J + (1 - J) / 256).
double sketch_similarity(const std::uint8_t* a, const std::uint8_t* b, std::size_t hashes);

// The bounded-memory parts the serial check() feeds, in input order.
class ReportCollector {
 public:
  // A kept document entered the index as number `kept`; `sketch` is null without a signature.
  void on_kept(std::uint32_t kept, std::string_view id, std::string_view text, const std::uint8_t* sketch,
               std::size_t hashes);
  // A removal in favour of `kept`, which now has `size` members.
  void on_removed(std::uint32_t kept, std::uint64_t size, std::string_view kept_id, std::string_view id,
                  std::string_view text);
  // A near-duplicate removal: sampled when `kept` is in the pool. `sketch` may be null (no signature).
  void on_near_pair(std::uint32_t kept, std::string_view kept_id, std::string_view id, std::string_view text,
                    const std::uint8_t* sketch, std::size_t hashes, std::uint64_t bands_matched);

  std::vector<ClusterSample> largest() const;  // largest first, ties by cluster number
  const std::vector<SimilarityBin>& bins() const { return bins_; }

 private:
  struct PoolEntry {
    std::string sample;
    std::vector<std::uint8_t> sketch;
  };
  std::vector<ClusterSample> top_;                    // at most kLargestClusters, unordered
  std::map<std::pair<std::uint64_t, std::uint32_t>, bool> pool_order_;  // (id hash, kept number): bottom-k
  std::map<std::uint32_t, PoolEntry> pool_;            // kept number -> its sample and sketch
  std::vector<SimilarityBin> bins_ = std::vector<SimilarityBin>(kSimilarityBins);
};

}  // namespace winnow::dedup
