// Helpers shared by the tokenizer test files: where the data is, temporary directories, and the
// bridge to the reference encoder (reference/encode.mjs, npm tiktoken@1.0.22 run by node).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "support/test_support.h"
#include "tokenizer/encoding.h"

namespace winnow::tokenizer::testing {

// $WINNOW_DATA_DIR if set, else <repo>/.cache/tokenizer (compile definition from CMake).
std::string test_data_dir();

// Loads an encoding from test_data_dir(); on failure throws with a message that says to run
// scripts/fetch-tokenizer-data (tests treat that as a failure, never a skip).
const Encoding& test_encoding(std::string_view name);

// Temporary folders: the one TempDir every suite uses.
using winnow::test::TempDir;

// Encodes every text with the reference implementation (one node process for the whole batch).
// Throws std::runtime_error with node's stderr if node or the reference package is missing or
// fails, so a broken setup fails loudly.
std::vector<std::vector<std::uint32_t>> reference_encode(std::string_view encoding,
                                                         const std::vector<std::string>& texts);

// A GPT-2 tokenizer.json derived from the r50k rank file by make_gpt2_tokenizer_json.py (run once
// per flags per test process, into a temporary folder that lives as long as the process); flags
// are that script's options ("--merge-pairs", "--add-prefix-space"), space separated.
std::string gpt2_tokenizer_json(const std::string& flags = "");

// test_data_dir()/hf/name, a real tokenizer.json fetched by scripts/fetch-tokenizer-data; throws
// naming the script when it is missing.
std::string fetched_tokenizer_json(std::string_view name);

// Loads the tokenizer.json at path once per process (default LoadOptions).
const Encoding& test_tokenizer_json(const std::string& path);

// The hand-built exactness corpus (prose, code, many scripts, emoji, odd white space, ...).
std::vector<std::string> exactness_corpus();

// n random strings mixing the corpus's character classes; deterministic for a given seed.
std::vector<std::string> random_strings(std::uint64_t seed, std::size_t n);

// n random strings made mostly of two- and three-byte characters: characters that are single tokens
// of ranks (the ones CharTokens may take whole), other code points of the CJK, Hangul, kana and
// Cyrillic blocks, and some ASCII letters, spaces and punctuation between them; valid UTF-8 (no
// surrogates), so the reference can encode them. Deterministic for a given seed.
std::vector<std::string> random_character_strings(const RankTable& ranks, std::uint64_t seed, std::size_t n);

// Printable form of a byte string for failure messages (non-ASCII as \u{...} / \xNN).
std::string escape_for_message(std::string_view bytes);

}  // namespace winnow::tokenizer::testing
