#include "filters/char_class.h"

#include <emmintrin.h>

#include <algorithm>

namespace winnow::filters {
namespace {
#include "filters/char_class_table.inc"
}  // namespace

namespace detail {
const std::uint8_t* const kAsciiCharClasses = kCharClassBlocks[kCharClassBlockIndex[0]];
std::uint8_t non_ascii_char_class(char32_t cp) { return kCharClassBlocks[kCharClassBlockIndex[cp >> 8]][cp & 0xFF]; }
}  // namespace detail

namespace {
// The bytes of `text` that `match16` marks 0xFF (16 at a time, SSE2: every x86-64 has it, so no dispatch) or
// `match1` accepts (the tail). GCC 12 did not vectorise the plain byte loop (a bool summed into a size_t):
// ~6 instructions a byte, 2-3% of the four English families. Here one lane counter per byte position,
// summed (_mm_sad_epu8) before it can wrap, every 255 blocks.
template <class Match16, class Match1>
std::size_t count_bytes(std::string_view text, Match16 match16, Match1 match1) {
  const char* const p = text.data();
  const std::size_t n = text.size();
  std::size_t count = 0, i = 0;
  while (n - i >= 16) {
    __m128i lanes = _mm_setzero_si128();
    const std::size_t blocks = std::min<std::size_t>((n - i) / 16, 255);
    for (std::size_t b = 0; b < blocks; ++b, i += 16) {
      lanes = _mm_sub_epi8(lanes, match16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i))));
    }
    const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());  // two sums of 8 lanes, each < 2^16
    count += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) + static_cast<std::size_t>(_mm_extract_epi16(sums, 4));
  }
  for (; i < n; ++i) count += match1(static_cast<unsigned char>(p[i]));
  return count;
}
}  // namespace

std::size_t code_point_count(std::string_view text) {
  // A code point starts at every byte but a continuation byte 10xxxxxx (0x80..0xBF: -128..-65 as signed).
  const __m128i last_continuation = _mm_set1_epi8(static_cast<char>(0xBF));
  return count_bytes(
      text, [&](__m128i v) { return _mm_cmpgt_epi8(v, last_continuation); },
      [](unsigned char c) { return (c & 0xC0) != 0x80; });
}

std::size_t count_byte(std::string_view text, char byte) {
  const __m128i wanted = _mm_set1_epi8(byte);
  return count_bytes(
      text, [&](__m128i v) { return _mm_cmpeq_epi8(v, wanted); },
      [&](unsigned char c) { return c == static_cast<unsigned char>(byte); });
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

void lower_ascii_and_kelvin(std::string_view text, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (c == '\xE2' && text.compare(i, 3, "\xE2\x84\xAA") == 0) {  // U+212A KELVIN SIGN
      out.push_back('k');
      i += 2;
    } else {
      out.push_back(c);
    }
  }
}

}  // namespace winnow::filters
