#include "filters/punkt.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "filters/char_class.h"

namespace winnow::filters {
namespace {

// NLTK's orthographic context flags.
constexpr int kOrthoBegUc = 1 << 1, kOrthoMidUc = 1 << 2, kOrthoUnkUc = 1 << 3;
constexpr int kOrthoBegLc = 1 << 4, kOrthoMidLc = 1 << 5, kOrthoUnkLc = 1 << 6;
constexpr int kOrthoUc = kOrthoBegUc | kOrthoMidUc | kOrthoUnkUc;
constexpr int kOrthoLc = kOrthoBegLc | kOrthoMidLc | kOrthoUnkLc;

bool is_space_at(std::string_view s, std::size_t pos) {
  std::size_t p = pos;
  return has_class(next_code_point(s, p), kSpace);
}
std::size_t skip_code_point(std::string_view s, std::size_t pos) {
  next_code_point(s, pos);
  return pos;
}
bool is_sent_end_char(char c) { return c == '.' || c == '?' || c == '!'; }

// The first '.', '?' or '!' at or after pos, or text.size(). Most bytes are none of them: 16 bytes per step with
// SSE2, which every x86-64 has (no runtime dispatch needed); one byte at a time elsewhere and for the tail.
std::size_t find_sent_end_char(std::string_view text, std::size_t pos) {
#if defined(__SSE2__)
  const __m128i dot = _mm_set1_epi8('.'), question = _mm_set1_epi8('?'), bang = _mm_set1_epi8('!');
  for (; pos + 16 <= text.size(); pos += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dot), _mm_cmpeq_epi8(v, question)), _mm_cmpeq_epi8(v, bang));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return pos + static_cast<std::size_t>(std::countr_zero(mask));
  }
#endif
  while (pos < text.size() && !is_sent_end_char(text[pos])) ++pos;
  return pos;
}

// No '.', '?' or '!' in s: no Punkt token of s can end a sentence.
bool no_sentence_end_char(std::string_view s) { return find_sent_end_char(s, 0) == s.size(); }

