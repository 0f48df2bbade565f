// The dedup stage: exact, URL and MinHash LSH near-duplicate removal in one streaming pass.
//
// prepare() (parallel) computes everything that depends on the document alone into doc.signature: the scope,
// the XXH3-128 of the normalized text, the XXH3-128 of the URL field, the b band keys (XXH3-64 of each band's r
// MinHash values, seeded with the scope) and, with verification, a 1-byte-per-hash sketch.
// check() (serial, input order) decides, in this order:
//   exact_duplicate  the normalized text equals that of an earlier kept document (same scope)
//   url_duplicate    the URL field equals that of an earlier kept document (same scope)
//   near_duplicate   a band key equals one of an earlier kept document's (same scope) and, with
//                    verify: signature, the estimated Jaccard similarity is >= verify_threshold
// Only kept documents enter the index: a document is compared with the documents that survive, never with
// removed ones (no chains: a removed document is similar to the kept one it names). Among several matching
// kept documents, the earliest wins. The cluster id of a removed document is the kept document's number
// (kept documents are numbered 0, 1, ... in input order), so all removals of one kept document share it.
//
// The reject's "winnow" object gets "duplicate_of" (the kept document's id) and "cluster", plus for near
// duplicates "bands_matched" and, with verification, "estimated_similarity".
//
// write_stats() adds the counters, the memory, the S-curve, a cluster-size histogram (cluster = a kept document
// and the documents removed in its favour), the largest clusters and a source x source count of removals
// (which input's documents duplicated which input's).
//
// Saved indexes (dedup/index_file.h): with against_index, the loaded indexes are consulted before the run's own
// tables, in the order given, as if their documents had been kept earlier in this run: a document that
// duplicates an indexed one is removed with the same reason, "duplicate_of" the indexed id and "index" the
// folder (no "cluster": cluster numbers belong to this run's kept documents). With save_index, finish() saves
// this run's own tables (not the loaded ones) there. An index saved with scope: global matches every document
// of a run with any scope: prepare() then also computes the document's keys seeded as in global scope.
//
// Memory (measured into stats.json): per kept document, b band slots of 8 bytes at 57-85% load
// (band_table.h), 16-byte exact and URL slots at the same load (exact_table.h), its id (length + 8 bytes),
// 4 bytes for its source and cluster size and, with verification, b x r bytes of sketch.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "dedup/band_table.h"
#include "dedup/dedup_config.h"
#include "dedup/dedup_report.h"
#include "dedup/exact_table.h"
#include "dedup/index_file.h"
#include "dedup/minhash.h"
#include "dedup/report_clock.h"
#include "src/pipeline/stages.h"

namespace winnow::dedup {

namespace staged {
class RemovalPlan;
}

class MinHashDeduplicator final : public Deduplicator {
 public:
  explicit MinHashDeduplicator(DedupConfig config);
  std::string_view name() const override { return "dedup"; }
  void prepare(Document& doc) const override;
  Verdict check(Document& doc) override;
  void write_stats(JsonBuilder& json) const override;
  // Writes output_dir/dedup.json and output_dir/report.html (dedup/dedup_report.h, dedup/report_html.h).
  void finish(const std::string& output_dir) override;
  DedupReport report() const;  // the numbers finish() writes
  // Pass 2 of the staged mode (docs/DEDUP.md, "Staged mode"): check() takes its decisions from `plan` (made
  // by the staged sweep, the same decisions the index would make) instead of the index, which stays empty;
  // everything else (reject fields, counters, clusters, report) is this class's as in streaming mode.
  // REQUIRES: called before the first check().
  // With a run task's plan (a TaskWindow), kept documents are numbered from the plan's kept_before(), so
  // "cluster" is the number one run gives; a removal whose kept document lies before the task's inputs names
  // that document's id and input from the plan (it enters no cluster count or sample of this task: the finish
  // step counts clusters from the plan, docs/DEDUP.md "Staged mode as tasks").
  void apply_removal_plan(std::shared_ptr<staged::RemovalPlan> plan);
  // The stages before this deduplicator's own (staged mode: pass 1, buckets, sweep) for the report's stages
  // table; this deduplicator's own stage, from its construction to finish(), is named `own_stage`.
  void set_earlier_stages(std::vector<StageUsage> stages, std::string own_stage);

