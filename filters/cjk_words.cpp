#include "filters/cjk_words.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "filters/char_class.h"
#include "filters/cjk_dictionary.h"
#include "filters/cjk_script.h"
#include "src/error.h"

namespace winnow::filters {
namespace {

thread_local WordSplit thread_word_split = kDefaultWordSplit;

// One iterator per thread: a BreakIterator holds its position and text, so it cannot be shared. Created from
// the root locale: the CJK dictionary applies whatever the locale, and the root rules are the stable ones.
icu::BreakIterator& word_iterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !it) throw Error(std::string("ICU word break iterator: ") + u_errorName(status));
    return it;
  }();
  return *iterator;
}

bool only_whitespace(std::string_view token) {
  for (std::size_t pos = 0; pos < token.size();) {
    if (!(char_class(next_code_point(token, pos)) & kSpace)) return false;
  }
  return true;
}

bool is_hangul_syllable(char32_t c) { return c >= 0xAC00 && c <= 0xD7A3; }  // the rules' $HangulSyllable

// What the split needs to know of a code point to tell where ICU's word rules certainly put a boundary, read
// from ICU's own character properties. The rules are those of ICU 72's root word break iterator (its
// getRules(), which differs from UAX #29 in places: "@" is ALetter, ":" is not MidLetter, Han is never
// Extend, "$KanaKanji $KanaKanji" and "$HangulSyllable $HangulSyllable" chain runs for the dictionary).
enum WordBreakClass : std::uint8_t {
  // Han, Hiragana or Word_Break=Katakana (the rules' $KanaKanji), in CjkBreakEngine's character set,
  // NFKC_QC=Yes with combining class 0 (so a run of them is NFKC-normalized), Word_Break Other, ALetter or
  // Katakana, no emoji: segmented by CjkDictionary when its run's edges are boundaries.
  kDictRun = 1,
  kKatakanaBreak = 2,    // Word_Break=Katakana (rules WB13, WB13a/b)
  kDictionaryClass = 4,  // the rules' $dictionary: $KanaKanji, Hangul syllables, LineBreak=Complex_Context
  kAttaches = 8,         // Word_Break Extend, Format or ZWJ: joins the character before it (WB4)
  kExtendNumLet = 16,    // Word_Break=ExtendNumLet (WB13a/b)
  // A segment of its own whatever precedes it: Word_Break Other, WSegSpace or CR/LF/Newline, not in
  // $dictionary, not Ideographic, no emoji or Extended_Pictographic (rule WB3c). Its end is a boundary too
  // unless an Extend/Format/ZWJ follows (WB4); for a line break always (WB4 does not attach to one).
  kSeparator = 32,
  kHorizontalSpace = 64,  // Word_Break=WSegSpace and whitespace to the word split: a run of them is one segment
  // In the rules' $MidLetter, $MidNum, $MidNumLet, $Single_Quote or $Double_Quote (not $dictionary, no emoji):
  // joined to its neighbours only after a letter or digit (rules WB6/7, WB7a-c, WB11/12, the only rules that
  // hold one of them after their first character). ICU 72's $MidLetter leaves out ":", U+FE55 and U+FF1A,
  // which are then in no class of the rules (like Word_Break Other): kSeparator.
  kMid = 128,
};

// Word_Break CR, LF or Newline: LF, VT, FF, CR, NEL, LS, PS (checked against ICU's property when the class
// table is built). A segment of its own: WB4 attaches nothing to it.
bool is_line_break(char32_t c) { return (c >= 0x0A && c <= 0x0D) || c == 0x85 || c == 0x2028 || c == 0x2029; }

// ICU 72's $MidLetter is Word_Break=MidLetter without these (its getRules()).
bool is_colon_out_of_mid_letter(UChar32 c) { return c == ':' || c == 0xFE55 || c == 0xFF1A; }