bool is_ascii_letter(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
// PunktLanguageVars._re_non_word_chars: ) " ; } ] * : @ ' ( { [ and the sentence ends other than '.'.
constexpr bool is_non_word_char(char c) {
  switch (c) {
    case ')': case '"': case ';': case '}': case ']': case '*': case ':': case '@': case '\'':
    case '(': case '{': case '[': case '?': case '!':
      return true;
    default:
      return false;
  }
}
// PunktLanguageVars._re_word_start excludes these characters from starting a word.
constexpr bool excluded_word_start(char c) {
  switch (c) {
    case '(': case '"': case '`': case '{': case '[': case ':': case ';': case '&': case '#': case '*':
    case '@': case ')': case '}': case ']': case '-': case ',':
      return true;
    default:
      return false;
  }
}

// Length of _re_multi_char_punct matched at pos (-{2,} | \.{2,} | (?:\.\s){2,}\.), 0 when none; REQUIRES
// s[pos] is '-' or '.' (multi_char_length below checks that inline: it is asked at nearly every character).
std::size_t multi_char_run_length(std::string_view s, std::size_t pos) {
  std::size_t end = pos;
  while (end < s.size() && s[end] == s[pos]) ++end;
  if (end - pos >= 2) return end - pos;
  if (s[pos] != '.') return 0;
  // (\.\s){2,}\. : greedy repetitions of a period and one whitespace character, then a period, backtracking
  // one repetition at most: the loop went on past every repetition but the last only because a period
  // followed it, so if none follows the last, the one before it (if it is the second or later) ends the match.
  std::size_t repetitions = 0, last = pos, before_last = pos;
  std::size_t p = pos;
  while (p < s.size() && s[p] == '.' && p + 1 < s.size() && is_space_at(s, p + 1)) {
    p = skip_code_point(s, p + 1);
    before_last = last;
    last = p;
    ++repetitions;
  }
  if (repetitions >= 2 && last < s.size() && s[last] == '.') return last + 1 - pos;
  if (repetitions >= 3) return before_last + 1 - pos;
  return 0;
}
inline std::size_t multi_char_length(std::string_view s, std::size_t pos) {
  if (pos >= s.size() || (s[pos] != '-' && s[pos] != '.')) return 0;
  return multi_char_run_length(s, pos);
}

// The end-of-word lookahead of Punkt's word regex at position p.
bool word_ends_at(std::string_view s, std::size_t p) {
  if (p >= s.size() || is_space_at(s, p) || is_non_word_char(s[p]) || multi_char_length(s, p) > 0) return true;
  if (s[p] != ',') return false;
  const std::size_t q = p + 1;
  return q >= s.size() || is_space_at(s, q) || is_non_word_char(s[q]) || multi_char_length(s, q) > 0;
}

// PunktLanguageVars.word_tokenize (re.findall of _word_tokenize_fmt) on one line.
void punkt_words(std::string_view line, std::vector<std::string_view>& out) {
  std::size_t pos = 0;
  while (pos < line.size()) {
    if (const std::size_t n = multi_char_length(line, pos); n > 0) {
      out.push_back(line.substr(pos, n));
      pos += n;
      continue;
    }
    if (is_space_at(line, pos)) {
      pos = skip_code_point(line, pos);
      continue;
    }
    std::size_t end = skip_code_point(line, pos);
    if (!excluded_word_start(line[pos])) {
      while (!word_ends_at(line, end)) end = skip_code_point(line, end);  // never passes whitespace
    }
    out.push_back(line.substr(pos, end - pos));
    pos = end;
  }
}


// PunktToken._RE_NUMERIC: ^-?[\.,]?\d[\d,\.-]*\.?$
bool is_numeric_token(std::string_view t) {
  std::size_t p = 0;
  if (p < t.size() && t[p] == '-') ++p;
  if (p < t.size() && (t[p] == '.' || t[p] == ',')) ++p;
  if (p >= t.size()) return false;
  std::size_t q = p;
  if (!has_class(next_code_point(t, q), kDigit)) return false;
  p = q;
  while (p < t.size()) {
    if (t[p] == ',' || t[p] == '.' || t[p] == '-') {
      ++p;
      continue;
    }
    q = p;
    if (!has_class(next_code_point(t, q), kDigit)) return false;
    p = q;
  }
  return true;  // the optional final period is covered by the class above
}

struct PunktToken {
  std::string_view tok;
  std::string type;
  bool period_final = false;
  bool sentbreak = false;
  bool abbr = false;
  bool ellipsis = false;

  // Reuses this object (and its type's capacity) for the token t.
  void assign(std::string_view t) {
    tok = t;
    period_final = !t.empty() && t.back() == '.';
    sentbreak = abbr = ellipsis = false;
    if (is_numeric_token(t)) {
      type.assign("##number##");
    } else {
      lower_ascii_and_kelvin(t, type);
    }
  }
  std::string_view type_no_period() const {
    std::string_view ty = type;
    if (code_point_count(ty) > 1 && ty.back() == '.') ty.remove_suffix(1);
    return ty;
  }
  std::string_view type_no_sentperiod() const { return sentbreak ? type_no_period() : std::string_view(type); }
  char32_t first() const {
    std::size_t p = 0;
    return next_code_point(tok, p);
  }
  bool first_upper() const { return has_class(first(), kUpper); }
  bool first_lower() const { return has_class(first(), kLower); }
  bool is_ellipsis() const {  // \.\.+$
    if (tok.size() < 2) return false;
    for (const char c : tok) {
      if (c != '.') return false;
    }
    return true;
  }
  bool is_initial() const {  // [^\W\d]\.$ : one word character that is not a digit, then a period
    if (tok.size() < 2 || tok.back() != '.') return false;
    std::size_t p = 0;
    const std::uint8_t cls = char_class(next_code_point(tok, p));
    return p == tok.size() - 1 && (cls & kWord) && !(cls & kDigit);
  }
};

int ortho_of(const PunktParameters& params, std::string_view type) {
  if (params.ortho_context.empty()) return 0;  // the default parameters: no lookup, no allocation
  const auto it = params.ortho_context.find(std::string(type));
  return it == params.ortho_context.end() ? 0 : it->second;
}

// PunktSentenceTokenizer._ortho_heuristic: true, false or unknown (nullopt).
std::optional<bool> ortho_heuristic(const PunktParameters& params, const PunktToken& tok) {
  if (tok.tok.size() == 1 && std::string_view(";:,.!?").find(tok.tok[0]) != std::string_view::npos) return false;
  const int ortho = ortho_of(params, tok.type_no_sentperiod());
  if (tok.first_upper() && (ortho & kOrthoLc) && !(ortho & kOrthoMidUc)) return true;
  if (tok.first_lower() && ((ortho & kOrthoUc) || !(ortho & kOrthoBegLc))) return false;
  return std::nullopt;
}

void first_pass(const PunktParameters& params, PunktToken& tok) {
  const std::string_view t = tok.tok;
  if (t == "." || t == "?" || t == "!") {
    tok.sentbreak = true;
  } else if (tok.is_ellipsis()) {
    tok.ellipsis = true;
  } else if (tok.period_final && !(t.size() >= 2 && t.substr(t.size() - 2) == "..")) {
    thread_local std::string lower;
    lower_ascii_and_kelvin(t.substr(0, t.size() - 1), lower);
    const std::size_t dash = lower.rfind('-');
    const std::string_view last_part =
        dash == std::string::npos ? std::string_view(lower) : std::string_view(lower).substr(dash + 1);
    if (params.is_abbreviation(lower) || params.is_abbreviation(last_part)) {
      tok.abbr = true;
    } else {
      tok.sentbreak = true;
    }
  }
}

void second_pass(const PunktParameters& params, PunktToken& tok1, const PunktToken& tok2) {
  if (!tok1.period_final) return;
  const std::string_view typ = tok1.type_no_period();
  const std::string_view next_typ = tok2.type_no_sentperiod();
  const bool initial = tok1.is_initial();
  if (!params.collocations.empty() && params.collocations.count({std::string(typ), std::string(next_typ)})) {
    tok1.sentbreak = false;
    tok1.abbr = true;
    return;
  }
  if ((tok1.abbr || tok1.ellipsis) && !initial) {
    const std::optional<bool> starter = ortho_heuristic(params, tok2);
    if (starter == true) {
      tok1.sentbreak = true;
      return;
    }
    if (tok2.first_upper() && !params.sent_starters.empty() && params.sent_starters.count(std::string(next_typ))) {
      tok1.sentbreak = true;
      return;
    }
  }
  if (initial || typ == "##number##") {
    const std::optional<bool> starter = ortho_heuristic(params, tok2);
    if (starter == false) {
      tok1.sentbreak = false;
      tok1.abbr = true;
      return;
    }
    if (!starter.has_value() && initial && tok2.first_upper() && !(ortho_of(params, next_typ) & kOrthoLc)) {
      tok1.sentbreak = false;
      tok1.abbr = true;
    }
  }
}

// Python's string.whitespace (' ' \t \n \r \v \f): NLTK's _get_last_whitespace_index finds the word before a
// candidate by it. One shift and mask instead of six compares (it is asked for every byte of that word).
bool is_ascii_whitespace(char c) {
  constexpr std::uint64_t kSix = 1ULL << ' ' | 1ULL << '\t' | 1ULL << '\n' | 1ULL << '\r' | 1ULL << '\v' | 1ULL << '\f';
  const auto b = static_cast<unsigned char>(c);
  return b <= ' ' && ((kSix >> b) & 1) != 0;
}

// Whitespace (str.isspace) from pos on: its end. ASCII is looked up in the table; other characters decoded.
std::size_t skip_whitespace(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    const auto b = static_cast<unsigned char>(text[pos]);
    if (b < 0x80) {
      if (!has_class(b, kSpace)) return pos;
      ++pos;
    } else {
      if (!is_space_at(text, pos)) return pos;
      pos = skip_code_point(text, pos);
    }
  }
  return pos;
}
// The end of the run of non-whitespace characters starting at pos.
std::size_t skip_non_whitespace(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    const auto b = static_cast<unsigned char>(text[pos]);
    if (b < 0x80) {
      if (has_class(b, kSpace)) return pos;
      ++pos;
    } else {
      if (is_space_at(text, pos)) return pos;
      pos = skip_code_point(text, pos);
    }
  }
  return pos;
}

