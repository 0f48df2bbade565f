#include "filters/treebank.h"

#include <array>
#include <bit>
#include <cctype>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "filters/char_class.h"

namespace winnow::filters {
namespace {

using U32 = std::u32string;

bool is_ws(char32_t c) { return has_class(c, kSpace); }
bool is_w(char32_t c) { return has_class(c, kWord); }
bool is_d(char32_t c) { return has_class(c, kDigit); }

// Case folding as Python's re IGNORECASE matches ASCII letters.
char32_t fold(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c - 'A' + 'a';
  switch (c) {
    case 0x017F: return 's';
    case 0x0131: case 0x0130: return 'i';
    case 0x212A: return 'k';
    default: return c;
  }
}
bool fold_equals(const U32& b, std::size_t i, std::string_view word) {
  if (i + word.size() > b.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (fold(b[i + k]) != static_cast<char32_t>(word[k])) return false;
  }
  return true;
}

// Which characters a window holds, so the rule engine skips the substitutions that cannot match.
//
// Every substitution needs one of a few characters to match (the ':' of "([:,])([^\d])", the quote of a
// clitic, ...), and the rules only ever insert spaces or turn '"' into `` or '' (so '"' also stands for '`'
// and '\''). A substitution whose characters are absent from the window is the identity; skipping it gives
// the same tokens for a fraction of the cost (a typical "word," window runs one substitution instead of ~30).
// The contractions need their letters, which no rule creates: `letters` has bit (c - 'a') for each letter
// present after case folding.
enum Trigger : std::uint32_t {
  kOpeningQuote = 1u << 0,  // « “ ‘ „
  kBacktick = 1u << 1,
  kDoubleQuote = 1u << 2,
  kSingleQuote = 1u << 3,
  kPeriod = 1u << 4,
  kColonComma = 1u << 5,
  kPaddedPunct = 1u << 6,  // ; @ # $ % &
  kQuestionBang = 1u << 7,
  kStar = 1u << 8,
  kBracket = 1u << 9,  // ] [ ( ) { } < >
  kDash = 1u << 10,
  kClosingQuote = 1u << 11,  // » ” ’
};

struct WindowTriggers {
  std::uint32_t triggers = 0;
  std::uint32_t letters = 0;
};

std::uint32_t ascii_trigger(char32_t c) {
  switch (c) {
    case '`': return kBacktick;
    case '"': return kDoubleQuote | kBacktick | kSingleQuote;
    case '\'': return kSingleQuote;
    case '.': return kPeriod;
    case ':': case ',': return kColonComma;
    case ';': case '@': case '#': case '$': case '%': case '&': return kPaddedPunct;
    case '?': case '!': return kQuestionBang;
    case '*': return kStar;
    case ']': case '[': case '(': case ')': case '{': case '}': case '<': case '>': return kBracket;
    case '-': return kDash;
    default: return 0;
  }
}

// The Unicode quotes of the Treebank rules: the starting-quote rule pads « “ ‘ „, the ending-quote rule » ” ’.
bool is_opening_quote(char32_t c) { return c == U'«' || c == U'“' || c == U'‘' || c == U'„'; }
bool is_closing_quote(char32_t c) { return c == U'»' || c == U'”' || c == U'’'; }

WindowTriggers triggers_of(const U32& buf) {
  WindowTriggers w;
  for (const char32_t c : buf) {
    if (c < 0x80) {
      w.triggers |= ascii_trigger(c);
    } else if (is_opening_quote(c)) {
      w.triggers |= kOpeningQuote;
    } else if (is_closing_quote(c)) {
      w.triggers |= kClosingQuote;
    }
    const char32_t f = fold(c);
    if (f >= 'a' && f <= 'z') w.letters |= 1u << (f - 'a');
  }
  return w;
}

constexpr std::uint32_t letter_set(std::string_view word) {
  std::uint32_t set = 0;
  for (const char c : word) {
    if (c >= 'a' && c <= 'z') set |= 1u << (c - 'a');
  }
  return set;
}

// The rule engine: applies NLTK's substitutions in order to `buf`. `caret`: index 0 is the start of the
// sentence (^ may match there); `dollar`: the end of buf is the end of the sentence ($ may match there).
class Rules {
 public:
  Rules(U32& buf, U32& tmp, bool caret, bool dollar, WindowTriggers window)
      : b_(buf), t_(tmp), caret_(caret), dollar_(dollar), triggers_(window.triggers), letters_(window.letters) {}

  void run() {
    starting_quotes();
    punctuation();
    if (has(kBracket)) {
      pad_each([](char32_t c) { return c == ']' || c == '[' || c == '(' || c == ')' || c == '{' || c == '}' ||
                                       c == '<' || c == '>'; });
    }
    if (has(kDash)) double_dashes();
    if (caret_) b_.insert(b_.begin(), U' ');
    if (dollar_) b_.push_back(U' ');
    ending_quotes();
    contractions();
  }

 private:
  static bool in(std::u32string_view set, char32_t c) { return set.find(c) != std::u32string_view::npos; }
  bool has(std::uint32_t triggers) const { return (triggers_ & triggers) != 0; }
  // The contraction made of `word` (lowercase, maybe with a quote) can be in the window.
  bool may_hold(std::string_view word) const {
    const std::uint32_t needed = letter_set(word);
    if ((letters_ & needed) != needed) return false;
    return word.find('\'') == std::string_view::npos || has(kSingleQuote);
  }
  void commit() { b_.swap(t_); }
  void emit(std::u32string_view s) { t_.append(s); }
  void emit(char32_t c) { t_.push_back(c); }

  template <class Pred>
  void pad_each(Pred pred) {  // re.sub(r"[set]", r" \g<0> ")
    t_.clear();
    for (const char32_t c : b_) {
      if (pred(c)) {
        emit(U' ');
        emit(c);
        emit(U' ');
      } else {
        emit(c);
      }
    }
    commit();
  }