std::uint8_t word_break_class(UChar32 c) {
  const auto wb = static_cast<UWordBreakValues>(u_getIntPropertyValue(c, UCHAR_WORD_BREAK));
  const auto script = static_cast<UScriptCode>(u_getIntPropertyValue(c, UCHAR_SCRIPT));
  const bool han = script == USCRIPT_HAN, hiragana = script == USCRIPT_HIRAGANA;
  const bool katakana_break = wb == U_WB_KATAKANA;
  const bool kana_kanji = han || hiragana || katakana_break;
  const bool dictionary = kana_kanji || is_hangul_syllable(static_cast<char32_t>(c)) ||
                          u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT;
  // CjkBreakEngine's set: [[:Han:][:Hiragana:][:Katakana:]\u30fc\uff70\uff9e\uff9f].
  const bool engine_set = han || hiragana || script == USCRIPT_KATAKANA || c == 0x30FC || c == 0xFF70 ||
                          c == 0xFF9E || c == 0xFF9F;
  const bool emoji = u_hasBinaryProperty(c, UCHAR_EMOJI) || u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC);
  const bool normalized = u_getIntPropertyValue(c, UCHAR_NFKC_QUICK_CHECK) == UNORM_YES && u_getCombiningClass(c) == 0;
  std::uint8_t out = 0;
  if (katakana_break) out |= kKatakanaBreak;
  if (dictionary) out |= kDictionaryClass;
  if ((wb == U_WB_EXTEND && !han) || wb == U_WB_FORMAT || wb == U_WB_ZWJ) out |= kAttaches;
  if (wb == U_WB_EXTENDNUMLET) out |= kExtendNumLet;
  if (kana_kanji && engine_set && normalized && !emoji && (wb == U_WB_OTHER || wb == U_WB_ALETTER || katakana_break)) {
    out |= kDictRun;
  }
  const bool line_break = wb == U_WB_CR || wb == U_WB_LF || wb == U_WB_NEWLINE;
  if (line_break != is_line_break(static_cast<char32_t>(c))) {
    throw Error("ICU's Word_Break CR/LF/Newline differs from the CJK split's line breaks (filters/cjk_words.cpp)");
  }
  if (!dictionary && !emoji && !u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) {
    const bool space = (char_class(static_cast<char32_t>(c)) & kSpace) != 0;
    if (wb == U_WB_OTHER && c != '@') out |= kSeparator;  // ICU's $ALetter adds "@"
    if (wb == U_WB_MIDLETTER && is_colon_out_of_mid_letter(c)) out |= kSeparator;
    if (wb == U_WB_WSEGSPACE && space) out |= kSeparator | kHorizontalSpace;
    if (line_break) out |= kSeparator;
    if ((wb == U_WB_MIDLETTER && !is_colon_out_of_mid_letter(c)) || wb == U_WB_MIDNUM || wb == U_WB_MIDNUMLET ||
        wb == U_WB_SINGLE_QUOTE || wb == U_WB_DOUBLE_QUOTE) {
      out |= kMid;
    }
  }
  return out;
}

// word_break_class() of every code point below U+40000 (the BMP and the planes of Han extensions), computed once
// per process; above, computed on each call (rare characters). Two levels, 256 code points a block, equal
// blocks stored once: ~30 KB instead of 256 KB (the Han blocks are all alike), so the lookups stay in the
// first-level cache (the flat table's cache misses were ~15% of the split's time on sample_data's CJK).
class WordBreakClasses {
 public:
  static const WordBreakClasses& instance() {
    static const WordBreakClasses classes;
    return classes;
  }
  std::uint8_t of(char32_t c) const {
    if (c >= kTableEnd) return word_break_class(static_cast<UChar32>(c));
    return blocks_[static_cast<std::size_t>(block_of_[c >> 8]) << 8 | (c & 0xFF)];
  }

 private:
  static constexpr char32_t kTableEnd = 0x40000;
  WordBreakClasses() : block_of_(kTableEnd >> 8) {
    std::vector<std::uint8_t> block(256);
    for (char32_t start = 0; start < kTableEnd; start += 256) {
      for (char32_t k = 0; k < 256; ++k) block[k] = word_break_class(static_cast<UChar32>(start + k));
      std::size_t index = 0;
      const std::size_t known = blocks_.size() / 256;
      const auto same_as = [&](std::size_t known_index) {
        return std::equal(block.begin(), block.end(), blocks_.begin() + static_cast<std::ptrdiff_t>(known_index * 256));
      };
      while (index < known && !same_as(index)) ++index;
      if (index == known) blocks_.insert(blocks_.end(), block.begin(), block.end());
      block_of_[start >> 8] = static_cast<std::uint16_t>(index);
    }
  }
  std::vector<std::uint16_t> block_of_;
  std::vector<std::uint8_t> blocks_;
};

