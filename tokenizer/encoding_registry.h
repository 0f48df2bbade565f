// The encodings winnow knows: which rank file each one loads, the sha256 that file must have,
// its pre-tokenization pattern and its special tokens (all as in tiktoken's openai_public).
//
// The sha256 pins are the same as in scripts/fetch-tokenizer-data; keep the two in step.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "tokenizer/pretokenizer.h"

namespace winnow::tokenizer {

struct SpecialToken {
  std::string_view text;
  std::uint32_t id;
};

struct KnownEncoding {
  std::string_view name;              // canonical tiktoken name, e.g. "cl100k_base"
  std::string_view alias;             // another accepted name ("gpt2"), or empty
  std::string_view rank_file;         // file name inside the data directory
  std::string_view rank_file_sha256;  // lowercase hex
  std::size_t rank_count;             // lines in the rank file
  PretokenizePattern pattern;
  std::span<const SpecialToken> special_tokens;
  std::uint32_t end_of_text_id;       // id of <|endoftext|>
  std::uint32_t n_vocab;              // one past the largest id, special tokens included
};

// All known encodings.
std::span<const KnownEncoding> known_encodings();

// The entry whose name or alias equals name; nullptr if none.
const KnownEncoding* find_known_encoding(std::string_view name);

}  // namespace winnow::tokenizer
