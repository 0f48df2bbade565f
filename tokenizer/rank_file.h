// Reading tiktoken rank files.
//
// File format (as OpenAI publishes them, e.g. cl100k_base.tiktoken): UTF-8/ASCII text, one token
// per line, "BASE64(token bytes) SPACE decimal rank", lines ended by '\n'. A token is any byte
// string (not necessarily valid UTF-8); its rank is both its BPE merge priority (lower merges
// first) and its token id. Empty lines are ignored. Nothing else is allowed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::tokenizer {

struct RankFileEntry {
  std::string bytes;
  std::uint32_t rank = 0;
};

// Parses the whole file. source_name is only used in error messages. Throws std::runtime_error
// naming the source and 1-based line for malformed base64, a missing/garbled rank, or a rank or
// token that appears twice.
std::vector<RankFileEntry> parse_rank_file(std::string_view contents, std::string_view source_name);

// Standard base64 (RFC 4648, '+' '/', '=' padding required to a multiple of 4); nullopt if the
// text is not valid base64.
std::optional<std::string> base64_decode(std::string_view text);

// Reads a whole file; throws std::runtime_error with the path and the OS reason on failure.
std::string read_whole_file(const std::string& path);

}  // namespace winnow::tokenizer
