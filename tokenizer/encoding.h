// Encoding: a loaded byte-level BPE tokenizer, either one of tiktoken's encodings (the same ids as
// tiktoken) or a HuggingFace tokenizer.json byte-level BPE model (the same ids as HF tokenizers).
//
//   Encoding enc = Encoding::load("cl100k_base", default_data_dir());
//   std::vector<std::uint32_t> ids = enc.encode_ordinary("hello world");   // {15339, 1917}
//   std::string text = enc.decode(ids);                                   // "hello world"
//   Encoding gpt2 = Encoding::load("models/gpt2/tokenizer.json", "");     // any path ending in .json
//
// The two kinds differ only inside: pre-tokenization runs the steps the model asks for (see
// hf_tokenizer_json.h for what is supported), and HF models merge by their merge rules (bpe.h).
//
// Text is encoded as ordinary text: special-token strings such as "<|endoftext|>" inside a
// document are plain text and encode to several ordinary tokens, never to the special id (the
// reference equivalent is tiktoken's encode_ordinary). The end-of-text id is only ever added by
// encode_document, at the place EotPlacement says. For a tokenizer.json model the special tokens are
// its added tokens, and the end-of-text token is chosen by LoadOptions::end_of_text_token.
//
// Input is any byte string. Valid UTF-8 gives exactly tiktoken's ids; bytes that are not valid
// UTF-8 are still encoded losslessly (see pretokenizer.h). decode(encode_ordinary(x)) == x for
// every byte string x (except with a tokenizer.json whose ByteLevel add_prefix_space is true: as in
// HF, a text that does not start with a space then gets one).
//
// An Encoding is immutable after load: all const member functions may be called from any number
// of threads at once. Loading reads and hashes the rank file (a few MB; tens of milliseconds).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/char_tokens.h"
#include "tokenizer/encoding_registry.h"
#include "tokenizer/hf_tokenizer_json.h"
#include "tokenizer/merge_table.h"
#include "tokenizer/pair_table.h"
#include "tokenizer/pretokenizer.h"
#include "tokenizer/rank_table.h"

namespace winnow::tokenizer {

enum class EotPlacement { kAppend, kPrepend, kNone };

struct LoadOptions {
  // By default a rank file whose sha256 is not the pinned one is refused (std::runtime_error
  // naming the file, the expected and the actual hash). Set to false to accept a modified file on
  // purpose; rank_file_sha256() then reports the actual hash so manifests stay truthful.
  bool verify_sha256 = true;
  // The content of the special token whose id is end_of_text_id(). Empty: "<|endoftext|>" if the
  // encoding has it, else the only special token of a tokenizer.json that has exactly one, else
  // none (has_end_of_text() false). Named but absent: load throws, listing the special tokens.
  std::string end_of_text_token;
  // Remember, per thread, the ids of short pieces that needed merging (piece_cache.h): the same ids,
  // faster on text whose words repeat. false: always merge (for measuring the cache).
  bool piece_cache = true;
};

// A special token owned by the Encoding (tiktoken's from the registry, or a tokenizer.json's added tokens).
struct EncodingSpecialToken {
  std::string text;
  std::uint32_t id = 0;
};

class Encoding {
 public:
  // Loads a known encoding ("r50k_base" or its alias "gpt2", "cl100k_base", "o200k_base") from
  // data_dir/<rank file>, or, when name ends in ".json", the HuggingFace tokenizer.json at that path
  // (data_dir unused; no pinned hash, the actual one is recorded). Throws std::runtime_error, with
  // a message saying what to do, when the name is unknown, the file is missing (run
  // scripts/fetch-tokenizer-data), its hash differs, it is malformed, or it asks for something
  // winnow does not support (hf_tokenizer_json.h lists what is).
  static Encoding load(std::string_view name, const std::string& data_dir, const LoadOptions& options = {});
  // The tokenizer.json path, whatever its name.
  static Encoding load_tokenizer_json(const std::string& path, const LoadOptions& options = {});