// One candidate sentence end found by _period_context_fmt.
struct EndCandidate {
  std::size_t pos = 0;       // the '.', '?' or '!'
  std::size_t next_tok = 0;  // start of next_tok (whitespace before it), or npos when a non-word character follows
};

// Finds the candidate at pos, if the lookahead matches. (The end of next_tok is found only when a decision needs
// it: most do not.)
bool candidate_at(std::string_view text, std::size_t pos, EndCandidate& out) {
  const std::size_t p = pos + 1;
  if (p >= text.size()) return false;
  if (is_non_word_char(text[p])) {
    out = {pos, std::string_view::npos};
    return true;
  }
  const std::size_t q = skip_whitespace(text, p);
  if (q == p || q >= text.size()) return false;
  out = {pos, q};
  return true;
}

// re_boundary_realignment = ["')\]}]+?(?:\s+|(?=--)|$) (MULTILINE), matched at the start of `s`.
// Returns {length of the closing characters, length of the whole match}, or {0, 0} when it does not match.
bool is_closing_char(char c) { return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}'; }
std::pair<std::size_t, std::size_t> realignment(std::string_view s) {
  std::size_t k = 0;
  while (k < s.size() && is_closing_char(s[k])) {
    ++k;  // lazy: the fewest closing characters after which the rest matches, alternatives in regex order
    if (k < s.size() && is_space_at(s, k)) {
      std::size_t e = k;
      while (e < s.size() && is_space_at(s, e)) e = skip_code_point(s, e);
      return {k, e};
    }
    if (s.compare(k, 2, "--") == 0 || k >= s.size()) return {k, k};
  }
  return {0, 0};
}


