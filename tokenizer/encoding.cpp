#include "tokenizer/encoding.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "tokenizer/bpe.h"
#include "tokenizer/piece_cache.h"
#include "tokenizer/rank_file.h"
#include "tokenizer/sha256.h"

namespace winnow::tokenizer {
namespace {

bool ends_with_json(std::string_view name) {
  return name.size() > 5 && name.substr(name.size() - 5) == ".json";
}

// A distinct identity per load, so a thread's PieceCache never serves ids of another vocabulary
// (an address could be reused by a later Encoding; a counter is not).
std::uint64_t next_cache_owner() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

Encoding Encoding::load(std::string_view name, const std::string& data_dir, const LoadOptions& options) {
  if (ends_with_json(name)) return load_tokenizer_json(std::string(name), options);
  const KnownEncoding* known = find_known_encoding(name);
  if (known == nullptr) {
    std::string names;
    for (const auto& k : known_encodings()) {
      names += names.empty() ? "" : ", ";
      names += k.name;
      if (!k.alias.empty()) names += " (alias " + std::string(k.alias) + ")";
    }
    throw std::runtime_error("unknown encoding '" + std::string(name) + "'; known: " + names +
                             ", or the path of a HuggingFace tokenizer.json (ending in .json)");
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
    enc.byte_ids_[b] = enc.ranks_.byte_rank(static_cast<unsigned char>(b));
  }
  for (const auto& s : known->special_tokens) {
    if (s.id < enc.ranks_.rank_limit() && !enc.ranks_.bytes_of(s.id).empty()) {
      throw std::runtime_error("rank file " + enc.path_ + " uses id " + std::to_string(s.id) +
                               ", which is reserved for " + std::string(s.text));
    }
    enc.specials_.push_back({std::string(s.text), s.id});
  }
  enc.pairs_ = PairTable(enc.ranks_);
  enc.chars_ = CharTokens(enc.ranks_, enc.pairs_);
  enc.pattern_ = known->pattern;
  enc.n_vocab_ = known->n_vocab;
  enc.choose_end_of_text(options.end_of_text_token);
  if (options.piece_cache) enc.cache_owner_ = next_cache_owner();
  return enc;
}

Encoding Encoding::load_tokenizer_json(const std::string& path, const LoadOptions& options) {
  Encoding enc;
  std::error_code error;
  enc.path_ = std::filesystem::absolute(path, error).lexically_normal().string();
  if (error) enc.path_ = path;
  enc.name_ = enc.path_;
  enc.tokenizer_json_ = true;
  if (!std::filesystem::exists(enc.path_)) {
    throw std::runtime_error("tokenizer.json " + path + " does not exist (an encoding ending in .json is read as "
                             "the path of a HuggingFace tokenizer.json)");
  }
  const std::string contents = read_whole_file(enc.path_);
  enc.sha256_ = sha256_hex(contents);
  HfBpeModel model = parse_tokenizer_json(contents, enc.path_);

  try {
    enc.ranks_ = RankTable(model.vocab);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(enc.path_ + ": model.vocab: " + e.what());
  }
  for (unsigned b = 0; b < 256; ++b) {
    enc.byte_ids_[b] = enc.ranks_.byte_rank(static_cast<unsigned char>(b));
    if (enc.byte_ids_[b] == kNoRank) {
      throw std::runtime_error(enc.path_ + ": model.vocab has no token for byte " + std::to_string(b) +
                               "; byte-level BPE needs all 256");
    }
  }
  for (std::size_t i = 0; i < model.merges.size(); ++i) {
    const HfMerge& m = model.merges[i];
    enc.merges_.insert(m.left, m.right, MergeRule{static_cast<std::uint32_t>(i), m.merged});
  }
  std::uint32_t limit = enc.ranks_.rank_limit();
  for (const auto& a : model.added) {
    if (!enc.ranks_.bytes_of(a.id).empty()) {
      throw std::runtime_error(enc.path_ + ": added token '" + a.content + "' has id " + std::to_string(a.id) +
                               ", which model.vocab gives to another token");
    }
    (a.special ? enc.specials_ : enc.inline_tokens_).push_back({a.content, a.id});
    limit = std::max(limit, a.id + 1);
  }
  enc.n_vocab_ = limit;
  enc.steps_ = std::move(model.steps);
  enc.pattern_ = PretokenizePattern::kR50k;
  for (const auto& step : enc.steps_) {
    if (step.split) {
      enc.pattern_ = *step.split;
      break;
    }
  }
  if (!model.ignore_merges) {
    // Which tokens the merge rules reach from their own bytes: one short merge per token, a part of
    // the whole load (o200k's tokenizer.json: ~0.5 s on the benchmark machine, parsing included).
    enc.whole_piece_ok_.assign(enc.ranks_.rank_limit(), false);
    const MergeRules rules{enc.merges_, enc.byte_ids_};
    std::vector<std::uint32_t> ids;
    for (const auto& entry : model.vocab) {
      ids.clear();
      bpe_encode_piece(rules, entry.bytes, ids);
      enc.whole_piece_ok_[entry.rank] = ids.size() == 1 && ids[0] == entry.rank;
    }
  }
  enc.choose_end_of_text(options.end_of_text_token);
  if (options.piece_cache) enc.cache_owner_ = next_cache_owner();
  return enc;
}

void Encoding::choose_end_of_text(const std::string& wanted) {
  auto find = [&](std::string_view text) -> const EncodingSpecialToken* {
    for (const auto& s : specials_) {
      if (s.text == text) return &s;
    }
    return nullptr;
  };
  const EncodingSpecialToken* chosen = nullptr;
  if (!wanted.empty()) {
    chosen = find(wanted);
    if (chosen == nullptr) {
      std::string names;
      for (const auto& s : specials_) names += (names.empty() ? "" : ", ") + s.text;
      throw std::runtime_error(name_ + " has no special token '" + wanted + "' for end of text; its special tokens: " +
                               (names.empty() ? "none" : names));
    }
  } else {
    chosen = find("<|endoftext|>");
    if (chosen == nullptr && specials_.size() == 1) chosen = &specials_[0];
  }
  eot_ = chosen != nullptr ? chosen->id : kNoRank;
}

void Encoding::encode_piece(std::string_view piece, std::vector<std::uint32_t>& out) const {
  // Whole-piece lookup first: most pieces of real text are a single token.
  const std::uint32_t whole = ranks_.find(piece);
  if (whole != kNoRank && (whole_piece_ok_.empty() || whole_piece_ok_[whole])) {
    out.push_back(whole);
    return;
  }
  if (cache_owner_ == 0 || piece.size() > PieceCache::kMaxPieceBytes) {
    merge_piece(piece, out);
    return;
  }
  PieceCache& cache = PieceCache::for_thread(cache_owner_);
  if (cache.find(piece, out)) return;
  const std::size_t before = out.size();
  merge_piece(piece, out);
  cache.store(piece, out.data() + before, out.size() - before);
}

void Encoding::merge_piece(std::string_view piece, std::vector<std::uint32_t>& out) const {
  if (tokenizer_json_) {
    bpe_encode_piece(MergeRules{merges_, byte_ids_}, piece, out);
  } else {
    bpe_encode_piece(PairRules{ranks_, pairs_, &chars_}, piece, out);
  }
}

void Encoding::encode_steps(std::string_view fragment, std::size_t step, std::vector<std::uint32_t>& out) const {
  if (fragment.empty()) return;
  if (step == steps_.size()) {
    encode_piece(fragment, out);
    return;
  }
  const PretokenizeStep& s = steps_[step];
  std::string prefixed;  // only models with add_prefix_space pay for this copy
  if (s.add_prefix_space && fragment.front() != ' ') {
    prefixed.reserve(fragment.size() + 1);
    prefixed += ' ';
    prefixed += fragment;
    fragment = prefixed;
  }
  if (!s.split) {
    encode_steps(fragment, step + 1, out);
    return;
  }
  for (std::size_t p = 0; p < fragment.size();) {
    const std::size_t e = piece_end(*s.split, fragment, p);
    encode_steps(fragment.substr(p, e - p), step + 1, out);
    p = e;
  }
}

void Encoding::encode_ordinary(std::string_view text, std::vector<std::uint32_t>& out) const {
  if (tokenizer_json_) {
    // Non-special added tokens first, as HF: at the leftmost position where any matches, the
    // longest; the text between matches goes through the pre-tokenizers and BPE.
    std::size_t fragment = 0;
    for (std::size_t i = 0; i < text.size() && !inline_tokens_.empty();) {
      const EncodingSpecialToken* match = nullptr;
      for (const auto& t : inline_tokens_) {
        if (text.compare(i, t.text.size(), t.text) == 0 && (match == nullptr || t.text.size() > match->text.size())) {
          match = &t;
        }
      }
      if (match == nullptr) {
        ++i;
        continue;
      }
      encode_steps(text.substr(fragment, i - fragment), 0, out);
      out.push_back(match->id);
      i += match->text.size();
      fragment = i;
    }
    encode_steps(text.substr(fragment), 0, out);
    return;
  }
  // Pre-tokenize kPiecesAhead pieces ahead of the one being encoded and prefetch their whole-piece
  // lookups (rank_table.h: prefetch), so those cache misses overlap the merging of earlier pieces.
  // Measured (mixed and English, both encodings, 5 interleaved rounds): 4 ahead beat 1 by 4-6%; 8
  // was no better than 4.
  constexpr std::size_t kPiecesAhead = 4;
  std::array<std::size_t, kPiecesAhead> ends{};  // ring of the next pieces' end offsets
  std::size_t first = 0, queued = 0, scanned = 0;
  auto look_ahead = [&] {
    while (queued < kPiecesAhead && scanned < text.size()) {
      const std::size_t e = piece_end(pattern_, text, scanned);
      ranks_.prefetch(text.substr(scanned, e - scanned));
      ends[(first + queued) % kPiecesAhead] = e;
      ++queued;
      scanned = e;
    }
  };
  look_ahead();
  for (std::size_t p = 0; queued > 0;) {
    const std::size_t e = ends[first];
    first = (first + 1) % kPiecesAhead;
    --queued;
    look_ahead();
    encode_piece(text.substr(p, e - p), out);
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
  if (eot != EotPlacement::kNone && !has_end_of_text()) {
    throw std::logic_error(name_ + " has no end-of-text token; name one with LoadOptions::end_of_text_token "
                           "(config: tokenizer.end_of_text_token) or use end_of_text: none");
  }
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
  for (const auto& s : inline_tokens_) {
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