  // The tiktoken name, or the absolute path of the tokenizer.json (so a manifest's "encoding" can be
  // given back to load).
  const std::string& name() const { return name_; }
  bool is_tokenizer_json() const { return tokenizer_json_; }
  // The pre-tokenizer pattern (for a tokenizer.json, its first splitting step's; r50k if none).
  PretokenizePattern pattern() const { return pattern_; }
  // REQUIRES has_end_of_text() for a meaningful value (else kNoRank).
  std::uint32_t end_of_text_id() const { return eot_; }
  bool has_end_of_text() const { return eot_ != kNoRank; }
  // One past the largest token id, special tokens included (50257, 100277, 200019).
  std::uint32_t n_vocab() const { return n_vocab_; }
  // sha256 (hex) of the rank file (or tokenizer.json) as loaded.
  const std::string& rank_file_sha256() const { return sha256_; }
  const std::string& rank_file_path() const { return path_; }
  // bytes <-> id of the ordinary tokens.
  const RankTable& ranks() const { return ranks_; }
  // A tokenizer.json's merge rules (empty for tiktoken encodings) and ids of single bytes.
  const MergeTable& merges() const { return merges_; }
  const std::array<std::uint32_t, 256>& byte_ids() const { return byte_ids_; }
  const std::vector<EncodingSpecialToken>& special_tokens() const { return specials_; }

  // Appends the ids of text to out.
  void encode_ordinary(std::string_view text, std::vector<std::uint32_t>& out) const;
  std::vector<std::uint32_t> encode_ordinary(std::string_view text) const;

  // Clears out and fills it with one document's ids: encode_ordinary(text) with the end-of-text
  // id appended, prepended (llm.c's convention) or left out.
  void encode_document(std::string_view text, EotPlacement eot, std::vector<std::uint32_t>& out) const;

  // The bytes of one id (special tokens give their text). Throws std::out_of_range for an id
  // that is neither an ordinary nor a special token.
  std::string_view token_bytes(std::uint32_t id) const;
  // The concatenated bytes of ids (not necessarily valid UTF-8 for an arbitrary slice).
  std::string decode(std::span<const std::uint32_t> ids) const;

 private:
  Encoding() = default;
  void encode_piece(std::string_view piece, std::vector<std::uint32_t>& out) const;
  void merge_piece(std::string_view piece, std::vector<std::uint32_t>& out) const;
  void encode_steps(std::string_view fragment, std::size_t step, std::vector<std::uint32_t>& out) const;
  void choose_end_of_text(const std::string& wanted);

  std::string name_;
  std::string path_;
  std::string sha256_;
  PretokenizePattern pattern_ = PretokenizePattern::kCl100k;
  RankTable ranks_;
  PairTable pairs_;  // tiktoken encodings: what the merge loop looks pairs up in (empty for tokenizer.json)
  CharTokens chars_;  // tiktoken encodings: characters the merge loop starts from whole (char_tokens.h)
  std::vector<EncodingSpecialToken> specials_;
  std::vector<EncodingSpecialToken> inline_tokens_;  // tokenizer.json non-special added tokens, matched in text
  std::uint32_t eot_ = kNoRank;
  std::uint32_t n_vocab_ = 0;
  std::uint64_t cache_owner_ = 0;  // identity of this load for the per-thread PieceCache; 0 = no cache
  // tokenizer.json models only:
  bool tokenizer_json_ = false;
  std::vector<PretokenizeStep> steps_;        // empty: one split by pattern_ (tiktoken)
  MergeTable merges_;                         // empty: merge by bytes (tiktoken)
  std::array<std::uint32_t, 256> byte_ids_{};
  // whole_piece_ok_[id]: a piece whose bytes are token id encodes to that one token. Always true
  // for tiktoken (its definition); for HF merge rules, true when the rules applied to the token's
  // own bytes reach it, computed at load, so the whole-piece lookup never changes HF's answer.
  std::vector<bool> whole_piece_ok_;          // empty: all true
};

// Where rank files live: $WINNOW_DATA_DIR if set and non-empty, else ".cache/tokenizer" when the current
// directory has one (the repository root), else the .cache/tokenizer of the checkout winnow was built from.
std::string default_data_dir();

}  // namespace winnow::tokenizer
