// Reading a HuggingFace tokenizer.json that holds a byte-level BPE model (GPT-2, RoBERTa,
// Llama 3, the Xenova conversions of cl100k/o200k, ...) into plain data that Encoding loads.
//
// What is supported, and what is refused with an error that names the file and the field:
//  - model: {"type": "BPE", "vocab": {token: id}, "merges": ["a b", ...] or [["a", "b"], ...]}.
//    Tokens are written in GPT-2's byte-level alphabet (byte_level.h) and are turned back into
//    bytes here. Merge i has rank i (lower merges first, as in HF). ignore_merges is honoured.
//    Refused: dropout (not deterministic), a continuing_subword_prefix or end_of_word_suffix,
//    a merge whose parts or result are not in the vocabulary, a vocabulary without all 256 bytes.
//  - normalizer: must be null (a normalizer would change the text before splitting).
//  - pre_tokenizer: ByteLevel, or a Sequence of Split steps followed by ByteLevel, which must come
//    last (it maps bytes to the alphabet). ByteLevel's add_prefix_space and use_regex are honoured
//    (use_regex splits with GPT-2's pattern). A Split must have {"Regex": P} with P exactly one of
//    the patterns pretokenizer.h reproduces (pattern_for_regex), and behavior Isolated with
//    invert false, or Removed with invert true: the same split for these patterns, which match
//    every character, so nothing is removed. Any other pattern, behavior or pre-tokenizer type is
//    refused with its name: winnow runs no regex engine.
//  - added_tokens: special ones are kept (id and text) for the end-of-text id and for decoding;
//    like tiktoken's encode_ordinary, their text inside a document is plain text. Non-special ones
//    are matched inside text as HF does, before pre-tokenizing: leftmost, longest content first,
//    exact bytes; the text between matches is pre-tokenized and merged as usual. Their flags
//    single_word, lstrip and rstrip are refused when true (not implemented); normalized does not
//    matter (no normalizer is accepted).
//  - post_processor and decoder are ignored: winnow adds the end-of-text id itself and decodes
//    to the exact bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/pretokenizer.h"
#include "tokenizer/rank_file.h"

namespace winnow::tokenizer {

// One splitting step. Each fragment of text (at first the whole document) gets a leading space if
// add_prefix_space and it does not start with one, then is split by split (or kept whole).
struct PretokenizeStep {
  std::optional<PretokenizePattern> split;
  bool add_prefix_space = false;
};

struct HfAddedToken {
  std::string content;  // the UTF-8 text, as written
  std::uint32_t id = 0;
  bool special = true;  // false: matched inside text (exact content), as HF does before pre-tokenizing
};

struct HfMerge {
  std::uint32_t left = 0;
  std::uint32_t right = 0;
  std::uint32_t merged = 0;
};

struct HfBpeModel {
  std::vector<RankFileEntry> vocab;    // ordinary tokens: their bytes and id
  std::vector<HfMerge> merges;         // in rank order
  std::vector<PretokenizeStep> steps;  // in order; no-op steps left out
  std::vector<HfAddedToken> added;
  bool ignore_merges = false;          // true: a piece that is a token is that token, merges unused
};

// Parses contents (the file's text). source_name is used in error messages. Throws
// std::runtime_error("SOURCE: what is wrong and what is supported").
HfBpeModel parse_tokenizer_json(std::string_view contents, const std::string& source_name);

}  // namespace winnow::tokenizer