// ---- The decision for plain parameters on an ASCII context (plain_sentence_break below) ----
//
// With no collocations, sentence starters or orthographic contexts, NLTK's two passes reduce to a rule on each
// token and the token after it, which needs no word types (no lowercased copies): the first pass marks "."
// "?" "!" and every period-final token that does not end with ".." and is not an abbreviation (whole, or the
// part after its last '-'); the second pass can then only take a break back, after an initial ("J.": one
// letter or '_', then the period) or a number (##number##) when the token after it is one of ; : , . ! ? alone,
// starts with a lowercase letter, or (after an initial) starts with an uppercase letter. The orthographic
// heuristic, with an empty table, says "not a sentence start" exactly for those, and nothing in the second pass
// sets a break. Only ASCII is handled here (one byte, one character; Python's classes of ASCII are these).

// What Punkt's word regex asks of an ASCII byte, in one table lookup: whitespace (Python's str.isspace: \t \n
// \v \f \r, \x1c-\x1f and the space), a non-word character, '-' or '.' (multi-character punctuation may start
// there), ',' (ends a word before whitespace or punctuation), a character that cannot start a word.
enum PunktAsciiKind : std::uint8_t {
  kKindSpace = 1,
  kKindNonWord = 2,
  kKindDashOrDot = 4,
  kKindComma = 8,
  kKindExcludedStart = 16,
};
constexpr std::array<std::uint8_t, 128> make_punkt_ascii_kinds() {
  std::array<std::uint8_t, 128> kinds{};
  for (int c = 0; c < 128; ++c) {
    std::uint8_t k = 0;
    if ((c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20)) k |= kKindSpace;
    if (is_non_word_char(static_cast<char>(c))) k |= kKindNonWord;
    if (c == '-' || c == '.') k |= kKindDashOrDot;
    if (c == ',') k |= kKindComma;
    if (excluded_word_start(static_cast<char>(c))) k |= kKindExcludedStart;
    kinds[static_cast<std::size_t>(c)] = k;
  }
  return kinds;
}
constexpr std::array<std::uint8_t, 128> kPunktAsciiKinds = make_punkt_ascii_kinds();
// REQUIRES: c is ASCII.
std::uint8_t ascii_kind(char c) { return kPunktAsciiKinds[static_cast<unsigned char>(c)]; }

// _re_multi_char_punct at pos in an ASCII line (-{2,} | \.{2,} | (?:\.\s){2,}\.), 0 when none.
std::size_t ascii_multi_char_length(std::string_view s, std::size_t pos) {
  if (pos >= s.size() || (s[pos] != '-' && s[pos] != '.')) return 0;
  std::size_t end = pos + 1;
  while (end < s.size() && s[end] == s[pos]) ++end;
  if (end - pos >= 2) return end - pos;
  if (s[pos] != '.') return 0;
  // Periods each followed by one whitespace character: k of them, then the match ends at a period after the
  // k-th (k >= 2) or, without one, at the k-th period itself (k >= 3, giving back the last repetition).
  std::size_t k = 0, p = pos;
  while (p + 1 < s.size() && s[p] == '.' && (ascii_kind(s[p + 1]) & kKindSpace)) {
    p += 2;
    ++k;
  }
  if (k >= 2 && p < s.size() && s[p] == '.') return p + 1 - pos;
  if (k >= 3) return p - 1 - pos;
  return 0;
}

