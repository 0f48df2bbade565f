#include "tokenizer/rank_file.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

namespace winnow::tokenizer {
namespace {

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

[[noreturn]] void fail(std::string_view source, std::size_t line, const std::string& what) {
  std::ostringstream msg;
  msg << "tiktoken rank file " << source << ", line " << line << ": " << what;
  throw std::runtime_error(msg.str());
}

}  // namespace

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int j = 0; j < 4; ++j) {
      const char c = text[i + j];
      if (c == '=') {
        // Padding only in the last quad, only in its last two places, and only trailing.
        if (i + 4 != text.size() || j < 2) return std::nullopt;
        ++pad;
        v[j] = 0;
      } else {
        if (pad > 0) return std::nullopt;
        v[j] = base64_value(c);
        if (v[j] < 0) return std::nullopt;
      }
    }
    const std::uint32_t bits = (std::uint32_t(v[0]) << 18) | (std::uint32_t(v[1]) << 12) |
                               (std::uint32_t(v[2]) << 6) | std::uint32_t(v[3]);
    out.push_back(static_cast<char>(bits >> 16));
    if (pad < 2) out.push_back(static_cast<char>((bits >> 8) & 0xff));
    if (pad < 1) out.push_back(static_cast<char>(bits & 0xff));
  }
  return out;
}

std::vector<RankFileEntry> parse_rank_file(std::string_view contents, std::string_view source) {
  std::vector<RankFileEntry> entries;
  std::unordered_set<std::uint32_t> seen_ranks;
  std::unordered_set<std::string> seen_tokens;
  std::size_t line_no = 0;
  while (!contents.empty()) {
    ++line_no;
    const std::size_t eol = contents.find('\n');
    std::string_view line = contents.substr(0, eol);
    contents = eol == std::string_view::npos ? std::string_view() : contents.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos) fail(source, line_no, "expected 'BASE64 RANK', found no space");
    auto bytes = base64_decode(line.substr(0, space));
    if (!bytes || bytes->empty()) fail(source, line_no, "the token is not valid non-empty base64");
    const std::string_view rank_text = line.substr(space + 1);
    std::uint32_t rank = 0;
    auto [end, ec] = std::from_chars(rank_text.data(), rank_text.data() + rank_text.size(), rank);
    if (ec != std::errc() || end != rank_text.data() + rank_text.size()) {
      fail(source, line_no, "the rank '" + std::string(rank_text) + "' is not a decimal uint32");
    }
    if (!seen_ranks.insert(rank).second) fail(source, line_no, "rank " + std::to_string(rank) + " appears twice");
    if (!seen_tokens.insert(*bytes).second) fail(source, line_no, "the token appears twice");
    entries.push_back({std::move(*bytes), rank});
  }
  return entries;
}

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
  return std::move(buf).str();
}

}  // namespace winnow::tokenizer
