#include "tokenizer/encoding.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "tokenizer/bpe.h"
#include "tokenizer/rank_file.h"
#include "tokenizer/sha256.h"

namespace winnow::tokenizer {

Encoding Encoding::load(std::string_view name, const std::string& data_dir, const LoadOptions& options) {
  const KnownEncoding* known = find_known_encoding(name);
  if (known == nullptr) {
    std::string names;
    for (const auto& k : known_encodings()) {
      names += names.empty() ? "" : ", ";
      names += k.name;
      if (!k.alias.empty()) names += " (alias " + std::string(k.alias) + ")";
    }
    throw std::runtime_error("unknown encoding '" + std::string(name) + "'; known: " + names);
  }
  Encoding enc;
  enc.name_ = known->name;
  enc.path_ = (std::filesystem::path(data_dir) / known->rank_file).string();
  if (!std::filesystem::exists(enc.path_)) {
    throw std::runtime_error("rank file " + enc.path_ + " for " + enc.name_ +
                             " does not exist; run scripts/fetch-tokenizer-data "
                             "(or set WINNOW_DATA_DIR to the directory that holds it)");
  }
  const std::string contents = read_whole_file(enc.path_);
  enc.sha256_ = sha256_hex(contents);
  if (options.verify_sha256 && enc.sha256_ != known->rank_file_sha256) {
    throw std::runtime_error("rank file " + enc.path_ + " has sha256 " + enc.sha256_ + ", expected " +
                             std::string(known->rank_file_sha256) + " for " + enc.name_ +
                             "; delete it and rerun scripts/fetch-tokenizer-data, or load with "
                             "LoadOptions::verify_sha256 = false to use a modified file on purpose");
  }
  const auto entries = parse_rank_file(contents, enc.path_);
  if (options.verify_sha256 && entries.size() != known->rank_count) {
    throw std::runtime_error("rank file " + enc.path_ + " has " + std::to_string(entries.size()) +
                             " tokens, expected " + std::to_string(known->rank_count));
  }
  enc.ranks_ = RankTable(entries);
  for (unsigned b = 0; b < 256; ++b) {
    const char byte = static_cast<char>(b);
    if (enc.ranks_.find(std::string_view(&byte, 1)) == kNoRank) {
      throw std::runtime_error("rank file " + enc.path_ + " has no token for byte " + std::to_string(b) +
                               "; byte-level BPE needs all 256");
    }
  }
  for (const auto& s : known->special_tokens) {
    if (s.id < enc.ranks_.rank_limit() && !enc.ranks_.bytes_of(s.id).empty()) {
      throw std::runtime_error("rank file " + enc.path_ + " uses id " + std::to_string(s.id) +
                               ", which is reserved for " + std::string(s.text));
    }
  }
  enc.pattern_ = known->pattern;
  enc.specials_ = known->special_tokens;
  enc.eot_ = known->end_of_text_id;
  enc.n_vocab_ = known->n_vocab;
  return enc;
}

void Encoding::encode_ordinary(std::string_view text, std::vector<std::uint32_t>& out) const {
  for (std::size_t p = 0; p < text.size();) {
    const std::size_t e = piece_end(pattern_, text, p);
    const std::string_view piece = text.substr(p, e - p);
    // Whole-piece lookup first: most pieces of real text are a single token.
    const std::uint32_t whole = ranks_.find(piece);
    if (whole != kNoRank) {
      out.push_back(whole);
    } else {
      bpe_encode_piece(ranks_, piece, out);
    }
    p = e;
  }
}

std::vector<std::uint32_t> Encoding::encode_ordinary(std::string_view text) const {
  std::vector<std::uint32_t> out;
  encode_ordinary(text, out);
  return out;
}

void Encoding::encode_document(std::string_view text, EotPlacement eot, std::vector<std::uint32_t>& out) const {
  out.clear();
  if (eot == EotPlacement::kPrepend) out.push_back(eot_);
  encode_ordinary(text, out);
  if (eot == EotPlacement::kAppend) out.push_back(eot_);
}

std::string_view Encoding::token_bytes(std::uint32_t id) const {
  const std::string_view bytes = ranks_.bytes_of(id);
  if (!bytes.empty()) return bytes;
  for (const auto& s : specials_) {
    if (s.id == id) return s.text;
  }
  throw std::out_of_range("token id " + std::to_string(id) + " is not in " + name_ + " (n_vocab " +
                          std::to_string(n_vocab_) + ")");
}

std::string Encoding::decode(std::span<const std::uint32_t> ids) const {
  std::string out;
  for (std::uint32_t id : ids) out += token_bytes(id);
  return out;
}

std::string default_data_dir() {
  const char* env = std::getenv("WINNOW_DATA_DIR");
  if (env != nullptr && *env != '\0') return env;
  // From the repository root the relative folder is right; from anywhere else, the checkout this binary was
  // built from (scripts/fetch-tokenizer-data puts the data there).
  if (std::filesystem::is_directory(".cache/tokenizer")) return ".cache/tokenizer";
  return WINNOW_DEFAULT_DATA_DIR;
}

}  // namespace winnow::tokenizer