// The end of the word token whose first character is before `pos`, in an ASCII line: the first position where
// the end-of-word lookahead of Punkt's word regex holds (whitespace, a non-word character, multi-character
// punctuation, a ',' followed by one of those, or the end of the line).
std::size_t ascii_word_end(std::string_view s, std::size_t end) {
  constexpr std::uint8_t kMaybeEnd = kKindSpace | kKindNonWord | kKindDashOrDot | kKindComma;
  for (;; ++end) {
    while (end < s.size() && !(ascii_kind(s[end]) & kMaybeEnd)) ++end;
    if (end >= s.size()) return s.size();
    const std::uint8_t kind = ascii_kind(s[end]);
    if (kind & (kKindSpace | kKindNonWord)) return end;
    if (kind & kKindDashOrDot) {
      if (ascii_multi_char_length(s, end) > 0) return end;
      continue;
    }
    const std::size_t q = end + 1;  // a ','
    if (q >= s.size() || (ascii_kind(s[q]) & (kKindSpace | kKindNonWord)) || ascii_multi_char_length(s, q) > 0) {
      return end;
    }
  }
}

bool is_ascii(std::string_view s) {
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t block;
    std::memcpy(&block, s.data() + i, 8);
    if (block & 0x8080808080808080ULL) return false;
  }
  for (; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
  }
  return true;
}

// PunktToken._RE_NUMERIC (^-?[\.,]?\d[\d,\.-]*\.?$) for ASCII.
bool ascii_numeric(std::string_view t) {
  std::size_t p = 0;
  if (p < t.size() && t[p] == '-') ++p;
  if (p < t.size() && (t[p] == '.' || t[p] == ',')) ++p;
  if (p >= t.size() || t[p] < '0' || t[p] > '9') return false;
  for (++p; p < t.size(); ++p) {
    const char c = t[p];
    if (!(c >= '0' && c <= '9') && c != ',' && c != '.' && c != '-') return false;
  }
  return true;
}

bool ascii_iequals(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char c = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (c != lower[i]) return false;
  }
  return true;
}

// Whether token t (followed by token next) ends a sentence after both passes, for plain parameters (above).
bool ascii_token_breaks(const PunktParameters& params, std::string_view t, std::string_view next) {
  if (t.size() == 1) return t[0] == '.' || t[0] == '?' || t[0] == '!';  // "." stays a break: no initial, no number
  if (t.back() != '.' || t[t.size() - 2] == '.') return false;  // not period-final, or an ellipsis / "x.."
  const std::string_view body = t.substr(0, t.size() - 1);
  if (params.is_abbreviation_ascii_lowercased(body)) return false;
  if (const std::size_t dash = body.rfind('-'); dash != std::string_view::npos) {
    if (params.is_abbreviation_ascii_lowercased(body.substr(dash + 1))) return false;
  }
  const bool initial = t.size() == 2 && (is_ascii_letter(t[0]) || t[0] == '_');
  // The type "##number##": a numeric token, or one that lowercases to "##number##." (its type without the period).
  const bool number = !initial && (ascii_numeric(t) || ascii_iequals(t, "##number##."));
  if (!initial && !number) return true;
  const char n = next[0];
  if (next.size() == 1 && std::string_view(";:,.!?").find(n) != std::string_view::npos) return false;
  if (n >= 'a' && n <= 'z') return false;
  return !(initial && n >= 'A' && n <= 'Z');
}

}  // namespace

PunktParameters PunktParameters::english_default() {
  PunktParameters p;
  // Common English abbreviations that end with a period mid-sentence (docs/FILTERS.md lists them).
  for (const char* a : {"mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "vs", "etc", "e.g", "i.e",
                        "cf", "al", "approx", "inc", "ltd", "co", "corp", "dept", "univ", "gov", "gen", "col",
                        "lt", "sgt", "capt", "rev", "hon", "no", "nos", "vol", "vols", "fig", "figs", "pp", "ed",
                        "eds", "u.s", "u.k", "u.n", "a.m", "p.m", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
                        "sep", "sept", "oct", "nov", "dec", "ave", "blvd", "rd", "est", "ca", "viz", "resp"}) {
    p.abbrev_types.insert(a);
  }
  return p;
}