  void starting_quotes() {
    // ([«“‘„]|[`]+) -> " \1 "
    if (has(kOpeningQuote | kBacktick)) {
      t_.clear();
      for (std::size_t i = 0; i < b_.size();) {
        if (in(U"«“‘„", b_[i])) {
          emit(U' '), emit(b_[i]), emit(U' ');
          ++i;
        } else if (b_[i] == '`') {
          std::size_t j = i;
          while (j < b_.size() && b_[j] == '`') ++j;
          emit(U' '), emit(std::u32string_view(b_).substr(i, j - i)), emit(U' ');
          i = j;
        } else {
          emit(b_[i++]);
        }
      }
      commit();
    }
    // ^\" -> ``
    if (caret_ && !b_.empty() && b_[0] == '"') b_.replace(0, 1, U"``");
    // (``) -> " \1 "   ('"' sets kBacktick: the rule above may have made ``)
    if (has(kBacktick)) {
      t_.clear();
      for (std::size_t i = 0; i < b_.size();) {
        if (b_[i] == '`' && i + 1 < b_.size() && b_[i + 1] == '`') {
          emit(U" `` ");
          i += 2;
        } else {
          emit(b_[i++]);
        }
      }
      commit();
    }
    // ([ \(\[{<])(\"|\'{2}) -> "\1 `` "
    if (has(kDoubleQuote | kSingleQuote)) {
      t_.clear();
      for (std::size_t i = 0; i < b_.size();) {
        std::size_t len = 0;
        if (in(U" ([{<", b_[i]) && i + 1 < b_.size()) {
          if (b_[i + 1] == '"') len = 2;
          else if (b_[i + 1] == '\'' && i + 2 < b_.size() && b_[i + 2] == '\'') len = 3;
        }
        if (len > 0) {
          emit(b_[i]), emit(U" `` ");
          i += len;
        } else {
          emit(b_[i++]);
        }
      }
      commit();
    }
    // (?i)(\')(?!re|ve|ll|m|t|s|d|n)(\w)\b -> "\1 \2"
    if (has(kSingleQuote)) {
      t_.clear();
      for (std::size_t i = 0; i < b_.size();) {
        if (b_[i] == '\'' && i + 1 < b_.size()) {
          const bool excluded = fold_equals(b_, i + 1, "re") || fold_equals(b_, i + 1, "ve") ||
                                fold_equals(b_, i + 1, "ll") || in(U"mtsdn", fold(b_[i + 1]));
          if (!excluded && is_w(b_[i + 1]) && (i + 2 == b_.size() || !is_w(b_[i + 2]))) {
            emit(U'\''), emit(U' '), emit(b_[i + 1]);
            i += 2;
            continue;
          }
        }
        emit(b_[i++]);
      }
      commit();
    }
  }

  // ([^\.])(\.)([class]*)\s*$ : the final period, when the sentence ends here.
  void final_period(std::u32string_view cls, bool space_after_period) {
    if (!dollar_) return;
    const std::size_t d = b_.rfind(U'.');
    if (d == U32::npos || d == 0 || b_[d - 1] == '.') return;
    std::size_t j = d + 1;
    while (j < b_.size() && in(cls, b_[j])) ++j;
    const std::size_t group3_end = j;
    while (j < b_.size() && is_ws(b_[j])) ++j;
    if (j != b_.size()) return;
    const U32 group3 = b_.substr(d + 1, group3_end - d - 1);
    b_.resize(d);
    b_.append(space_after_period ? U" . " : U" .");
    b_.append(group3);
    b_.push_back(U' ');
  }

  void punctuation() {
    if (has(kPeriod)) final_period(U"])}>\"'»”’ ", true);
    if (has(kColonComma)) {
      // ([:,])([^\d]) -> " \1 \2"
      t_.clear();
      for (std::size_t i = 0; i < b_.size();) {
        if ((b_[i] == ':' || b_[i] == ',') && i + 1 < b_.size() && !is_d(b_[i + 1])) {
          emit(U' '), emit(b_[i]), emit(U' '), emit(b_[i + 1]);
          i += 2;
        } else {
          emit(b_[i++]);
        }
      }
      commit();
      // ([:,])$ -> " \1 "
      if (dollar_ && !b_.empty() && (b_.back() == ':' || b_.back() == ',')) {
        const char32_t c = b_.back();
        b_.pop_back();
        b_.push_back(U' '), b_.push_back(c), b_.push_back(U' ');
      }
    }
    if (has(kPeriod)) {
      // \.{2,} -> " \g<0> "
      t_.clear();
      for (std::size_t i = 0; i < b_.size();) {
        std::size_t j = i;
        while (j < b_.size() && b_[j] == '.') ++j;
        if (j - i >= 2) {
          emit(U' '), emit(std::u32string_view(b_).substr(i, j - i)), emit(U' ');
          i = j;
        } else {
          emit(b_[i++]);
        }
      }
      commit();
    }
    if (has(kPaddedPunct)) {
      pad_each([](char32_t c) { return c == ';' || c == '@' || c == '#' || c == '$' || c == '%' || c == '&'; });
    }
    if (has(kPeriod)) final_period(U"])}>\"'", false);
    if (has(kQuestionBang)) pad_each([](char32_t c) { return c == '?' || c == '!'; });
    if (has(kSingleQuote)) {
      // ([^'])' -> "\1 ' "
      t_.clear();
      for (std::size_t i = 0; i < b_.size();) {
        if (b_[i] != '\'' && i + 2 < b_.size() && b_[i + 1] == '\'' && b_[i + 2] == ' ') {
          emit(b_[i]), emit(U" ' ");
          i += 3;
        } else {
          emit(b_[i++]);
        }
      }
      commit();
    }
    if (has(kStar)) pad_each([](char32_t c) { return c == '*'; });
  }

  void double_dashes() {
    t_.clear();
    for (std::size_t i = 0; i < b_.size();) {
      if (b_[i] == '-' && i + 1 < b_.size() && b_[i + 1] == '-') {
        emit(U" -- ");
        i += 2;
      } else {
        emit(b_[i++]);
      }
    }
    commit();
  }

