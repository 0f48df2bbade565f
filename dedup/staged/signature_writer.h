// Pass 1 of the staged dedup mode: a Deduplicator that decides nothing (every document is kept, and the run's
// own outputs are thrown away) but numbers the documents that reach it densely in input order and writes, for
// each, its keys into one record file per key space (exact hash, URL hash, each LSH band) and, with verify:
// signature, its sketch into sketches.bin (dedup/staged/staged_records.h). prepare() is exactly the streaming
// stage's, so both modes see the same keys.
//
// With keep: longest | field it also writes each document's score (8 bytes: its bytes of text, or the value of
// keep_field) and its id (its length + 8 bytes), for the cluster sweep and pass 2's duplicate_of. The ids are
// also written with keep: first when asked (write_ids: `winnow dedup signatures`), for the run tasks of pass 2,
// whose removed documents may name a kept document of another task.
//
// Disk per document: 20 bytes per key (b band keys, plus one each for exact and URL when on), plus b x r bytes
// of sketch with verification: 320 bytes for 14 bands with exact on, 432 with verification.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <string>
#include <vector>

#include "dedup/dedup_config.h"
#include "dedup/minhash_deduplicator.h"
#include "dedup/staged/record_file.h"
#include "dedup/staged/staged_records.h"
#include "src/pipeline/stages.h"

namespace winnow::dedup::staged {

class SignatureWriter final : public Deduplicator {
 public:
  // Creates the record files in `scratch_dir` (which must exist). `write_ids`: write ids.bin/ids.idx also with
  // keep: first (for run tasks, whose removed documents may name a kept document of another task's inputs).
  SignatureWriter(const DedupConfig& config, const std::string& scratch_dir, bool write_ids = false);
  std::string_view name() const override { return "dedup"; }
  void prepare(Document& doc) const override { signatures_.prepare(doc); }
  Verdict check(Document& doc) override;
  // Closes the files. Call after the last document (run_pipeline calls it).
  void finish(const std::string& output_dir) override;

  std::uint64_t documents() const { return documents_; }
  // Documents numbered per input (doc.source), in the order the inputs came; inputs without any are absent.
  const std::vector<std::pair<std::string, std::uint64_t>>& documents_by_source() const { return by_source_; }
  // The keep rule's score of a document: bytes of text (longest), or keep_field's value when it is a JSON
  // number (field); a missing or non-numeric field scores -infinity.
  static double keep_score(const Document& doc, const DedupConfig& config);
  std::uint32_t spaces() const { return static_cast<std::uint32_t>(files_.size()); }
  std::uint64_t bytes_written() const;

 private:
  DedupConfig config_;
  MinHashDeduplicator signatures_;  // only its prepare() is used
  std::vector<std::unique_ptr<RecordWriter<BucketRecord>>> files_;  // per key space; null when the space is off
  std::unique_ptr<RecordWriter<std::uint8_t>> sketches_;
  std::unique_ptr<RecordWriter<double>> scores_;
  std::unique_ptr<RecordWriter<char>> id_bytes_;
  std::unique_ptr<RecordWriter<std::uint64_t>> id_ends_;
  std::uint64_t documents_ = 0;
  std::vector<std::pair<std::string, std::uint64_t>> by_source_;
  bool finished_ = false;
};

}  // namespace winnow::dedup::staged