namespace {
constexpr std::size_t kShortAbbreviation = 7;  // bytes that fit a 64-bit key beside the length

template <bool kLowercaseAscii>
std::uint64_t short_word_key(std::string_view word) {  // REQUIRES: word.size() <= kShortAbbreviation
  // The bytes, loaded without a loop: two overlapping 4-byte loads from 4 bytes on, one byte at a time below.
  const std::size_t n = word.size();
  const auto* b = reinterpret_cast<const unsigned char*>(word.data());
  std::uint64_t bytes = 0;
  if (n >= 4) {
    std::uint32_t head, tail;
    std::memcpy(&head, b, 4);
    std::memcpy(&tail, b + n - 4, 4);
    bytes = head | static_cast<std::uint64_t>(tail) << (8 * (n - 4));  // the overlap ORs equal bytes
  } else {
    for (std::size_t i = 0; i < n; ++i) bytes |= static_cast<std::uint64_t>(b[i]) << (8 * i);
  }
  if (kLowercaseAscii) {
    // Per byte, 0x20 added to 'A'..'Z' only: with the top bit cleared, adding 0x80 - 'A' sets it from 'A' on
    // and adding 0x80 - 'Z' - 1 from past 'Z' on (no carry crosses a byte); bytes >= 0x80 are left alone.
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    const std::uint64_t low7 = bytes & ~kHigh;
    const std::uint64_t from_a = low7 + (0x80 - 'A') * kOnes, past_z = low7 + (0x80 - 'Z' - 1) * kOnes;
    bytes |= (from_a & ~past_z & ~bytes & kHigh) >> 2;
  }
  return bytes | static_cast<std::uint64_t>(n + 1) << 56;
}
std::size_t key_slot(std::uint64_t key, std::size_t slots) {  // slots: a power of two
  return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 40) & (slots - 1);
}
}  // namespace

void PunktParameters::index_abbreviations() {
  longest_abbreviation = 0;
  std::size_t short_ones = 0;
  for (const std::string& a : abbrev_types) {
    longest_abbreviation = std::max(longest_abbreviation, a.size());
    short_ones += a.size() <= kShortAbbreviation;
  }
  std::size_t slots = 16;
  while (slots < 4 * short_ones) slots *= 2;  // at most a quarter full: about one probe per lookup
  short_abbreviation_keys_.assign(slots, 0);
  for (const std::string& a : abbrev_types) {
    if (a.size() > kShortAbbreviation) continue;
    const std::uint64_t key = short_word_key<false>(a);
    std::size_t slot = key_slot(key, slots);
    while (short_abbreviation_keys_[slot] != 0) slot = (slot + 1) & (slots - 1);
    short_abbreviation_keys_[slot] = key;
  }
}

template <bool kLowercaseAscii>
bool PunktParameters::find_abbreviation(std::string_view word) const {
  if (word.size() > longest_abbreviation) return false;  // most words: no lookup at all
  if (word.size() > kShortAbbreviation || short_abbreviation_keys_.empty()) {  // long, or not indexed
    std::string lower(word);
    if (kLowercaseAscii) {
      for (char& c : lower) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return abbrev_types.find(lower) != abbrev_types.end();
  }
  const std::uint64_t key = short_word_key<kLowercaseAscii>(word);
  const std::size_t slots = short_abbreviation_keys_.size();
  for (std::size_t slot = key_slot(key, slots);; slot = (slot + 1) & (slots - 1)) {
    if (short_abbreviation_keys_[slot] == key) return true;
    if (short_abbreviation_keys_[slot] == 0) return false;
  }
}
template bool PunktParameters::find_abbreviation<false>(std::string_view) const;
template bool PunktParameters::find_abbreviation<true>(std::string_view) const;

bool PunktSentenceSplitter::breaks_after_plain_word(std::string_view word) const {
  if (word.size() < 2 || !params_.collocations.empty()) return false;
  for (const char c : word) {
    if (!is_ascii_letter(c)) return false;
  }
  return !params_.is_abbreviation_ascii_lowercased(word);
}

bool PunktSentenceSplitter::no_break_after_period_run(std::string_view word, std::string_view next) const {
  if (!plain_parameters_ || word.empty() || word.back() != '.' || !no_sentence_end_char(next)) return false;
  std::size_t i = 0;
  while (i < word.size() && word[i] != '.' && (is_ascii_letter(word[i]) || (word[i] >= '0' && word[i] <= '9'))) ++i;
  for (; i < word.size(); ++i) {
    if (word[i] != '.') return false;
  }
  return true;
}

std::optional<bool> PunktSentenceSplitter::break_before_lowercase_word(std::string_view word,
                                                                      std::string_view next) const {
  // Sound only with the default's empty tables: the orthographic heuristic then says "not a sentence start"
  // for any lowercase-first token, and nothing else in the second pass applies.
  if (word.empty() || next.empty() || !params_.collocations.empty() || !params_.sent_starters.empty() ||
      !params_.ortho_context.empty()) {
    return std::nullopt;
  }
  // The token after word's starts with a lowercase letter, and none of next's tokens can be a break (a break
  // is ".", "?", "!" or a period-final token): only word's token decides.
  if (next[0] < 'a' || next[0] > 'z' || !no_sentence_end_char(next)) return std::nullopt;
  bool digits = true, letters = true;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    digits = digits && c >= '0' && c <= '9';
    // Letters, with single periods between two letters (no "..", no period first or last: one Punkt token).
    const bool period_between = c == '.' && i > 0 && i + 1 < word.size() && word[i - 1] != '.';
    letters = letters && (is_ascii_letter(c) || period_between);
  }
  if (digits) return false;  // a number before a lowercase word
  if (!letters) return std::nullopt;
  if (word.size() == 1) return false;  // an initial before a lowercase word
  return !params_.is_abbreviation_ascii_lowercased(word);
}

