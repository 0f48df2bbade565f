#include "filters/text_lines.h"

#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace winnow::filters {
namespace {

// The first index >= i whose byte may begin a str.splitlines() break: a control byte up to 0x1E (\n \v \f \r
// 0x1C-0x1E, and harmless others such as \t), or 0xC2 / 0xE2 (the lead bytes of U+0085, U+2028, U+2029).
// Lines are tens of bytes long: 16 bytes per step with SSE2 (every x86-64 has it), byte by byte elsewhere.
std::size_t next_break_candidate(std::string_view text, std::size_t i) {
#if defined(__SSE2__)
  const __m128i control_max = _mm_set1_epi8(0x1E);
  const __m128i c2 = _mm_set1_epi8(static_cast<char>(0xC2)), e2 = _mm_set1_epi8(static_cast<char>(0xE2));
  for (; i + 16 <= text.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, control_max), v);  // unsigned v <= 0x1E
    const __m128i hit = _mm_or_si128(control, _mm_or_si128(_mm_cmpeq_epi8(v, c2), _mm_cmpeq_epi8(v, e2)));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return i + static_cast<std::size_t>(std::countr_zero(mask));
  }
#endif
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c <= 0x1E || c == 0xC2 || c == 0xE2) return i;
  }
  return i;
}

}  // namespace

void split_lines_python(std::string_view text, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t start = 0, i = 0;
  while ((i = next_break_candidate(text, i)) < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t brk = 0;  // length of the line break at i
    if (c == '\n' || c == '\v' || c == '\f' || c == 0x1c || c == 0x1d || c == 0x1e) {
      brk = 1;
    } else if (c == '\r') {
      brk = (i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x85) {
      brk = 2;  // U+0085
    } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xA8 || static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      brk = 3;  // U+2028, U+2029
    }
    if (brk == 0) {
      ++i;
      continue;
    }
    out.push_back(text.substr(start, i - start));
    i += brk;
    start = i;
  }
  if (start < text.size()) out.push_back(text.substr(start));
}

void split_on(std::string_view text, char sep, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t pos = text.find(sep, start);
    if (pos == std::string_view::npos) break;
    out.push_back(text.substr(start, pos - start));
    start = pos + 1;
  }
  out.push_back(text.substr(start));
}

void split_on_newline_runs(std::string_view text, std::size_t min_run, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t start = 0, i = 0;
  while (i < text.size()) {
    const void* newline = std::memchr(text.data() + i, '\n', text.size() - i);
    if (newline == nullptr) break;
    i = static_cast<std::size_t>(static_cast<const char*>(newline) - text.data());
    std::size_t j = i;
    while (j < text.size() && text[j] == '\n') ++j;
    if (j - i >= min_run) {
      out.push_back(text.substr(start, i - start));
      start = j;
    }
    i = j;
  }
  out.push_back(text.substr(start));
}

}  // namespace winnow::filters