  void ending_quotes() {
    if (has(kClosingQuote)) pad_each([](char32_t c) { return c == U'»' || c == U'”' || c == U'’'; });
    if (!has(kSingleQuote)) return;  // the rules below need a quote ('"' sets kSingleQuote too)
    // '' -> " '' "
    t_.clear();
    for (std::size_t i = 0; i < b_.size();) {
      if (b_[i] == '\'' && i + 1 < b_.size() && b_[i + 1] == '\'') {
        emit(U" '' ");
        i += 2;
      } else {
        emit(b_[i++]);
      }
    }
    commit();
    // " -> " '' "
    t_.clear();
    for (const char32_t c : b_) {
      if (c == '"') emit(U" '' ");
      else emit(c);
    }
    commit();
    // ([^' ])('[sS]|'[mM]|'[dD]|') -> "\1 \2 "
    clitics([](const U32& b, std::size_t k) -> std::size_t {
      if (k + 1 < b.size() && in(U"sSmMdD", b[k]) && b[k + 1] == ' ') return 1;
      if (k < b.size() && b[k] == ' ') return 0;
      return U32::npos;
    });
    // ([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) -> "\1 \2 "
    t_.clear();
    for (std::size_t i = 0; i < b_.size();) {
      if (b_[i] != '\'' && b_[i] != ' ' && i + 4 < b_.size() && b_[i + 4] == ' ') {
        const std::u32string_view g = std::u32string_view(b_).substr(i + 1, 3);
        if (g == U"'ll" || g == U"'LL" || g == U"'re" || g == U"'RE" || g == U"'ve" || g == U"'VE" ||
            g == U"n't" || g == U"N'T") {
          emit(b_[i]), emit(U' '), emit(g), emit(U' ');
          i += 5;
          continue;
        }
      }
      emit(b_[i++]);
    }
    commit();
  }

  // ([^' ])(' + suffix) followed by a space; `suffix_length(b, k)` gives the letters after the quote at k
  // (0 or 1) when the pattern matches there, npos otherwise.
  template <class Suffix>
  void clitics(Suffix suffix_length) {
    t_.clear();
    for (std::size_t i = 0; i < b_.size();) {
      if (b_[i] != '\'' && b_[i] != ' ' && i + 1 < b_.size() && b_[i + 1] == '\'') {
        const std::size_t n = suffix_length(b_, i + 2);
        if (n != U32::npos) {
          emit(b_[i]), emit(U' '), emit(std::u32string_view(b_).substr(i + 1, 1 + n)), emit(U' ');
          i += 3 + n;  // the character, the quote, the letters and the space
          continue;
        }
      }
      emit(b_[i++]);
    }
    commit();
  }

  // (?i)\b(first)(second)\b (or (?=\s) for "wanna") -> " \1 \2 "
  void contraction(std::string_view first, std::string_view second, bool space_after) {
    t_.clear();
    const std::size_t n = first.size() + second.size();
    for (std::size_t i = 0; i < b_.size();) {
      if ((i == 0 || !is_w(b_[i - 1])) && fold_equals(b_, i, first) && fold_equals(b_, i + first.size(), second)) {
        const std::size_t j = i + n;
        const bool end_ok = space_after ? (j < b_.size() && is_ws(b_[j])) : (j == b_.size() || !is_w(b_[j]));
        if (end_ok) {
          emit(U' '), emit(std::u32string_view(b_).substr(i, first.size())), emit(U' ');
          emit(std::u32string_view(b_).substr(i + first.size(), second.size())), emit(U' ');
          i = j;
          continue;
        }
      }
      emit(b_[i++]);
    }
    commit();
  }

  // (?i) ('t)(is|was)\b -> " \1 \2 "
  void contraction_t(std::string_view rest) {
    t_.clear();
    for (std::size_t i = 0; i < b_.size();) {
      if (b_[i] == ' ' && i + 2 < b_.size() && b_[i + 1] == '\'' && fold(b_[i + 2]) == 't' &&
          fold_equals(b_, i + 3, rest)) {
        const std::size_t j = i + 3 + rest.size();
        if (j == b_.size() || !is_w(b_[j])) {
          emit(U' '), emit(std::u32string_view(b_).substr(i + 1, 2)), emit(U' ');
          emit(std::u32string_view(b_).substr(i + 3, rest.size())), emit(U' ');
          i = j;
          continue;
        }
      }
      emit(b_[i++]);
    }
    commit();
  }

  void contractions() {
    if (may_hold("cannot")) contraction("can", "not", false);
    if (may_hold("d'ye")) contraction("d", "'ye", false);
    if (may_hold("gimme")) contraction("gim", "me", false);
    if (may_hold("gonna")) contraction("gon", "na", false);
    if (may_hold("gotta")) contraction("got", "ta", false);
    if (may_hold("lemme")) contraction("lem", "me", false);
    if (may_hold("more'n")) contraction("more", "'n", false);
    if (may_hold("wanna")) contraction("wan", "na", true);
    if (may_hold("'tis")) contraction_t("is");
    if (may_hold("'twas")) contraction_t("was");
  }

  U32& b_;
  U32& t_;
  bool caret_;
  bool dollar_;
  std::uint32_t triggers_;
  std::uint32_t letters_;
};

void decode(std::string_view s, U32& out) {
  for (std::size_t p = 0; p < s.size();) out.push_back(next_code_point(s, p));
}

void emit_tokens(const U32& buf, TokenSink& out) {
  bool in_token = false;
  for (const char32_t c : buf) {
    if (is_ws(c)) {
      if (in_token) out.end_token();
      in_token = false;
    } else {
      append_utf8(out, c);
      in_token = true;
    }
  }
  if (in_token) out.end_token();
}

// Runs the rules on window = s[begin, end) with its neighbouring characters as context.
void slow_path(std::string_view s, std::size_t begin, std::size_t end, TokenSink& out) {
  thread_local U32 buf, tmp;
  buf.clear();
  const bool caret = begin == 0;
  const bool dollar = end == s.size();
  if (!caret) {
    std::size_t p = begin;
    buf.push_back(previous_code_point(s, p));
  }
  decode(s.substr(begin, end - begin), buf);
  if (!dollar) {
    std::size_t p = end;
    buf.push_back(next_code_point(s, p));
  }
  Rules(buf, tmp, caret, dollar, triggers_of(buf)).run();
  emit_tokens(buf, out);
}

bool ascii_active(unsigned char c) {
  switch (c) {
    case '"': case '\'': case '`': case '.': case ',': case ':': case ';': case '@': case '#': case '$':
    case '%': case '&': case '?': case '!': case '*': case '(': case ')': case '[': case ']': case '{':
    case '}': case '<': case '>': case '-':
      return true;
    default:
      return false;
  }
}

#if defined(__SSE2__)
// Bit i set when bytes i and i + 1 of `v` are the same letter n, m or t (any case).
unsigned doubled_nmt_pairs(__m128i v) {
  const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));  // ASCII letters to lowercase
  const __m128i nmt = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(folded, _mm_set1_epi8('n')),
                                                _mm_cmpeq_epi8(folded, _mm_set1_epi8('m'))),
                                   _mm_cmpeq_epi8(folded, _mm_set1_epi8('t')));
  const __m128i same_as_next = _mm_cmpeq_epi8(folded, _mm_srli_si128(folded, 1));  // byte i vs byte i + 1
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(nmt, same_as_next)));
}
#endif

