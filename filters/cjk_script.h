// Which characters are CJK, and how much of a text they make up.
//
// "CJK" here means the scripts written without spaces between words or with a character per syllable, for
// which word-based rules need a segmenter and character-based rules make sense: Han (ideographs, radicals,
// the iteration marks 々 〆 〇), Hiragana, Katakana (with the halfwidth forms) and Hangul (syllables and jamo).
// CJK punctuation (，。「」) and fullwidth Latin are not CJK characters: they do not tell the language.
// The ranges are fixed here (Unicode 15 blocks) rather than asked of ICU, so a library upgrade does not move
// a threshold decision.
#pragma once

#include <cstddef>
#include <string_view>

namespace winnow::filters {

bool is_han(char32_t cp);
bool is_cjk(char32_t cp);  // Han, Hiragana, Katakana or Hangul

struct CjkCount {
  std::size_t cjk = 0;        // CJK code points
  std::size_t non_space = 0;  // code points that are not whitespace (str.isspace)
  // CJK characters / non-whitespace characters; 0 for a text with none.
  double share() const { return non_space == 0 ? 0 : static_cast<double>(cjk) / static_cast<double>(non_space); }
};

// False only when the text cannot hold a CJK character, judged from the first two bytes of each UTF-8
// sequence by a vectorised scan (curly quotes, dashes and emoji do not count) that stops at the first block of
// 256 bytes with a candidate: all an English document pays for the word-split decision.
bool may_contain_cjk(std::string_view text);

// Counts the CJK and non-whitespace code points of valid UTF-8 text.
CjkCount count_cjk(std::string_view text);

// count_cjk(text).share() >= min_share, reading only as much of the text as the answer needs (filters/
// cjk_words.h's `auto` decision: a CJK document is settled about half-way).
bool cjk_share_at_least(std::string_view text, double min_share);

}  // namespace winnow::filters