bool is_ascii_alnum(char32_t c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }

// Whether ICU's rules put a boundary at both ends of the run cls[i, j) of kDictRun characters (maximal, so
// its neighbours are not kDictRun). They do unless a rule joins across an end:
//   before: $KanaKanji $KanaKanji (a $dictionary neighbour), WB13 / WB13b (a Katakana first character after
//           a Katakana or ExtendNumLet, possibly followed by Extend/Format/ZWJ);
//   after:  WB4 (Extend/Format/ZWJ), $KanaKanji $KanaKanji, WB13a (Katakana then ExtendNumLet).
bool run_edges_are_boundaries(const std::uint8_t* cls, std::size_t n, std::size_t i, std::size_t j) {
  if (i > 0) {
    if (cls[i - 1] & kDictionaryClass) return false;
    if (cls[i] & kKatakanaBreak) {
      std::size_t base = i - 1;
      while (base > 0 && (cls[base] & kAttaches)) --base;
      if (!(cls[base] & kAttaches) && (cls[base] & (kKatakanaBreak | kExtendNumLet))) return false;
    }
  }
  if (j < n) {
    if (cls[j] & (kAttaches | kDictionaryClass)) return false;
    if ((cls[j - 1] & kKatakanaBreak) && (cls[j] & kExtendNumLet)) return false;
  }
  return true;
}

// Appends ICU's words of text[from, to) (byte offsets into `text`, valid UTF-8) to `spans`: every segment
// between two word boundaries that is not only whitespace. Correct for a part of a text only when ICU has a
// boundary at both of its ends (the caller's job).
void append_break_iterator_words(std::string_view text, std::size_t from, std::size_t to,
                                 std::vector<std::pair<std::uint32_t, std::uint32_t>>& spans) {
  // ICU iterates UTF-16; converting here (with a map from each UTF-16 index back to its UTF-8 byte offset)
  // measured ~20% faster than handing ICU the UTF-8 through a UText, whose dictionary pass converts anyway.
  thread_local std::vector<char16_t> units;
  thread_local std::vector<std::uint32_t> byte_at;  // UTF-16 index -> UTF-8 offset; one past the end too
  units.clear();
  byte_at.clear();
  for (std::size_t pos = from; pos < to;) {
    const auto start = static_cast<std::uint32_t>(pos);
    const char32_t cp = next_code_point(text, pos);
    if (cp < 0x10000) {
      units.push_back(static_cast<char16_t>(cp));
      byte_at.push_back(start);
    } else {
      units.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      units.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
      byte_at.push_back(start);
      byte_at.push_back(start);
    }
  }
  byte_at.push_back(static_cast<std::uint32_t>(to));
  // A read-only alias of the buffer: no copy. It outlives the iteration below, which is all ICU needs.
  const icu::UnicodeString alias(false, units.data(), static_cast<std::int32_t>(units.size()));
  icu::BreakIterator& it = word_iterator();
  it.setText(alias);
  for (std::int32_t begin = it.first(), end = it.next(); end != icu::BreakIterator::DONE; begin = end, end = it.next()) {
    const std::uint32_t word_from = byte_at[static_cast<std::size_t>(begin)];
    const std::uint32_t word_to = byte_at[static_cast<std::size_t>(end)];
    if (word_to > word_from && !only_whitespace(text.substr(word_from, word_to - word_from))) {
      spans.emplace_back(word_from, word_to);
    }
  }
  // Forget the alias: ICU keeps a pointer to the string it iterates, which must not outlive the buffer the
  // next call reallocates (a static empty string lives as long as the iterator).
  static const icu::UnicodeString kNothing;
  it.setText(kNothing);
}

}  // namespace

