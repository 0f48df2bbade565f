// Encoding: a loaded byte-level BPE tokenizer that produces the same ids as tiktoken.
//
//   Encoding enc = Encoding::load("cl100k_base", default_data_dir());
//   std::vector<std::uint32_t> ids = enc.encode_ordinary("hello world");   // {15339, 1917}
//   std::string text = enc.decode(ids);                                   // "hello world"
//
// Text is encoded as ordinary text: special-token strings such as "<|endoftext|>" inside a
// document are plain text and encode to several ordinary tokens, never to the special id (the
// reference equivalent is tiktoken's encode_ordinary). The end-of-text id is only ever added by
// encode_document, at the place EotPlacement says.
//
// Input is any byte string. Valid UTF-8 gives exactly tiktoken's ids; bytes that are not valid
// UTF-8 are still encoded losslessly (see pretokenizer.h). decode(encode_ordinary(x)) == x for
// every byte string x.
//
// An Encoding is immutable after load: all const member functions may be called from any number
// of threads at once. Loading reads and hashes the rank file (a few MB; tens of milliseconds).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/encoding_registry.h"
#include "tokenizer/pretokenizer.h"
#include "tokenizer/rank_table.h"

namespace winnow::tokenizer {

enum class EotPlacement { kAppend, kPrepend, kNone };

struct LoadOptions {
  // By default a rank file whose sha256 is not the pinned one is refused (std::runtime_error
  // naming the file, the expected and the actual hash). Set to false to accept a modified file on
  // purpose; rank_file_sha256() then reports the actual hash so manifests stay truthful.
  bool verify_sha256 = true;
};

class Encoding {
 public:
  // Loads a known encoding ("r50k_base" or its alias "gpt2", "cl100k_base", "o200k_base") from
  // data_dir/<rank file>. Throws std::runtime_error, with a message saying what to do, when the
  // name is unknown, the file is missing (run scripts/fetch-tokenizer-data), its hash differs,
  // or it is malformed.
  static Encoding load(std::string_view name, const std::string& data_dir, const LoadOptions& options = {});

  const std::string& name() const { return name_; }
  PretokenizePattern pattern() const { return pattern_; }
  std::uint32_t end_of_text_id() const { return eot_; }
  // One past the largest token id, special tokens included (50257, 100277, 200019).
  std::uint32_t n_vocab() const { return n_vocab_; }
  // sha256 (hex) of the rank file as loaded.
  const std::string& rank_file_sha256() const { return sha256_; }
  const std::string& rank_file_path() const { return path_; }
  const RankTable& ranks() const { return ranks_; }

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
  std::string name_;
  std::string path_;
  std::string sha256_;
  PretokenizePattern pattern_ = PretokenizePattern::kCl100k;
  RankTable ranks_;
  std::span<const SpecialToken> specials_;
  std::uint32_t eot_ = 0;
  std::uint32_t n_vocab_ = 0;
};

// Where rank files live: $WINNOW_DATA_DIR if set and non-empty, else ".cache/tokenizer" when the current
// directory has one (the repository root), else the .cache/tokenizer of the checkout winnow was built from.
std::string default_data_dir();

}  // namespace winnow::tokenizer
