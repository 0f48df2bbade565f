// LlmcWriter: writes llm.c token shards (layout in shard_format.h) plus DIR/NAME.manifest.json.
//
//   LlmcWriter w("/data/out", "fineweb", enc, {.shard_tokens = 100'000'000,
//                                              .end_of_text = EotPlacement::kPrepend});
//   for (each document, in order) { enc.encode_document(text, EotPlacement::kPrepend, ids); w.add_document(ids); }
//   w.finish();
//
// Shards are DIR/NAME_val_000000.bin, DIR/NAME_train_000001.bin, ...: as in llm.c's fineweb.py,
// the first shard is the validation split and every later one training, every shard but the last
// holds exactly shard_tokens tokens, and a document that does not fit is split, its rest starting
// the next shard. (llm.c's data loader finds documents by the end-of-text token, which fineweb.py
// PREPENDS to each document; pass EotPlacement::kPrepend to encode_document for the same layout.)
// Each shard is committed by atomic rename as soon as it is full; finish() commits the last,
// partial one, then the manifest. Destroying an unfinished writer removes the shard in progress;
// shards already committed stay. Token width: uint16 for vocabularies up to 65536 ids (gpt2),
// uint32 otherwise. Not thread-safe: call it from one thread (the pipeline's serial sink).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "src/io/atomic_file.h"
#include "tokenizer/encoding.h"
#include "tokenizer/shard_format.h"
#include "tokenizer/shard_manifest.h"

namespace winnow::tokenizer {

struct LlmcWriterOptions {
  std::uint64_t shard_tokens = llmc::kDefaultShardTokens;  // must be in [1, 2^31 - 1]
  // Only recorded in the manifest: where the caller put the end-of-text id in each document.
  EotPlacement end_of_text = EotPlacement::kPrepend;
};

class LlmcWriter {
 public:
  // dir must exist. Throws std::invalid_argument for a shard size out of range.
  LlmcWriter(std::filesystem::path dir, std::string name, const Encoding& enc, LlmcWriterOptions options = {});

  // Appends one document (may span shards). Throws std::invalid_argument for an id >= n_vocab,
  // std::runtime_error on I/O errors, std::logic_error after finish().
  void add_document(std::span<const std::uint32_t> ids);

  // Commits the last shard (if it has any token) and the manifest. Returns the manifest.
  const ShardManifest& finish();

  // The file name of shard i, e.g. "fineweb_val_000000.bin".
  std::string shard_file_name(std::size_t index) const;

 private:
  void open_shard();
  void close_shard();

  std::filesystem::path dir_;
  std::string name_;
  std::uint32_t n_vocab_;
  bool uint16_tokens_;
  std::uint64_t shard_tokens_;
  std::optional<winnow::AtomicFile> shard_;
  std::uint64_t in_shard_ = 0;           // tokens in the open shard
  std::uint64_t documents_started_ = 0;  // documents starting in the open shard
  std::vector<char> buffer_;
  ShardManifest manifest_;
  bool finished_ = false;
};

}  // namespace winnow::tokenizer
