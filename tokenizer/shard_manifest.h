// The manifest each shard writer leaves beside its shards: what produced them and what they hold,
// so a training job (or a person) can check shards without reading them.
//
// File: <dir>/<prefix>.manifest.json, written atomically and LAST, after every shard it lists
// has been renamed into place; a manifest therefore implies complete shards. Example:
//   {
//     "format": "megatron",                 // or "llm.c"
//     "encoding": "cl100k_base",
//     "rank_file_sha256": "223921b7...",
//     "n_vocab": 100277, "end_of_text_id": 100257, "end_of_text": "append",
//     "token_dtype": "int32",               // uint16 | int32 | uint32
//     "documents": 3, "tokens": 42,
//     "shards": [ {"file": "x.bin", "index": "x.idx", "split": "", "tokens": 42, "documents": 3} ]
//   }
// "index" is present for Megatron only; "split" ("val"/"train") for llm.c only. A shard's
// "documents" counts the documents that START in it (llm.c shards can split a document).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "tokenizer/encoding.h"

namespace winnow::tokenizer {

struct ShardEntry {
  std::string file;    // file name, relative to the manifest's directory
  std::string index;   // Megatron .idx file name, else empty
  std::string split;   // llm.c "val" / "train", else empty
  std::uint64_t tokens = 0;
  std::uint64_t documents = 0;
};

struct ShardManifest {
  std::string format;
  std::string encoding;
  std::string rank_file_sha256;
  std::uint32_t n_vocab = 0;
  std::uint32_t end_of_text_id = 0;
  std::string end_of_text;  // "append" | "prepend" | "none"; as told by the caller
  std::string token_dtype;
  std::uint64_t documents = 0;
  std::uint64_t tokens = 0;
  std::vector<ShardEntry> shards;

  std::string to_json() const;
  // Writes to_json() to path atomically.
  void write(const std::filesystem::path& path) const;
};

// A manifest with the encoding fields filled from enc.
ShardManifest manifest_for(const Encoding& enc, std::string format, EotPlacement eot);

std::string to_string(EotPlacement eot);

}  // namespace winnow::tokenizer
