// A batch of input lines, as the reader cuts them: the unit of work that flows through the pipeline.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/io/byte_source.h"

namespace winnow {

enum class LineProblem : std::uint8_t {
  none,      // a whole line; whether it is a valid record is decided by the parser
  too_long,  // longer than input.max_line_bytes: only a prefix is kept (for the reject), the rest was skipped
  damaged,   // the input was damaged here: the bytes (if any) are the partial line before the damage
};

struct RawLine {
  std::uint64_t line_number = 0;  // 1-based physical line in the decoded file
  std::size_t offset = 0;         // into LineBatch::bytes
  std::size_t size = 0;           // bytes held (without '\n', without a trailing '\r')
  LineProblem problem = LineProblem::none;
  std::uint64_t full_size = 0;    // too_long: the line's real length
  std::uint32_t damage = 0;       // damaged: index into LineBatch::damages
};

struct LineBatch {
  // Line bytes back to back, followed by at least kParsePadding spare bytes so a JSON parser may read past
  // the end of any line (simdjson requires this).
  std::string bytes;
  std::vector<RawLine> lines;
  std::vector<InputDamage> damages;
  std::uint64_t decoded_bytes = 0;  // decoded input bytes this batch covers (including skipped and blank lines)
  std::uint64_t blank_lines = 0;    // empty or whitespace-only lines: not records, only counted

  std::string_view line_bytes(const RawLine& line) const { return {bytes.data() + line.offset, line.size}; }
  void clear() {
    bytes.clear();
    lines.clear();
    damages.clear();
    decoded_bytes = 0;
    blank_lines = 0;
  }
};

// simdjson's SIMDJSON_PADDING; checked against it where simdjson is included.
inline constexpr std::size_t kParsePadding = 64;

}  // namespace winnow