std::optional<bool> PunktSentenceSplitter::plain_sentence_break(std::string_view context) const {
  if (!plain_parameters_ || !is_ascii(context)) return std::nullopt;
  // _tokenize_words line by line (a multi-character punctuation match does not cross a '\n'); each token is
  // judged when the one after it is known, and the last is never judged.
  std::string_view previous;
  std::size_t start = 0;
  while (start < context.size()) {
    std::size_t nl = context.find('\n', start);
    if (nl == std::string_view::npos) nl = context.size();
    const std::string_view line = context.substr(start, nl - start);
    std::size_t pos = 0;
    while (pos < line.size()) {
      const std::uint8_t kind = ascii_kind(line[pos]);
      std::size_t end = kind & kKindDashOrDot ? pos + ascii_multi_char_length(line, pos) : pos;
      if (end == pos) {
        if (kind & kKindSpace) {
          ++pos;
          continue;
        }
        end = kind & kKindExcludedStart ? pos + 1 : ascii_word_end(line, pos + 1);
      }
      const std::string_view token = line.substr(pos, end - pos);
      if (!previous.empty() && ascii_token_breaks(params_, previous, token)) return true;
      previous = token;
      pos = end;
    }
    start = nl + 1;
  }
  return false;
}

bool PunktSentenceSplitter::contains_sentence_break(std::string_view context) const {
  thread_local std::vector<std::string_view> words;
  words.clear();
  std::size_t start = 0;
  while (start <= context.size()) {  // _tokenize_words: line by line
    std::size_t nl = context.find('\n', start);
    if (nl == std::string_view::npos) nl = context.size();
    const std::string_view line = context.substr(start, nl - start);
    if (!strip(line).empty()) punkt_words(line, words);
    start = nl + 1;
  }
  // The token objects are kept and reassigned from one call to the next (no allocation per token).
  thread_local std::vector<PunktToken> tokens;
  if (tokens.size() < words.size()) tokens.resize(words.size());
  for (std::size_t i = 0; i < words.size(); ++i) {
    tokens[i].assign(words[i]);
    first_pass(params_, tokens[i]);
  }
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    second_pass(params_, tokens[i], tokens[i + 1]);
    if (tokens[i].sentbreak) return true;  // a break on a token that is not the last
  }
  return false;
}

bool PunktSentenceSplitter::context_breaks(std::string_view text, std::size_t word_begin, std::size_t mark,
                                           std::size_t next_tok) const {
  const std::string_view word = text.substr(word_begin, mark - word_begin);
  // The context: the word before the mark, the mark, and the non-word character or the whitespace and next_tok.
  const std::size_t after_end =
      next_tok == std::string_view::npos ? mark + 2 : skip_non_whitespace(text, next_tok);
  const std::string_view context = text.substr(word_begin, after_end - word_begin);
  if (shortcuts_) {
    const std::string_view next =
        next_tok == std::string_view::npos ? std::string_view() : text.substr(next_tok, after_end - next_tok);
    if (!next.empty()) {
      if (const std::optional<bool> known = break_before_lowercase_word(word, next)) return *known;
    }
    if (no_break_after_period_run(word, next)) return false;
    if (const std::optional<bool> known = plain_sentence_break(context)) return *known;
  }
  return contains_sentence_break(context);
}

