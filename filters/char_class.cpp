#include "filters/char_class.h"

namespace winnow::filters {
namespace {
#include "filters/char_class_table.inc"
}  // namespace

namespace detail {
const std::uint8_t* const kAsciiCharClasses = kCharClassBlocks[kCharClassBlockIndex[0]];
std::uint8_t non_ascii_char_class(char32_t cp) { return kCharClassBlocks[kCharClassBlockIndex[cp >> 8]][cp & 0xFF]; }
}  // namespace detail

std::size_t code_point_count(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

std::string_view lstrip(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t next = pos;
    if (!has_class(next_code_point(text, next), kSpace)) break;
    pos = next;
  }
  return text.substr(pos);
}

std::string_view rstrip(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0) {
    std::size_t prev = end;
    if (!has_class(previous_code_point(text, prev), kSpace)) break;
    end = prev;
  }
  return text.substr(0, end);
}

std::string_view strip(std::string_view text) { return rstrip(lstrip(text)); }

}  // namespace winnow::filters