std::string_view word_split_name(WordSplit mode) {
  switch (mode) {
    case WordSplit::kNltk: return "nltk";
    case WordSplit::kIcu: return "icu";
    case WordSplit::kAuto: return "auto";
  }
  return "nltk";
}

bool parse_word_split(std::string_view name, WordSplit& mode) {
  for (const WordSplit m : {WordSplit::kNltk, WordSplit::kIcu, WordSplit::kAuto}) {
    if (name == word_split_name(m)) {
      mode = m;
      return true;
    }
  }
  return false;
}

WordSplit current_word_split() { return thread_word_split; }

WordSplitScope::WordSplitScope(WordSplit mode) : previous_(std::exchange(thread_word_split, mode)) {}
WordSplitScope::~WordSplitScope() { thread_word_split = previous_; }

bool uses_icu_words(std::string_view text, WordSplit mode) {
  switch (mode) {
    case WordSplit::kNltk: return false;
    case WordSplit::kIcu: return true;
    case WordSplit::kAuto: return may_contain_cjk(text) && cjk_share_at_least(text, kAutoMinCjkShare);
  }
  return false;
}

void split_icu_words_with_break_iterator(std::string_view text, Words& out) {
  thread_local std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
  spans.clear();
  append_break_iterator_words(text, 0, text.size(), spans);
  out.assign_tokens(text, spans);
}