std::size_t PunktSentenceSplitter::split_until(std::string_view text, std::vector<Span>* out,
                                               std::size_t at_most) const {
  if (out != nullptr) out->clear();
  std::size_t count = 0;
  // _realign_boundaries, one slice behind _slices_from_text: a slice's span is known once the next slice is
  // (closing quotes and brackets at the start of the next one move into it), so counting can stop early.
  std::size_t realign = 0;
  Span pending{0, 0};
  bool have_pending = false;
  auto emit = [&](Span span) {
    if (out != nullptr) out->push_back(span);
    ++count;
  };
  auto add_slice = [&](Span next) {
    if (have_pending) {
      const Span s1{pending.begin + realign, pending.end};
      // Most slices start with a letter: no realignment, and no call to find that out.
      const std::string_view second =
          next.begin < next.end ? text.substr(next.begin, next.end - next.begin) : std::string_view();
      const auto [closing, whole] = !second.empty() && is_closing_char(second[0])
                                        ? realignment(second)
                                        : std::pair<std::size_t, std::size_t>{0, 0};
      if (closing > 0) {
        emit({s1.begin, next.begin + closing});
        realign = whole;
      } else {
        realign = 0;
        if (s1.begin < s1.end) emit(s1);
      }
    }
    pending = next;
    have_pending = true;
  };

  // _match_potential_end_contexts + _slices_from_text.
  std::size_t last_break = 0;
  bool have_previous = false;
  EndCandidate previous;
  Span previous_slice{0, 0};
  auto decide = [&](const EndCandidate& m, const Span& word) {
    // The two commonest cases first, inline. "?" or "!" is always a break: Punkt's word regex ends a word at '?'
    // and '!', and a token starting with one ends at the whitespace or the non-word character after it, so the
    // mark is a token of its own and not the context's last; the first pass makes "?" and "!" breaks, and the
    // second pass changes only period-final tokens (tested against the full decision). Then "word. Next".
    const bool known_break =
        shortcuts_ && (text[m.pos] != '.' || breaks_after_plain_word(text.substr(word.begin, m.pos - word.begin)));
    if (!known_break && !context_breaks(text, word.begin, m.pos, m.next_tok)) return;
    add_slice({last_break, m.pos + 1});
    last_break = m.next_tok != std::string_view::npos ? m.next_tok : m.pos + 1;
  };
  for (std::size_t pos = find_sent_end_char(text, 0); pos < text.size(); pos = find_sent_end_char(text, pos + 1)) {
    EndCandidate m;
    if (!candidate_at(text, pos, m)) continue;
    // The word before the candidate: from after the last ASCII whitespace since the previous candidate.
    std::size_t word_start = previous_slice.begin;
    for (std::size_t i = pos; i > previous_slice.end; --i) {
      if (is_ascii_whitespace(text[i - 1])) {
        if (i - 1 > previous_slice.end) word_start = i;  // NLTK treats a space at index 0 as "none found"
        break;
      }
    }
    const Span word{word_start, pos};
    if (have_previous && previous_slice.end <= word.begin) {
      decide(previous, previous_slice);
      if (count >= at_most) return at_most;
    }
    previous = m;
    previous_slice = word;
    have_previous = true;
  }
  if (have_previous) decide(previous, previous_slice);
  add_slice({last_break, rstrip(text).size()});
  if (pending.begin + realign < pending.end) emit({pending.begin + realign, pending.end});
  return std::min(count, at_most);
}

void PunktSentenceSplitter::split(std::string_view text, std::vector<Span>& out) const {
  split_until(text, &out, SIZE_MAX);
}

std::size_t PunktSentenceSplitter::count_sentences(std::string_view text, std::size_t at_most) const {
  const std::size_t sentences = split_until(text, nullptr, at_most);
  return sentences == 0 ? 1 : sentences;
}

const PunktSentenceSplitter& english_punkt() {
  static const PunktSentenceSplitter splitter(PunktParameters::english_default());
  return splitter;
}

}  // namespace winnow::filters
