#include "filters/c4_phrases.h"

#include <emmintrin.h>  // SSE2: every x86-64 has it, no dispatch needed
#include <string.h>     // memmem

#include <array>
#include <bit>
#include <cstring>
#include <string>

#include "filters/char_class.h"

namespace winnow::filters {
namespace {

constexpr std::string_view kKelvin = "\xE2\x84\xAA";
constexpr std::array<std::string_view, 6> kPolicy = {"terms of use", "privacy policy", "cookie policy",
                                                     "uses cookies", "use of cookies", "use cookies"};

// ---- The line with a KELVIN SIGN (rare): lowercase it, then one memmem per phrase. ----

// Python's line.lower() as far as ASCII phrases can tell is lower_ascii_and_kelvin (filters/char_class.h):
// other characters never lowercase to ASCII alone (U+0130 gives "i" plus a combining dot, and no phrase has an
// "i" that is followed by anything but an ASCII letter).

bool contains(std::string_view haystack, std::string_view needle) {
  return memmem(haystack.data(), haystack.size(), needle.data(), needle.size()) != nullptr;
}

C4Phrases find_by_memmem(std::string_view line) {
  std::string lower;
  lower_ascii_and_kelvin(line, lower);
  C4Phrases r;
  r.lorem_ipsum = contains(lower, "lorem ipsum");
  r.javascript = contains(lower, "javascript");
  r.curly_bracket = line.find('{') != std::string_view::npos;
  for (const std::string_view p : kPolicy) r.policy = r.policy || contains(lower, p);
  return r;
}

// ---- Every other line: one pass. ----

char ascii_lower(char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); }

// Whether line[at, at + phrase.size()), ASCII-lowercased, is `phrase` (lowercase ASCII).
bool phrase_at(std::string_view line, std::size_t at, std::string_view phrase) {
  if (at + phrase.size() > line.size()) return false;
  for (std::size_t k = 0; k < phrase.size(); ++k) {
    if (ascii_lower(line[at + k]) != phrase[k]) return false;
  }
  return true;
}

bool contains_ascii_lowered(std::string_view line, std::string_view phrase) {
  for (std::size_t at = 0; at + phrase.size() <= line.size(); ++at) {
    if (phrase_at(line, at, phrase)) return true;
  }
  return false;
}

// The phrases the pass looks for. "cookie" stands for the four policy phrases that hold it (a line with
// "cookie" is then searched for them in full).
constexpr std::string_view kLorem = "lorem ipsum", kJavascript = "javascript", kTerms = "terms of use",
                           kPrivacy = "privacy policy", kCookie = "cookie";
// A block at p compares p[0..15] and the 16 bytes at p + (phrase length - 1) for each phrase: it reads
// p[0 .. kBlockReach).
constexpr std::size_t kBlockReach = 16 + kPrivacy.size() - 1;

struct Scan {
  C4Phrases found;
  bool cookie = false;
  bool kelvin = false;
};

template <class F>
void for_each_bit(unsigned mask, F&& f) {
  for (; mask != 0; mask &= mask - 1) f(static_cast<std::size_t>(std::countr_zero(mask)));
}

// One block: the 16 positions starting at p, which is `view`'s byte `at` (view = the line, or a zero-padded
// copy of its tail). Confirms each candidate in `view`.
void scan_block(const char* p, std::string_view view, std::size_t at, Scan& s) {
  const __m128i lower_bit = _mm_set1_epi8(0x20);
  const auto load = [&](std::size_t offset) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + offset));
  };
  // Either case of a letter: x | 0x20 == 'l' only for 'l' and 'L'.
  const auto letter_at = [&](std::size_t offset, char letter) {
    return _mm_cmpeq_epi8(_mm_or_si128(load(offset), lower_bit), _mm_set1_epi8(letter));
  };
  const __m128i raw = load(0);
  const __m128i first = _mm_or_si128(raw, lower_bit);
  const auto starts = [&](char letter) { return _mm_cmpeq_epi8(first, _mm_set1_epi8(letter)); };
  const __m128i lorem = _mm_and_si128(starts('l'), letter_at(kLorem.size() - 1, 'm'));
  const __m128i javascript = _mm_and_si128(starts('j'), letter_at(kJavascript.size() - 1, 't'));
  const __m128i terms = _mm_and_si128(starts('t'), letter_at(kTerms.size() - 1, 'e'));
  const __m128i privacy = _mm_and_si128(starts('p'), letter_at(kPrivacy.size() - 1, 'y'));
  const __m128i cookie = _mm_and_si128(starts('c'), letter_at(kCookie.size() - 1, 'e'));
  const __m128i curly = _mm_cmpeq_epi8(raw, _mm_set1_epi8('{'));
  const __m128i kelvin = _mm_and_si128(_mm_cmpeq_epi8(raw, _mm_set1_epi8(static_cast<char>(0xE2))),
                                       _mm_cmpeq_epi8(load(2), _mm_set1_epi8(static_cast<char>(0xAA))));
  const __m128i any = _mm_or_si128(_mm_or_si128(_mm_or_si128(lorem, javascript), _mm_or_si128(terms, privacy)),
                                   _mm_or_si128(_mm_or_si128(cookie, curly), kelvin));
  if (_mm_movemask_epi8(any) == 0) return;  // nearly every block
  const auto confirm = [&](__m128i candidates, std::string_view phrase, bool& flag) {
    for_each_bit(static_cast<unsigned>(_mm_movemask_epi8(candidates)),
                 [&](std::size_t k) { flag = flag || phrase_at(view, at + k, phrase); });
  };
  confirm(lorem, kLorem, s.found.lorem_ipsum);
  confirm(javascript, kJavascript, s.found.javascript);
  confirm(terms, kTerms, s.found.policy);
  confirm(privacy, kPrivacy, s.found.policy);
  confirm(cookie, kCookie, s.cookie);
  s.found.curly_bracket = s.found.curly_bracket || _mm_movemask_epi8(curly) != 0;
  for_each_bit(static_cast<unsigned>(_mm_movemask_epi8(kelvin)),
               [&](std::size_t k) { s.kelvin = s.kelvin || view.substr(at + k, 3) == kKelvin; });
}

}  // namespace

C4Phrases find_c4_phrases(std::string_view line) {
  Scan s;
  std::size_t at = 0;
  for (; line.size() - at >= kBlockReach; at += 16) {
    scan_block(line.data() + at, line, at, s);
    if (s.kelvin) return find_by_memmem(line);
  }
  // The tail (fewer than kBlockReach bytes) from a zero-padded copy: a zero byte matches no letter (nor "{",
  // nor 0xE2), and candidates are confirmed within the tail's own length (a phrase that starts before the tail
  // was confirmed against the whole line by its block).
  if (at < line.size()) {
    char padded[16 + kBlockReach] = {};
    const std::string_view tail = line.substr(at);
    std::memcpy(padded, tail.data(), tail.size());
    const std::string_view view(padded, tail.size());
    scan_block(padded, view, 0, s);
    if (tail.size() > 16) scan_block(padded + 16, view, 16, s);
    if (s.kelvin) return find_by_memmem(line);
  }
  if (s.cookie && !s.found.policy) {
    for (const std::string_view p : kPolicy) s.found.policy = s.found.policy || contains_ascii_lowered(line, p);
  }
  return s.found;
}

}  // namespace winnow::filters