  std::size_t kept_documents() const { return ids_.size(); }
  std::size_t index_memory_bytes() const;  // tables + sketches (without ids)
  std::size_t document_memory_bytes() const;  // ids, sources and cluster sizes of kept documents

 private:
  struct Counters {
    std::uint64_t documents = 0;
    std::uint64_t exact = 0;
    std::uint64_t url = 0;
    std::uint64_t near = 0;
    std::uint64_t without_signature = 0;
    std::uint64_t rejected_by_verification = 0;
  };
  std::uint32_t keep(const Document& doc);
  void insert_into_index(const Document& doc, std::uint32_t number);
  std::optional<Verdict> planned_removal(const Document& doc);
  Verdict remove_before_task(const Document& doc, std::string_view reason, std::uint32_t kept_doc,
                             std::uint64_t cluster, std::string extra_fields);
  Verdict remove(const Document& doc, std::string_view reason, std::uint32_t kept, std::string fields);
  std::string duplicate_fields(std::uint32_t kept) const;
  static void append_similarity(std::string& fields, double similarity);
  std::string_view id_of(std::uint32_t kept) const;
  std::uint16_t source_index(std::string_view source);
  void write_clusters(JsonBuilder& json) const;
  double estimated_similarity(const std::uint64_t* sketch, std::uint32_t kept) const;
  double estimated_similarity(const std::uint64_t* sketch, const std::uint8_t* theirs) const;
  Verdict remove_indexed(const Document& doc, std::string_view reason, std::size_t index, std::uint32_t indexed,
                         std::string extra_fields);
  void write_against_index(JsonBuilder& json) const;
  void append_unscoped_keys(std::vector<std::uint64_t>& signature, std::string_view normalized, std::string_view url,
                            const std::uint64_t* minima) const;
  void report_near_pair(const Document& doc, std::uint32_t kept, std::int64_t bands_matched);

  DedupConfig config_;
  MinHasher hasher_;
  ExactTable exact_;
  ExactTable urls_;
  std::vector<BandTable> bands_;
  std::vector<std::uint8_t> sketches_;  // hashes() bytes per kept document, with verification
  std::string id_bytes_;                // ids of kept documents, concatenated
  std::vector<std::uint64_t> ids_;      // end offset of each kept document's id in id_bytes_
  std::vector<std::uint16_t> kept_source_;     // per kept document: index into sources_
  std::vector<std::uint16_t> removed_count_;   // per kept document: documents removed in its favour (saturates)
  std::vector<std::string> sources_;           // input names in order of first appearance (at most 65,535)
  std::map<std::pair<std::uint16_t, std::uint16_t>, std::uint64_t> removals_by_source_;  // (removed in, kept in)
  Counters counters_;
  std::vector<SourceCounts> source_counts_;  // parallel to sources_
  ReportCollector report_;
  struct IndexRemovals {
    std::uint64_t exact = 0;
    std::uint64_t url = 0;
    std::uint64_t near = 0;
  };
  std::vector<LoadedIndex> indexes_;          // against_index, in the order given
  std::vector<IndexRemovals> index_removals_;  // parallel to indexes_
  bool unscoped_keys_ = false;  // an index saved with scope: global, in a run with another scope
  ReportClock clock_{"one pass (filters, signatures, index, outputs)"};
  mutable std::atomic<std::int64_t> prepare_nanoseconds_{0};
  std::shared_ptr<staged::RemovalPlan> plan_;  // staged mode, pass 2
  std::uint64_t kept_offset_ = 0;              // a run task's first kept number (plan_->kept_before())
};

}  // namespace winnow::dedup