// A contraction needs one of these words; if any occurs in the chunk at all (any case), the rules decide.
// `readable`: how many bytes from chunk.data() may be read (at least chunk.size()); with 16, a chunk of up to
// 16 bytes is checked for a doubled n/m/t by one SSE2 block instead of a byte loop.
bool may_hold_contraction(std::string_view chunk, std::size_t readable = 0) {
  // Each of the six words has a doubled n, m or t (caNNot, giMMe, goNNa, goTTa, leMMe, waNNa): a chunk without
  // one (nearly every word) needs no further look.
  bool doubled = false;
#if defined(__SSE2__)
  if (readable >= 16 && chunk.size() <= 16) {
    const unsigned pairs = doubled_nmt_pairs(_mm_loadu_si128(reinterpret_cast<const __m128i*>(chunk.data())));
    doubled = (pairs & (((1u << chunk.size()) - 1) >> 1)) != 0;  // both bytes of the pair inside the chunk
  } else
#endif
  {
    for (std::size_t i = 1; i < chunk.size(); ++i) {
      const char c = static_cast<char>(chunk[i] | 0x20);
      doubled |= c == static_cast<char>(chunk[i - 1] | 0x20) && (c == 'n' || c == 'm' || c == 't');
    }
  }
  if (!doubled) return false;
  for (std::size_t i = 0; i + 5 <= chunk.size(); ++i) {
    const char c = static_cast<char>(chunk[i] | 0x20);
    if (c != 'c' && c != 'g' && c != 'l' && c != 'w') continue;
    static constexpr std::string_view kWords[] = {"cannot", "gimme", "gonna", "gotta", "lemme", "wanna"};
    for (const std::string_view w : kWords) {
      if (i + w.size() > chunk.size()) continue;
      bool same = true;
      for (std::size_t k = 0; k < w.size() && same; ++k) same = (chunk[i + k] | 0x20) == w[k];
      if (same) return true;
    }
  }
  return false;
}