void split_icu_words(std::string_view text, Words& out) {
  const WordBreakClasses& classes = WordBreakClasses::instance();
  thread_local std::vector<char32_t> cp_buffer;
  thread_local std::vector<std::uint32_t> start_buffer;  // byte offset of each code point, and of the end
  thread_local std::vector<std::uint8_t> class_buffer;
  thread_local std::vector<std::uint32_t> word_ends;
  thread_local std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
  spans.clear();
  // Size the buffers once (a code point per byte that does not continue a sequence) and fill them by index:
  // push_back on thread_local vectors cost more than the decoding. Read and written through plain pointers:
  // through the thread_local vectors, each access reloaded the vector's data pointer (~6% of the split's
  // instructions).
  std::size_t lead_bytes = 0;
  for (const char byte : text) lead_bytes += (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
  char32_t* cps = nullptr;
  std::uint32_t* starts = nullptr;
  std::uint8_t* cls = nullptr;
  std::size_t room = 0;
  const auto make_room = [&](std::size_t size) {
    if (size <= room) return;
    if (cp_buffer.size() < size) {
      cp_buffer.resize(size);
      start_buffer.resize(size);
      class_buffer.resize(size);
    }
    cps = cp_buffer.data();
    starts = start_buffer.data();
    cls = class_buffer.data();
    room = cp_buffer.size();
  };
  make_room(lead_bytes + 1);
  std::size_t n = 0;
  for (std::size_t pos = 0; pos < text.size(); ++n) {
    make_room(n + 2);  // never grows for valid UTF-8; a guard should a decoder ever read invalid input otherwise
    starts[n] = static_cast<std::uint32_t>(pos);
    const char32_t cp = next_code_point(text, pos);
    cps[n] = cp;
    cls[n] = classes.of(cp);
  }
  starts[n] = static_cast<std::uint32_t>(text.size());

  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t complex_start = kNone;  // start of the pending span for ICU's iterator
  const auto flush_complex = [&](std::size_t end) {
    if (complex_start == kNone) return;
    append_break_iterator_words(text, starts[complex_start], starts[end], spans);
    complex_start = kNone;
  };
  // Whether the code point at k (k == n: the end of the text) is none of the rules' letters, digits or
  // Extend/Format/ZWJ: no rule that joins a kMid mark can take it as the mark's neighbour.
  constexpr std::uint8_t kNoLetter = kSeparator | kDictRun | kMid;
  const auto no_letter_or_digit_at = [&](std::size_t k) { return k == n || (cls[k] & kNoLetter) != 0; };
  const auto no_letter_or_digit_at_or_end = [&](std::size_t k, bool before_start) {
    return before_start || (cls[k] & kNoLetter) != 0;
  };
  for (std::size_t i = 0; i < n;) {
    const std::uint8_t c = cls[i];
    std::size_t j = i + 1;
    bool certain = false;  // [i, j) is segmented here, with an ICU boundary on both sides
    if (c & kDictRun) {
      while (j < n && (cls[j] & kDictRun)) ++j;
      certain = run_edges_are_boundaries(cls, n, i, j);
      if (certain) {
        flush_complex(i);
        CjkDictionary::instance().segment(&cps[i], j - i, word_ends);
        std::uint32_t from = starts[i];
        for (const std::uint32_t end : word_ends) {
          spans.emplace_back(from, starts[i + end]);
          from = starts[i + end];
        }
      }
    } else if (is_hangul_syllable(cps[i])) {
      // A run of Hangul syllables is one segment ("$HangulSyllable $HangulSyllable"; no rule joins anything
      // else to a syllable before it, and ICU has no Korean dictionary to divide it) unless an
      // Extend/Format/ZWJ follows it (WB4). Korean words are not worth a call to ICU each: that made Korean
      // text slower than ICU's iterator on the whole text.
      while (j < n && is_hangul_syllable(cps[j])) ++j;
      certain = j == n || !(cls[j] & kAttaches);
      if (certain) {
        flush_complex(i);
        spans.emplace_back(starts[i], starts[j]);
      }
    } else if (is_ascii_alnum(cps[i])) {
      // A run of ASCII letters and digits is one segment (WB5, WB8-10) unless a neighbour joins it; next to
      // a separator or a Han/kana character (no rule joins those to letters or digits) it is certainly one
      // segment of its own. Latin words and numbers in CJK text, not worth a call to ICU each.
      while (j < n && is_ascii_alnum(cps[j])) ++j;
      constexpr std::uint8_t kNeutral = kSeparator | kDictRun;
      // After the run, a mark of kMid with no letter or digit after it ("word." "word, ") joins nothing to
      // the run (WB6/7 and WB11/12 need one on both sides).
      const bool mark_then_no_letter = j < n && (cls[j] & kMid) && no_letter_or_digit_at(j + 1);
      // Before it, the same the other way round ("，word", ". Word" has a space between).
      const bool no_letter_then_mark = i > 0 && (cls[i - 1] & kMid) && no_letter_or_digit_at_or_end(i - 2, i == 1);
      certain = (i == 0 || (cls[i - 1] & kNeutral) || no_letter_then_mark) &&
                (j == n || (cls[j] & kNeutral) || mark_then_no_letter);
      if (certain) {
        flush_complex(i);
        spans.emplace_back(starts[i], starts[j]);
      }
    } else if (c & kSeparator) {
      if (c & kHorizontalSpace) {
        while (j < n && (cls[j] & kHorizontalSpace)) ++j;  // one segment by rule WB3d: whitespace, no token
      }
      certain = is_line_break(cps[i]) || j == n || !(cls[j] & kAttaches);
      if (certain) {
        flush_complex(i);
        for (std::size_t k = i; k < j; ++k) {
          if (!(char_class(cps[k]) & kSpace)) spans.emplace_back(starts[k], starts[k + 1]);
        }
      }
    } else if (c & kMid) {
      // A segment of its own (with no Extend/Format/ZWJ after it) unless a letter or digit precedes it and
      // another follows: the rules that join it (WB6/7, WB7a-c, WB11/12) start at a letter or digit just
      // before it (only WB7a, Hebrew letter + apostrophe, needs nothing after it: an ASCII one cannot be
      // Hebrew). The Chinese comma and the ellipsis between Han characters, "word." and "word, " take no
      // call to ICU.
      const bool no_letter_before = no_letter_or_digit_at_or_end(i - 1, i == 0);
      const bool ascii_before_none_after = i > 0 && is_ascii_alnum(cps[i - 1]) && no_letter_or_digit_at(j);
      certain = (j == n || !(cls[j] & kAttaches)) && (no_letter_before || ascii_before_none_after);
      if (certain) {
        flush_complex(i);
        if (!(char_class(cps[i]) & kSpace)) spans.emplace_back(starts[i], starts[j]);
      }
    }
    if (!certain && complex_start == kNone) complex_start = i;
    i = j;
  }
  flush_complex(n);
  out.assign_tokens(text, spans);
}

}  // namespace winnow::filters
