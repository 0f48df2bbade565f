#include "tokenizer/shard_manifest.h"

#include "src/io/atomic_file.h"
#include "src/records/json_text.h"

namespace winnow::tokenizer {
std::string to_string(EotPlacement eot) {
  switch (eot) {
    case EotPlacement::kAppend: return "append";
    case EotPlacement::kPrepend: return "prepend";
    case EotPlacement::kNone: return "none";
  }
  return "none";
}

ShardManifest manifest_for(const Encoding& enc, std::string format, EotPlacement eot) {
  ShardManifest m;
  m.format = std::move(format);
  m.encoding = enc.name();
  m.rank_file_sha256 = enc.rank_file_sha256();
  m.n_vocab = enc.n_vocab();
  m.end_of_text_id = enc.end_of_text_id();
  m.end_of_text = to_string(eot);
  return m;
}

std::string ShardManifest::to_json() const {
  JsonBuilder json(2);
  json.begin_object()
      .value("format", format)
      .value("encoding", encoding)
      .value("rank_file_sha256", rank_file_sha256)
      .value("n_vocab", static_cast<std::uint64_t>(n_vocab))
      .value("end_of_text_id", static_cast<std::uint64_t>(end_of_text_id))
      .value("end_of_text", end_of_text)
      .value("token_dtype", token_dtype)
      .value("documents", documents)
      .value("tokens", tokens)
      .begin_array("shards");
  for (const ShardEntry& shard : shards) {
    json.begin_object().value("file", shard.file);
    if (!shard.index.empty()) json.value("index", shard.index);
    if (!shard.split.empty()) json.value("split", shard.split);
    json.value("tokens", shard.tokens).value("documents", shard.documents).end_object();
  }
  json.end_array().end_object();
  return json.str() + "\n";
}

void ShardManifest::write(const std::filesystem::path& path) const { write_file_atomically(path.string(), to_json()); }

}  // namespace winnow::tokenizer