// True when no rule can change the chunk: no active character and no possible contraction. (For chunks with
// non-ASCII characters; all-ASCII chunks are classified while they are scanned, see treebank_tokenize.)
bool inert_chunk(std::string_view chunk) {
  bool letters = false;
  for (std::size_t p = 0; p < chunk.size();) {
    const auto c = static_cast<unsigned char>(chunk[p]);
    if (c < 0x80) {
      if (ascii_active(c)) return false;
      letters |= (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
      ++p;
      continue;
    }
    const char32_t cp = next_code_point(chunk, p);
    switch (cp) {
      case U'«': case U'“': case U'‘': case U'„': case U'»': case U'”': case U'’':
        return false;
      case 0x017F: case 0x0131: case 0x0130: case 0x212A:
        letters = true;
        break;
      default:
        break;
    }
  }
  if (!letters || chunk.size() < 5) return true;
  if (may_hold_contraction(chunk)) return false;
  // Non-ASCII letters that fold to ASCII are rare: give them to the rules.
  for (const char ch : chunk) {
    if (static_cast<unsigned char>(ch) >= 0x80) return false;
  }
  return true;
}

// Characters that the final-period rule can take after the period (its group 3), plus '"' (converted later).
bool closing_only_chunk(std::string_view chunk) {
  for (std::size_t p = 0; p < chunk.size();) {
    const char32_t c = next_code_point(chunk, p);
    if (std::u32string_view(U"])}>\"'»”’").find(c) == std::u32string_view::npos) return false;
  }
  return true;
}

enum class ChunkPath : std::uint8_t {
  kInert,              // no rule can change it: it is one token as it is
  kPunctuation,        // maybe punctuation_tokens
  kRules,              // the rule engine
  kApostrophe,         // letters ' letters, then a space: apostrophe_split decides (else the rule engine)
  kContractionWord,    // exactly a contraction word ("cannot") before whitespace: two tokens, split after 3 bytes
  kWordThenPunctuation,  // maybe word_then_punctuation_tokens
  kWordThenPadded,     // ASCII letters and digits, then one character the rules pad (not a contraction): two
                       // tokens, split before the last byte (alnum_chunk_in_block)
};

// Where the rules split a chunk of ASCII letters with one apostrophe inside ("it's", "don't", "they're"), followed
// by a space, not at the end of a sentence and with no contraction word (may_hold_contraction false): the token
// boundary, or npos when this shortcut does not know (the rule engine decides). Only the ending-quote rules can
// act on it:
//   ([^' ])('[sS]|'[mM]|'[dD]) + space            "it's" -> "it" "'s"
//   ([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) + space  "they're" -> "they" "'re", "don't" -> "do" "n't"
// (the starting-quote rule (?i)(')(?!re|ve|ll|m|t|s|d|n)(\w)\b leaves these suffixes alone, the other rules need
// characters the chunk does not have). Other suffixes ("o'clock", "d'ye", "y'all") go to the rule engine.
bool letters_and_one_apostrophe(std::string_view chunk) {
  std::size_t apostrophes = 0;
  for (const char c : chunk) {
    if (c == '\'') {
      ++apostrophes;
    } else if ((c | 0x20) < 'a' || (c | 0x20) > 'z') {
      return false;
    }
  }
  return apostrophes == 1;
}

std::size_t apostrophe_split(std::string_view chunk) {
  const std::size_t apostrophe = chunk.find('\'');
  if (apostrophe == 0 || apostrophe == std::string_view::npos || apostrophe + 1 >= chunk.size()) return std::string_view::npos;
  const std::string_view suffix = chunk.substr(apostrophe + 1);
  if (suffix == "s" || suffix == "S" || suffix == "m" || suffix == "M" || suffix == "d" || suffix == "D" ||
      suffix == "ll" || suffix == "LL" || suffix == "re" || suffix == "RE" || suffix == "ve" || suffix == "VE") {
    return apostrophe;  // REQUIRES (checked by the caller): every other byte is an ASCII letter
  }
  // n't / N'T: the letter before the n is the rule's [^' ], so the n must not begin the chunk.
  if (apostrophe >= 2 && ((suffix == "t" && chunk[apostrophe - 1] == 'n') || (suffix == "T" && chunk[apostrophe - 1] == 'N'))) {
    return apostrophe - 1;
  }
  return std::string_view::npos;
}

// Appends the two tokens of an apostrophe chunk apostrophe_split knows, or the chunk as one token when the
// apostrophe begins it and two or more letters follow ("'tween", "'Cause"): "(?i)(\')(?!re|ve|ll|m|t|s|d|n)(\w)\b"
// needs a single letter after the quote, the ending-quote rules a letter before it or a space after "'s", and
// only "(?i) ('t)(is|was)\b" splits such a chunk, so one starting with 't or 'T goes to the rules. False (nothing
// appended) otherwise. Out of line: inlined into tokenize(), this code pushed it past GCC's inlining budget,
// which then stopped inlining next_code_point there (+7% instructions on Chinese text, measured).
[[gnu::noinline]] bool split_at_apostrophe(std::string_view chunk, TokenSink& out) {
  if (chunk[0] == '\'' && chunk.size() >= 3 && (chunk[1] | 0x20) != 't') {
    out.token(chunk);  // REQUIRES (checked by the caller): the other bytes are ASCII letters
    return true;
  }
  const std::size_t split = apostrophe_split(chunk);
  if (split == std::string_view::npos) return false;
  out.token(chunk.substr(0, split));
  out.token(chunk.substr(split));
  return true;
}

struct Chunk {
  std::size_t begin, end;
  ChunkPath path;
};

// The punctuation path: a chunk without apostrophes or backticks, without the characters Python's re folds to
// ASCII letters (U+017F, U+0131, U+0130, U+212A) and that cannot hold a contraction word. Every rule that can
// act on such a chunk only inserts spaces (or turns '"' into `` or ''), and each looks at the chunk alone (the
// whitespace around it as context), so the tokens are the runs between the characters the rules pad, and those
// characters:
//   ; @ # $ % & * ? ! ( ) [ ] { } < >   "[;@#$%&]", "[?!]", "[*]", the bracket rule: always a token of its own
//   « “ ‘ „ » ” ’                       the starting- and ending-quote rules: always a token of its own
//   , :      "([:,])([^\d])" and "([:,])$": a token of its own unless a digit follows ("1,000", "10:30"); one
//            right after another is consumed as the first one's \2 (not padded itself): the rules decide those
//   ..       "\.{2,}": a run of two or more periods is one token
//   .        alone, only the final-period rules touch it: at the end of the sentence (`tail`), the last period,
//            followed only by ] ) } > » ” ’ and not after another period, is a token of its own; elsewhere it
//            stays in its run ("e.g.", "Mr.")
//   --       "--" (left to right, so "---" is "--" and "-"): a token of its own; a lone "-" stays in its run
//   "        a token of its own: `` where a starting-quote rule takes it ("^\"" at the start of the sentence,
//            `caret`; "([ \(\[{<])(\"|\'{2})" after a space, `space_before` for the chunk's first character, or
//            after ( [ { < , an opening quote « “ ‘ „ or the sentence's first '"', which earlier starting-quote
//            rules have padded with spaces by then), '' (the ending-quote rule) anywhere else; the final-period
//            rules take it after the period
// Returns false, with nothing appended, for anything else (the caller runs the rules).
[[gnu::noinline]] bool punctuation_tokens(std::string_view chunk, bool tail, bool caret, bool space_before, TokenSink& out) {
  const std::size_t n = chunk.size();
  const TokenSink::Mark before = out.mark();
  std::size_t final_period = std::string_view::npos;
  if (tail) {
    std::size_t j = n;  // back over the closers the final-period rule takes after the period
    while (j > 0) {
      const char c = chunk[j - 1];
      if (c == ']' || c == ')' || c == '}' || c == '>' || c == '"') {
        --j;
      } else if (j >= 2 && chunk.substr(j - 2, 2) == "\u00bb") {
        j -= 2;
      } else if (j >= 3 && (chunk.substr(j - 3, 3) == "\u201d" || chunk.substr(j - 3, 3) == "\u2019")) {
        j -= 3;
      } else {
        break;
      }
    }
    if (j > 0 && chunk[j - 1] == '.' && (j == 1 || chunk[j - 2] != '.')) final_period = j - 1;
  }
  std::size_t run = 0;  // start of the current run of glued characters
  // The run of glued characters before `begin` as a token (if any), then chunk[begin, end) as one.
  auto flush_run = [&](std::size_t begin) {
    if (begin > run) out.token(std::string_view(chunk.data() + run, begin - run));
  };
  auto token = [&](std::size_t begin, std::size_t end) {
    flush_run(begin);
    out.token(chunk.substr(begin, end - begin));
    run = end;
  };
  bool opens_quote = caret || space_before;  // a '"' here would be a starting quote
  // The bytes the switch below handles; any other ASCII byte (letters, digits, '/', ...) stays in its run, and
  // runs of them are skipped by a table loop rather than one switch dispatch per byte.
  static constexpr std::array<bool, 256> kHandled = [] {
    std::array<bool, 256> t{};
    for (const char c : std::string_view(";@#$%&*?!()[]{}<>\",:.-'`")) t[static_cast<unsigned char>(c)] = true;
    for (int c = 0x80; c < 256; ++c) t[c] = true;
    return t;
  }();
  for (std::size_t i = 0; i < n;) {
    const auto c = static_cast<unsigned char>(chunk[i]);
    if (!kHandled[c]) {
      do ++i;
      while (i < n && !kHandled[static_cast<unsigned char>(chunk[i])]);
      opens_quote = false;
      continue;
    }
    switch (c) {
      case ';': case '@': case '#': case '$': case '%': case '&': case '*': case '?': case '!':
      case '(': case ')': case '[': case ']': case '{': case '}': case '<': case '>':
        token(i, i + 1);
        opens_quote = c == '(' || c == '[' || c == '{' || c == '<';
        ++i;
        continue;
      case '"':
        flush_run(i);  // the quote rules make it `` or ''
        out.push_back(opens_quote ? '`' : '\'');
        out.push_back(opens_quote ? '`' : '\'');
        out.end_token();
        run = i + 1;
        // "^\"" makes the sentence's first '"' a `` that "(``)" pads with spaces before the rule for a quote
        // after a space runs: a second '"' right after it is a starting quote too.
        opens_quote = i == 0 && caret;
        ++i;
        continue;
      case ',': case ':':
        if (i + 1 < n) {
          const char next = chunk[i + 1];
          if (next == ',' || next == ':') break;  // to the rules
          std::size_t q = i + 1;
          if (is_d(next_code_point(chunk, q))) {  // \d is Unicode's: U+0663 keeps "1,\u0663" together too
            opens_quote = false;
            ++i;
            continue;
          }
        }
        token(i, i + 1);
        opens_quote = false;
        ++i;
        continue;
      case '.': {
        std::size_t j = i + 1;
        while (j < n && chunk[j] == '.') ++j;
        if (j - i >= 2 || i == final_period) token(i, j);
        opens_quote = false;
        i = j;
        continue;
      }
      case '-': {
        std::size_t j = i;
        while (j + 1 < n && chunk[j] == '-' && chunk[j + 1] == '-') {
          token(j, j + 2);
          j += 2;
        }
        i = j < n && chunk[j] == '-' ? j + 1 : j;  // a lone '-' (or the odd one of a run) stays in the run
        opens_quote = false;
        continue;
      }
      case '\'': case '`':
        break;  // to the rules
      default:
        opens_quote = false;
        if (c < 0x80) {
          ++i;
          continue;
        }
        {
          std::size_t p = i;
          const char32_t cp = next_code_point(chunk, p);
          if (cp == 0x017F || cp == 0x0131 || cp == 0x0130 || cp == 0x212A) break;  // to the rules
          if (is_opening_quote(cp) || is_closing_quote(cp)) {
            token(i, p);
            opens_quote = is_opening_quote(cp);
          }
          i = p;
          continue;
        }
    }
    out.rollback(before);  // a shape this path does not know: undo, the rules decide
    return false;
  }
  if (n > run) {
    out.token(std::string_view(chunk.data() + run, n - run));
  }
  return true;
}

// A chunk that is exactly one of the contraction words, in any ASCII case, followed by whitespace (not at the end
// of the sentence): "(?i)\b(can)(not)\b" and its siblings split it after its third letter ("wanna" needs the
// whitespace after it, "(?i)\b(wan)(na)(?=\s)"). False for anything else.
bool is_contraction_word(std::string_view chunk) {
  if (chunk.size() != 5 && chunk.size() != 6) return false;
  char lower[6];
  for (std::size_t i = 0; i < chunk.size(); ++i) lower[i] = static_cast<char>(chunk[i] | 0x20);
  const std::string_view w(lower, chunk.size());
  return w == "cannot" || w == "gimme" || w == "gonna" || w == "gotta" || w == "lemme" || w == "wanna";
}

// Whether the punctuation path starts a token at chunk[0] (it pads chunk[0] or the run it begins): the
// characters the rules always pad, a "," or ":" before a non-digit, "..", "--", and at the end of the
// sentence a "." followed only by closers.
bool pads_first(std::string_view chunk, bool tail) {
  const auto c = static_cast<unsigned char>(chunk[0]);
  switch (c) {
    case ';': case '@': case '#': case '$': case '%': case '&': case '*': case '?': case '!': case '(': case ')':
    case '[': case ']': case '{': case '}': case '<': case '>': case '"':
      return true;
    case ',': case ':': {
      if (chunk.size() == 1) return true;
      std::size_t q = 1;
      return !is_d(next_code_point(chunk, q));
    }
    case '.':
      if (chunk.size() >= 2 && chunk[1] == '.') return true;
      return tail && closing_only_chunk(chunk.substr(1));  // the final period and its closers
    case '-':
      return chunk.size() >= 2 && chunk[1] == '-';
    default: {
      if (c < 0x80) return false;
      std::size_t q = 0;
      const char32_t cp = next_code_point(chunk, q);
      return is_opening_quote(cp) || is_closing_quote(cp);
    }
  }
}

// A word followed by punctuation ("it's,", "don't.", "cannot;" ...): ASCII letters, maybe with one apostrophe
// inside, then a part the punctuation path takes and that starts with a token of its own (pads_first). The
// rules pad that first character before the ending-quote and contraction rules run, so the word is followed by
// a space for them, as in the apostrophe and contraction-word paths: it splits as apostrophe_split says (a
// word with an apostrophe) or after its third letter (exactly a contraction word); any other word goes to the
// rules. Appends the tokens; false, with nothing appended, for anything else.
[[gnu::noinline]] bool word_then_punctuation_tokens(std::string_view chunk, bool tail, TokenSink& out) {
  const std::size_t n = chunk.size();
  std::size_t k = 0, apostrophe = std::string_view::npos;
  for (; k < n; ++k) {
    const char c = chunk[k];
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') continue;
    if (c == '\'' && apostrophe == std::string_view::npos && k > 0) {
      apostrophe = k;
      continue;
    }
    break;
  }
  if (k == 0 || k == n || chunk[k - 1] == '\'') return false;
  const std::string_view word = chunk.substr(0, k), rest = chunk.substr(k);
  if (!pads_first(rest, tail) || (rest.size() >= 5 && may_hold_contraction(rest))) return false;
  std::size_t split = std::string_view::npos;
  if (apostrophe == std::string_view::npos) {
    if (is_contraction_word(word)) split = 3;
  } else if (word.size() < 5 || !may_hold_contraction(word)) {
    split = apostrophe_split(word);
  }
  if (split == std::string_view::npos) return false;
  const TokenSink::Mark before = out.mark();
  out.token(word.substr(0, split));
  out.token(word.substr(split));
  if (punctuation_tokens(rest, tail, false, false, out)) return true;
  out.rollback(before);
  return false;
}

// Each byte's kind, for scanning chunks of ASCII without decoding them.
enum ByteKind : std::uint8_t {
  kAsciiSpace = 1, kActive = 2, kLetter = 4, kNonAscii = 8, kSimple = 16, kQuote = 32 /* ' ` */, kQuoteMark = 64 /* " */
};
using ByteKinds = std::array<std::uint8_t, 256>;

// The common chunks, decided 16 bytes at a time: ASCII letters and digits, maybe followed by one punctuation
// byte of the shapes below, ending inside the 16 bytes from `begin` at an ASCII whitespace byte. Then `end` is
// that byte's offset. False (the caller scans byte by byte) for anything else: other punctuation, a control or
// non-ASCII byte, no end within the block, fewer than 16 bytes left. The byte loop costs a mispredicted branch
// at each chunk's end (words have irregular lengths); this costs none.
// The punctuation after the letters and digits, before whitespace and not at the end of the sentence (the tail
// window is decided apart, see tokenize):
//   , :    "([:,])([^\d])": whitespace follows, so it is padded: a token of its own
//   ; @ # $ % & * ? ! ( ) [ ] { } < >   always padded: a token of its own
//   . -    a lone period inside a sentence and a lone hyphen stay in the word ("Mr." "well-"): one token
// as punctuation_tokens decides them (no quote, no apostrophe, nothing the rules fold to a letter). The
// letters and digits before the punctuation must hold no doubled n, m or t (so no contraction word: else the
// byte loop and the contraction checks decide).
struct AlnumChunk {
  std::size_t end = 0;
  bool doubled_nmt = false;  // two equal letters n, m or t side by side (any case): see may_hold_contraction
  bool padded_last = false;  // the last byte is punctuation of its own: two tokens
};
enum TrailingPunctuation : std::uint8_t { kNotTrailing = 0, kPaddedTrailing = 1, kGluedTrailing = 2 };
bool alnum_chunk_in_block(std::string_view s, std::size_t begin, const ByteKinds& kind, AlnumChunk& chunk) {
#if defined(__SSE2__)
  static constexpr std::array<std::uint8_t, 256> kTrailing = [] {
    std::array<std::uint8_t, 256> t{};
    for (const char c : std::string_view(",:;@#$%&*?!()[]{}<>")) t[static_cast<unsigned char>(c)] = kPaddedTrailing;
    t['.'] = t['-'] = kGluedTrailing;
    return t;
  }();
  if (begin + 16 > s.size()) return false;
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + begin));
  // Signed compare: bytes 0x00..0x20 and 0x80..0xFF (negative) are below 0x21.
  const auto stop = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(0x21))));
  if (stop == 0) return false;
  const int e = std::countr_zero(stop);
  if (!(kind[static_cast<unsigned char>(s[begin + static_cast<std::size_t>(e)])] & kAsciiSpace)) return false;
  const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));  // ASCII letters to lowercase
  const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
                                       _mm_cmplt_epi8(folded, _mm_set1_epi8('z' + 1)));
  const __m128i digit =
      _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
  unsigned before = (1u << e) - 1;
  const auto alnum = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(letter, digit)));
  bool padded_last = false;
  if ((alnum & before) != before) {
    const std::uint8_t trailing = e >= 2 ? kTrailing[static_cast<unsigned char>(s[begin + static_cast<std::size_t>(e) - 1])] : 0;
    before >>= 1;  // the letters and digits before the punctuation
    if (trailing == kNotTrailing || (alnum & before) != before) return false;
    if (doubled_nmt_pairs(v) & (before >> 1)) return false;  // maybe a contraction word: the byte loop decides
    padded_last = trailing == kPaddedTrailing;
  }
  chunk.end = begin + static_cast<std::size_t>(e);
  chunk.doubled_nmt = (doubled_nmt_pairs(v) & (before >> 1)) != 0;  // both bytes of the pair inside the chunk
  chunk.padded_last = padded_last;
  return true;
