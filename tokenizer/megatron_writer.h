// MegatronWriter: writes one Megatron-LM indexed dataset, PREFIX.bin + PREFIX.idx (layout in
// shard_format.h), one sequence per document, plus PREFIX.manifest.json.
//
//   MegatronWriter w("/data/out/web_text", enc, {.end_of_text = EotPlacement::kAppend});
//   for (each document, in order) { enc.encode_document(text, EotPlacement::kAppend, ids); w.add_document(ids); }
//   w.finish();
//
// Tokens stream to a temporary .bin as documents arrive; the per-document lengths stay in memory
// (4 bytes per document) until finish() writes the .idx. finish() commits .bin, then .idx, then
// the manifest, each by atomic rename. A writer destroyed without finish() leaves no final file
// behind (only a .bin from an earlier finished run with the same prefix would survive).
// Not thread-safe: call it from one thread (the pipeline's serial, in-order sink).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "src/io/atomic_file.h"
#include "tokenizer/encoding.h"
#include "tokenizer/shard_manifest.h"

namespace winnow::tokenizer {

struct MegatronWriterOptions {
  // Only recorded in the manifest: where the caller put the end-of-text id in each document.
  EotPlacement end_of_text = EotPlacement::kAppend;
};

class MegatronWriter {
 public:
  // prefix: path without extension; its directory must exist. The encoding supplies n_vocab
  // (which picks uint16 or int32 tokens) and the manifest's fields; it must outlive the writer.
  MegatronWriter(std::filesystem::path prefix, const Encoding& enc, MegatronWriterOptions options = {});

  // Appends one document. Throws std::invalid_argument if an id is >= n_vocab or the document
  // has 2^31 tokens or more (the .idx stores lengths as int32), std::runtime_error on I/O errors,
  // std::logic_error after finish().
  void add_document(std::span<const std::uint32_t> ids);

  // Writes the index and manifest and commits all three files. Returns the manifest.
  const ShardManifest& finish();

  std::uint64_t documents() const { return lengths_.size(); }
  std::uint64_t tokens() const { return tokens_; }

 private:
  std::filesystem::path prefix_;
  std::uint32_t n_vocab_;
  bool uint16_tokens_;
  winnow::AtomicFile bin_;
  std::vector<std::int32_t> lengths_;
  std::uint64_t tokens_ = 0;
  std::vector<char> buffer_;
  ShardManifest manifest_;
  bool finished_ = false;
};

}  // namespace winnow::tokenizer
