#include "filters/cjk_script.h"

#include <algorithm>

#include "filters/char_class.h"

namespace winnow::filters {

bool is_han(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) ||    // CJK Unified Ideographs
         (cp >= 0x3400 && cp <= 0x4DBF) ||    // Extension A
         (cp >= 0x20000 && cp <= 0x2FA1F) ||  // Extensions B..F, Compatibility Supplement
         (cp >= 0x30000 && cp <= 0x323AF) ||  // Extensions G, H
         (cp >= 0xF900 && cp <= 0xFAFF) ||    // Compatibility Ideographs
         (cp >= 0x2E80 && cp <= 0x2FDF) ||    // Radicals Supplement, Kangxi Radicals
         cp == 0x3005 || cp == 0x3006 || cp == 0x3007 || (cp >= 0x3021 && cp <= 0x3029) ||
         (cp >= 0x3038 && cp <= 0x303B);
}

bool is_cjk(char32_t cp) {
  if (cp < 0x1100) return false;
  return is_han(cp) ||
         (cp >= 0x3041 && cp <= 0x309F) ||  // Hiragana
         (cp >= 0x30A0 && cp <= 0x30FF) ||  // Katakana
         (cp >= 0x31F0 && cp <= 0x31FF) ||  // Katakana Phonetic Extensions
         (cp >= 0xFF66 && cp <= 0xFF9F) ||  // halfwidth Katakana
         (cp >= 0xAC00 && cp <= 0xD7AF) ||  // Hangul Syllables
         (cp >= 0x1100 && cp <= 0x11FF) ||  // Hangul Jamo
         (cp >= 0x3131 && cp <= 0x318E) ||  // Hangul Compatibility Jamo
         (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xD7B0 && cp <= 0xD7FF) ||  // Jamo Extended-A, -B
         (cp >= 0xFFA0 && cp <= 0xFFDC);                                      // halfwidth Hangul
}

namespace {

// Whether the two bytes lead, next can start a character is_cjk accepts; a superset (e.g. EF BD also starts
// fullwidth Latin). Curly quotes, dashes (E2 80) and emoji (F0 9F), common in English text, do not match.
// Branch-free, so a loop of it vectorises.
std::size_t cjk_lead(unsigned lead, unsigned next) {
  return static_cast<std::size_t>((lead == 0xE1) & (next >= 0x84) & (next <= 0x87)) |
         static_cast<std::size_t>((lead == 0xE2) & (next >= 0xBA)) |
         static_cast<std::size_t>((lead >= 0xE3) & (lead <= 0xE9)) |
         static_cast<std::size_t>((lead == 0xEA) & (next >= 0xA5)) |
         static_cast<std::size_t>((lead >= 0xEB) & (lead <= 0xED)) |
         static_cast<std::size_t>((lead == 0xEF) & (((next >= 0xA4) & (next <= 0xAB)) | (next >= 0xBD))) |
         static_cast<std::size_t>((lead == 0xF0) & (next >= 0xA0) & (next <= 0xB2));
}

}  // namespace

bool may_contain_cjk(std::string_view text) {
  // Blocks of 256 bytes scanned branch-free (vectorised): an English document is answered by the full scan,
  // a CJK one by its first block.
  if (text.size() < 2) return false;
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t pairs = text.size() - 1;
  constexpr std::size_t kBlock = 256;
  for (std::size_t from = 0; from < pairs; from += kBlock) {
    const std::size_t to = std::min(pairs, from + kBlock);
    std::size_t candidates = 0;
    for (std::size_t i = from; i < to; ++i) candidates += cjk_lead(b[i], b[i + 1]);
    if (candidates != 0) return true;
  }
  return false;
}

namespace {
// One character into a CJK share's counts.
inline void count_character(char32_t cp, CjkCount& count) {
  if (is_cjk(cp)) {
    ++count.cjk;
    ++count.non_space;
  } else {
    count.non_space += (char_class(cp) & kSpace) == 0;
  }
}
}  // namespace

CjkCount count_cjk(std::string_view text) {
  CjkCount count;
  for (std::size_t pos = 0; pos < text.size();) count_character(next_code_point(text, pos), count);
  return count;
}

bool cjk_share_at_least(std::string_view text, double min_share) {
  // Decided as soon as the rest of the text cannot change the answer of count_cjk(text).share() >= min_share:
  // each character left is at most one more non-whitespace character (at most one per byte) and at most one
  // more CJK character per 3 bytes (every CJK character takes 3 or 4 bytes of UTF-8). Division of doubles
  // is monotone, so the bounds' quotients compare as the final one would. Checked every 64 characters.
  CjkCount count;
  const auto share = [](double cjk, double non_space) { return non_space == 0 ? 0 : cjk / non_space; };
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t check_at = count.non_space + 64;
    while (pos < text.size() && count.non_space < check_at) {
      // A lead byte E5..E9 starts U+5000..U+9FFF, all CJK Unified Ideographs: most of a Chinese text, counted
      // without decoding (valid UTF-8: three bytes).
      const auto lead = static_cast<unsigned char>(text[pos]);
      if (lead >= 0xE5 && lead <= 0xE9) {
        ++count.cjk;
        ++count.non_space;
        pos += 3;
        continue;
      }
      count_character(next_code_point(text, pos), count);
    }
    const auto left = static_cast<double>(text.size() - pos);
    const auto cjk = static_cast<double>(count.cjk), non_space = static_cast<double>(count.non_space);
    if (share(cjk, non_space + left) >= min_share) return true;        // even if all the rest is non-CJK
    const double most_cjk_left = static_cast<double>((text.size() - pos) / 3);
    if (!(share(cjk + most_cjk_left, non_space + most_cjk_left) >= min_share)) return false;  // even if all CJK
  }
  return count.share() >= min_share;
}

}  // namespace winnow::filters