#else
  (void)s, (void)begin, (void)kind, (void)chunk;
  return false;
#endif
}

// The path of a chunk the byte loop scanned (s[begin, p), `kinds` the ByteKinds it holds). Out of line: in
// tokenize() it pushed the function past GCC's inlining budget, which then called next_code_point out of line
// from the scan loop (+6% instructions on Chinese text, measured).
[[gnu::noinline]] ChunkPath classify_scanned_chunk(std::string_view s, std::size_t begin, std::size_t p,
                                                   std::uint8_t kinds) {
  const std::string_view chunk = s.substr(begin, p - begin);
  const std::size_t readable = s.size() - begin;
  ChunkPath path = ChunkPath::kRules;
  if (kinds & kNonAscii) {
    if (inert_chunk(chunk)) {
      path = ChunkPath::kInert;
    } else if (!(kinds & kQuote) && (!(kinds & kLetter) || chunk.size() < 5 || !may_hold_contraction(chunk, readable))) {
      path = ChunkPath::kPunctuation;  // which gives the folding letters to the rules
    }
  } else if (!(kinds & kQuote) && (!(kinds & kLetter) || chunk.size() < 5 || !may_hold_contraction(chunk, readable))) {
    path = (kinds & (kSimple | kActive | kQuoteMark)) ? ChunkPath::kPunctuation : ChunkPath::kInert;
  } else if (kinds == (kQuote | kLetter) && p < s.size() && s[p] == ' ' && letters_and_one_apostrophe(chunk) &&
             (chunk.size() < 5 || !may_hold_contraction(chunk, readable))) {
    // The ending-quote rules need a space (not a tab, a line break or U+00A0) after the suffix.
    path = ChunkPath::kApostrophe;
  } else if (kinds == kLetter && p < s.size() && is_contraction_word(chunk)) {
    path = ChunkPath::kContractionWord;  // one the 16-byte block did not take (near the sentence's end)
  } else if ((kinds & kLetter) && (kinds & (kSimple | kActive | kQuoteMark))) {
    path = ChunkPath::kWordThenPunctuation;
  }
  return path;
}

