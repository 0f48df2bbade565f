#include "filters/words.h"

#include <emmintrin.h>

#include "filters/char_class.h"
#include "filters/punkt.h"
#include "filters/treebank.h"

namespace winnow::filters {

void Words::split(std::string_view text) {
  bytes_.clear();
  ends_.clear();
  chars_.clear();
  flags_.clear();
  thread_local std::vector<Span> sentences;
  english_punkt().split(text, sentences);
  {
    TokenSink sink(bytes_, ends_, text);  // cuts bytes_ to the tokens when it goes
    for (const Span& s : sentences) treebank_tokenize(text.substr(s.begin, s.end - s.begin), sink);
  }
  measure();
}

void Words::assign_tokens(std::string_view text, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& spans) {
  bytes_.clear();
  ends_.clear();
  chars_.clear();
  flags_.clear();
  for (const auto& [begin, end] : spans) {
    bytes_.append(text.substr(begin, end - begin));
    ends_.push_back(static_cast<std::uint32_t>(bytes_.size()));
  }
  measure();
}

namespace {
// The classes of an all-ASCII word of 1..16 bytes, from one 16-byte load (SSE2, baseline x86-64): what the
// byte-table loop below computes, for the common case, in ~16 instructions instead of ~5 per byte. ASCII
// letters are str.isalpha's only ASCII alphabetic characters, and datatrove's PUNCTUATION_SET holds every ASCII
// character from '!' up but letters and digits (char_class_table.inc; a test compares both paths).
// Returns false (nothing written) for a word with a byte >= 0x80 or below '!'.
bool measure_short_ascii(const char* word, std::size_t size, std::uint8_t& flags) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(word));
  const unsigned in_word = (1u << size) - 1;  // the word's own bytes (size <= 16)
  // Signed compare: bytes >= 0x80 (negative) and 0x00..0x20 are below 0x21. A non-ASCII byte, or a control or
  // whitespace byte (whose class differs from "punctuation"), goes to the byte loop.
  if (static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(0x21)))) & in_word) return false;
  // x - lo < n, unsigned, as one signed compare: bias x - lo by -128 (subtracting lo + 128, wrapping).
  const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
  const __m128i alpha = _mm_cmplt_epi8(_mm_sub_epi8(lower, _mm_set1_epi8(static_cast<char>('a' + 128))),
                                       _mm_set1_epi8(static_cast<char>(-128 + 26)));
  const __m128i digit = _mm_cmplt_epi8(_mm_sub_epi8(v, _mm_set1_epi8(static_cast<char>('0' + 128))),
                                       _mm_set1_epi8(static_cast<char>(-128 + 10)));
  const unsigned alpha_bits = static_cast<unsigned>(_mm_movemask_epi8(alpha)) & in_word;
  const unsigned alnum_bits = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(alpha, digit))) & in_word;
  flags = static_cast<std::uint8_t>((alnum_bits == 0 ? Words::kOnlyPunctuation : 0) | (alpha_bits != 0 ? Words::kHasAlpha : 0));
  return true;
}
}  // namespace

void Words::measure() {
  chars_.resize(ends_.size());
  flags_.resize(ends_.size());
  const std::uint8_t* const ascii_classes = detail::kAsciiCharClasses;
  // Addresses and sizes in locals: the flags are bytes, and a byte store may alias anything, so the compiler
  // would otherwise reload every member (and redo string_view's bounds checks) after each word.
  const char* const bytes = bytes_.data();
  const std::size_t total = bytes_.size();
  const std::uint32_t* const ends = ends_.data();
  const std::size_t count = ends_.size();
  std::uint32_t* const chars_at = chars_.data();
  std::uint8_t* const flags_at = flags_.data();
  std::uint32_t begin = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t end = ends[i];
    const std::string_view word(bytes + begin, end - begin);
    begin = end;
    // Words are never empty; a word that ends within 16 bytes of the buffer's end is not loaded 16 bytes wide.
    if (!word.empty() && word.size() <= 16 && end - word.size() + 16 <= total &&
        measure_short_ascii(word.data(), word.size(), flags_at[i])) {
      chars_at[i] = static_cast<std::uint32_t>(word.size());
      continue;
    }
    // Most words are ASCII: one table lookup per byte and chars = bytes, no decoding. At the first non-ASCII
    // byte the word starts over through the decoder.
    std::uint8_t any = 0, all = 0xFF;
    std::size_t ascii = 0;
    for (; ascii < word.size(); ++ascii) {
      const auto c = static_cast<unsigned char>(word[ascii]);
      if (c >= 0x80) break;
      any |= ascii_classes[c];
      all &= ascii_classes[c];
    }
    std::uint32_t chars = static_cast<std::uint32_t>(ascii);
    for (std::size_t p = ascii; p < word.size(); ++chars) {
      const std::uint8_t cls = char_class(next_code_point(word, p));
      any |= cls;
      all &= cls;
    }
    chars_at[i] = chars;
    flags_at[i] = static_cast<std::uint8_t>(((all & kPunct) ? kOnlyPunctuation : 0) | ((any & kAlpha) ? kHasAlpha : 0));
  }
}

}  // namespace winnow::filters
