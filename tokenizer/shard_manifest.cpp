#include "tokenizer/shard_manifest.h"

#include <cstdio>
#include <sstream>

#include "tokenizer/atomic_file.h"

namespace winnow::tokenizer {
namespace {

std::string json_quoted(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

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
  std::ostringstream o;
  o << "{\n"
    << "  \"format\": " << json_quoted(format) << ",\n"
    << "  \"encoding\": " << json_quoted(encoding) << ",\n"
    << "  \"rank_file_sha256\": " << json_quoted(rank_file_sha256) << ",\n"
    << "  \"n_vocab\": " << n_vocab << ",\n"
    << "  \"end_of_text_id\": " << end_of_text_id << ",\n"
    << "  \"end_of_text\": " << json_quoted(end_of_text) << ",\n"
    << "  \"token_dtype\": " << json_quoted(token_dtype) << ",\n"
    << "  \"documents\": " << documents << ",\n"
    << "  \"tokens\": " << tokens << ",\n"
    << "  \"shards\": [";
  for (std::size_t i = 0; i < shards.size(); ++i) {
    const ShardEntry& s = shards[i];
    o << (i ? ",\n    " : "\n    ") << "{\"file\": " << json_quoted(s.file);
    if (!s.index.empty()) o << ", \"index\": " << json_quoted(s.index);
    if (!s.split.empty()) o << ", \"split\": " << json_quoted(s.split);
    o << ", \"tokens\": " << s.tokens << ", \"documents\": " << s.documents << "}";
  }
  o << (shards.empty() ? "]\n" : "\n  ]\n") << "}\n";
  return o.str();
}

void ShardManifest::write(const std::filesystem::path& path) const {
  AtomicFile f(path);
  f.write(to_json());
  f.commit();
}

}  // namespace winnow::tokenizer