void tokenize(std::string_view s, TokenSink& out, bool rules_only) {
  static const ByteKinds kind = [] {
    ByteKinds t{};
    for (int c = 0; c < 256; ++c) {
      if (c >= 0x80) t[c] = kNonAscii;
      else if (has_class(static_cast<char32_t>(c), kSpace)) t[c] = kAsciiSpace;
      else if (std::string_view(".,:-?!").find(static_cast<char>(c)) != std::string_view::npos) t[c] = kSimple;
      else if (c == '\'' || c == '`') t[c] = kQuote;
      else if (c == '"') t[c] = kQuoteMark;
      else if (ascii_active(static_cast<unsigned char>(c))) t[c] = kActive;
      else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') t[c] = kLetter;
    }
    return t;
  }();
  thread_local std::vector<Chunk> chunks;
  chunks.clear();
  for (std::size_t p = 0; p < s.size();) {
    const std::uint8_t k = kind[static_cast<unsigned char>(s[p])];
    if (k & kAsciiSpace) {
      ++p;
      continue;
    }
    if (k & kNonAscii) {
      std::size_t q = p;
      if (has_class(next_code_point(s, q), kSpace)) {
        p = q;
        continue;
      }
    }
    const std::size_t begin = p;
    AlnumChunk block;
    if (alnum_chunk_in_block(s, begin, kind, block)) {  // most chunks: a word before a space
      // Letters and digits (and maybe one punctuation byte the block took), so inert unless it holds a
      // contraction word (each of which has a doubled n, m or t).
      p = block.end;
      const bool contraction =
          block.doubled_nmt && p - begin >= 5 && may_hold_contraction(s.substr(begin, p - begin), 16);
      ChunkPath path = contraction ? ChunkPath::kRules : block.padded_last ? ChunkPath::kWordThenPadded : ChunkPath::kInert;
      if (contraction && is_contraction_word(s.substr(begin, p - begin))) path = ChunkPath::kContractionWord;
      chunks.push_back({begin, p, rules_only ? ChunkPath::kRules : path});
      ++p;  // the ASCII whitespace byte the block found after the chunk
      continue;
    }
    std::uint8_t kinds = 0;
    while (p < s.size()) {
      const std::uint8_t kc = kind[static_cast<unsigned char>(s[p])];
      if (kc & kAsciiSpace) break;
      if (kc & kNonAscii) {
        std::size_t q = p;
        if (has_class(next_code_point(s, q), kSpace)) break;
        kinds |= kc;
        p = q;
        continue;
      }
      kinds |= kc;
      ++p;
    }
    ChunkPath path = ChunkPath::kRules;
    if (rules_only) {
    } else if (kinds & kNonAscii) {
      path = classify_scanned_chunk(s, begin, p, kinds);
    } else {
      const std::string_view chunk = s.substr(begin, p - begin);
      const std::size_t readable = s.size() - begin;
      if (!(kinds & kQuote) && (!(kinds & kLetter) || chunk.size() < 5 || !may_hold_contraction(chunk, readable))) {
        path = (kinds & (kSimple | kActive | kQuoteMark)) ? ChunkPath::kPunctuation : ChunkPath::kInert;
      } else {
        path = classify_scanned_chunk(s, begin, p, kinds);
      }
    }
    chunks.push_back({begin, p, path});
  }
  if (chunks.empty()) return;
  // The window at the end of the sentence: the last chunk, and before it any run of chunks made only of
  // closing quotes and brackets together with the chunk before them (the final-period rule can span them).
  std::size_t tail = chunks.size() - 1;
  while (tail > 0 && closing_only_chunk(s.substr(chunks[tail].begin, chunks[tail].end - chunks[tail].begin))) {
    --tail;
  }
  for (std::size_t i = 0; i < tail; ++i) {
    const Chunk& c = chunks[i];
    const std::string_view chunk = s.substr(c.begin, c.end - c.begin);
    if (c.path == ChunkPath::kInert) {
      out.token(chunk);
    } else if (c.path == ChunkPath::kWordThenPadded) {
      out.token(chunk.substr(0, chunk.size() - 1));
      out.token(chunk.substr(chunk.size() - 1));
    } else if (c.path == ChunkPath::kApostrophe && split_at_apostrophe(chunk, out)) {
      // appended
    } else if (c.path == ChunkPath::kWordThenPunctuation && word_then_punctuation_tokens(chunk, false, out)) {
      // appended
    } else if (c.path == ChunkPath::kContractionWord) {
      out.token(chunk.substr(0, 3));
      out.token(chunk.substr(3));
    } else if (c.path != ChunkPath::kPunctuation ||
               !punctuation_tokens(chunk, false, c.begin == 0, c.begin > 0 && s[c.begin - 1] == ' ', out)) {
      slow_path(s, c.begin, c.end, out);
    }
  }
  // The tail window takes the simple path only when it is one chunk running to the end of the sentence.
  const Chunk& t = chunks[tail];
  const bool one_chunk_tail = tail + 1 == chunks.size() && t.end == s.size();
  if (one_chunk_tail && t.path == ChunkPath::kInert && s[t.end - 1] != '.') {
    out.token(s.substr(t.begin));
  } else if (one_chunk_tail && t.path == ChunkPath::kPunctuation &&
             punctuation_tokens(s.substr(t.begin), true, t.begin == 0, t.begin > 0 && s[t.begin - 1] == ' ', out)) {
    // appended
  } else if (!one_chunk_tail || t.path != ChunkPath::kWordThenPunctuation ||
             !word_then_punctuation_tokens(s.substr(t.begin), true, out)) {
    slow_path(s, t.begin, s.size(), out);
  }
}

}  // namespace

void treebank_tokenize(std::string_view sentence, TokenSink& out) { tokenize(sentence, out, false); }

void treebank_tokenize(std::string_view sentence, std::string& out, std::vector<std::uint32_t>& ends) {
  TokenSink sink(out, ends, sentence);
  tokenize(sentence, sink, false);
}

void treebank_tokenize_rules_only(std::string_view sentence, std::string& out, std::vector<std::uint32_t>& ends) {
  TokenSink sink(out, ends, sentence);
  tokenize(sentence, sink, true);
}

}  // namespace winnow::filters
