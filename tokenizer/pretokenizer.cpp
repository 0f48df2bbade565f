#include "tokenizer/pretokenizer.h"

#include <array>
#include <cstdint>

#include "tokenizer/unicode_categories.h"

namespace winnow::tokenizer {
namespace {

// Character classes the three patterns are written in. A character may have several bits.
enum : std::uint8_t {
  kLetter = 1,       // \p{L}
  kNumber = 2,       // \p{N}
  kSpace = 4,        // \s  (White_Space)
  kUpperish = 8,     // o200k U: Lu Lt Lm Lo M
  kLowerish = 16,    // o200k W: Ll Lm Lo M
  kCrLf = 32,        // \r or \n
  kSlash = 64,       // '/'
};
constexpr std::uint8_t kLNS = kLetter | kNumber | kSpace;  // [^\s\p{L}\p{N}] = none of these

constexpr std::uint8_t flags_of_record(std::uint8_t record) {
  using GC = GeneralCategory;
  std::uint8_t f = (record & kWhiteSpaceBit) ? kSpace : 0;
  switch (static_cast<GC>(record & 0x7f)) {
    case GC::Lu: case GC::Lt: f |= kLetter | kUpperish; break;
    case GC::Ll: f |= kLetter | kLowerish; break;
    case GC::Lm: case GC::Lo: f |= kLetter | kUpperish | kLowerish; break;
    case GC::Mn: case GC::Mc: case GC::Me: f |= kUpperish | kLowerish; break;
    case GC::Nd: case GC::Nl: case GC::No: f |= kNumber; break;
    default: break;
  }
  return f;
}

constexpr std::array<std::uint8_t, 256> kFlagsOfRecord = [] {
  std::array<std::uint8_t, 256> t{};
  for (unsigned r = 0; r < 256; ++r) t[r] = flags_of_record(static_cast<std::uint8_t>(r));
  return t;
}();

// ASCII is most of web text: one table read, no UTF-8 decoding.
const std::array<std::uint8_t, 128> kAsciiFlags = [] {
  std::array<std::uint8_t, 128> t{};
  for (unsigned c = 0; c < 128; ++c) t[c] = kFlagsOfRecord[unicode_record(c)];
  t['\r'] |= kCrLf;
  t['\n'] |= kCrLf;
  t['/'] |= kSlash;
  return t;
}();

struct Char {
  std::uint8_t flags;
  std::uint8_t len;  // bytes
};

class Scanner {
 public:
  explicit Scanner(std::string_view text)
      : s_(reinterpret_cast<const unsigned char*>(text.data())), n_(text.size()) {}

  std::size_t size() const { return n_; }
  unsigned char byte(std::size_t p) const { return s_[p]; }

  Char at(std::size_t p) const {
    const unsigned char b = s_[p];
    if (b < 0x80) return {kAsciiFlags[b], 1};
    return decode(p);
  }

  // End of the longest run from p of characters having at least one bit of mask.
  std::size_t run_any(std::size_t p, std::uint8_t mask) const {
    while (p < n_) {
      const Char c = at(p);
      if (!(c.flags & mask)) break;
      p += c.len;
    }
    return p;
  }
  // End of the longest run from p of characters having no bit of mask.
  std::size_t run_none(std::size_t p, std::uint8_t mask) const {
    while (p < n_) {
      const Char c = at(p);
      if (c.flags & mask) break;
      p += c.len;
    }
    return p;
  }

  // The optional contraction 's|'t|'re|'ve|'m|'ll|'d at p: its end, or p if there is none.
  std::size_t contraction(std::size_t p, bool fold_case) const {
    if (p + 1 >= n_ || s_[p] != '\'') return p;
    unsigned char a = s_[p + 1];
    if (fold_case) {
      if (a == 0xC5 && p + 2 < n_ && s_[p + 2] == 0xBF) return p + 3;  // U+017F folds to 's'
      if (a >= 'A' && a <= 'Z') a = static_cast<unsigned char>(a - 'A' + 'a');
    }
    switch (a) {
      case 's': case 't': case 'm': case 'd': return p + 2;
      case 'r': case 'v': case 'l': break;
      default: return p;
    }
    if (p + 2 >= n_) return p;
    unsigned char b = s_[p + 2];
    if (fold_case && b >= 'A' && b <= 'Z') b = static_cast<unsigned char>(b - 'A' + 'a');
    const unsigned char want = a == 'l' ? 'l' : 'e';
    return b == want ? p + 3 : p;
  }

  // \p{N}{1,3}
  std::size_t up_to_three_numbers(std::size_t p) const {
    for (int k = 0; k < 3 && p < n_; ++k) {
      const Char c = at(p);
      if (!(c.flags & kNumber)) break;
      p += c.len;
    }
    return p;
  }

  // The white-space branches at p (at(p) is \s). With newline_rule (cl100k, o200k) the branch
  // \s*[\r\n]+ comes first: \s* grabs the whole run and backs off until [\r\n]+ can match, so the
  // piece ends right after the run's LAST \r or \n. Then \s+(?!\S): the whole run if it ends the
  // text, otherwise the run minus its last character (which then prefixes the next word) if that
  // leaves at least one; otherwise \s+, the run itself.
  std::size_t whitespace(std::size_t p, bool newline_rule) const {
    std::size_t last_start = p, after_last_newline = 0, count = 0;
    bool saw_newline = false;
    while (p < n_) {
      const Char c = at(p);
      if (!(c.flags & kSpace)) break;
      last_start = p;
      if (c.flags & kCrLf) {
        saw_newline = true;
        after_last_newline = p + c.len;
      }
      p += c.len;
      ++count;
    }
    if (newline_rule && saw_newline) return after_last_newline;
    if (p == n_ || count < 2) return p;
    return last_start;
  }

 private:
  Char decode(std::size_t p) const {
    constexpr Char kInvalid{0, 1};
    const unsigned char b = s_[p];
    char32_t cp;
    std::uint8_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the first continuation byte
    if (b >= 0xC2 && b <= 0xDF) {
      cp = b & 0x1F; len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      cp = b & 0x0F; len = 3;
      if (b == 0xE0) lo = 0xA0;  // no overlong forms
      if (b == 0xED) hi = 0x9F;  // no surrogates
    } else if (b >= 0xF0 && b <= 0xF4) {
      cp = b & 0x07; len = 4;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    } else {
      return kInvalid;
    }
    if (p + len > n_) return kInvalid;
    for (std::uint8_t k = 1; k < len; ++k) {
      const unsigned char c = s_[p + k];
      if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) return kInvalid;
      cp = (cp << 6) | (c & 0x3F);
    }
    return {kFlagsOfRecord[unicode_record(cp)], len};
  }

  const unsigned char* s_;
  std::size_t n_;
};

constexpr std::size_t kNoMatch = static_cast<std::size_t>(-1);

// r50k: alternatives in order; each branch says why its condition is the regex's.
std::size_t r50k_piece(const Scanner& sc, std::size_t i) {
  const Char c = sc.at(i);
  if (sc.byte(i) == '\'') {
    const std::size_t e = sc.contraction(i, /*fold_case=*/false);
    if (e != i) return e;
  }
  // " ?X+" for X in L, N, [^\s L N]: the optional space is taken only if X+ can follow it;
  // otherwise the branch retries without the space, where ' ' (a \s) cannot start X+.
  if (sc.byte(i) == ' ' && i + 1 < sc.size()) {
    const Char d = sc.at(i + 1);
    if (d.flags & kLetter) return sc.run_any(i + 1, kLetter);
    if (d.flags & kNumber) return sc.run_any(i + 1, kNumber);
    if (!(d.flags & kLNS)) return sc.run_none(i + 1, kLNS);
  }
  if (c.flags & kLetter) return sc.run_any(i, kLetter);
  if (c.flags & kNumber) return sc.run_any(i, kNumber);
  if (!(c.flags & kSpace)) return sc.run_none(i, kLNS);
  return sc.whitespace(i, /*newline_rule=*/false);
}

std::size_t cl100k_piece(const Scanner& sc, std::size_t i) {
  const Char c = sc.at(i);
  if (sc.byte(i) == '\'') {
    const std::size_t e = sc.contraction(i, /*fold_case=*/true);
    if (e != i) return e;
  }
  // [^\r\n\p{L}\p{N}]?\p{L}+ : a letter run, optionally after one character that is not
  // \r, \n, a letter or a number (a space, a tab, punctuation, a mark...).
  if (c.flags & kLetter) return sc.run_any(i, kLetter);
  const std::size_t after = i + c.len;
  if (!(c.flags & (kNumber | kCrLf)) && after < sc.size() && (sc.at(after).flags & kLetter)) {
    return sc.run_any(after, kLetter);
  }
  if (c.flags & kNumber) return sc.up_to_three_numbers(i);
  // " ?[^\s\p{L}\p{N}]+[\r\n]*"
  if (sc.byte(i) == ' ' && after < sc.size() && !(sc.at(after).flags & kLNS)) {
    return sc.run_any(sc.run_none(after, kLNS), kCrLf);
  }
  if (!(c.flags & kSpace)) return sc.run_any(sc.run_none(i, kLNS), kCrLf);
  return sc.whitespace(i, /*newline_rule=*/true);
}

// o200k's letter branch A, [^\r\n\p{L}\p{N}]?U*W+ without the prefix and suffix, from s:
// U* first takes the whole U run; if a W follows, W+ takes the W run after it. If not, the
// engine backs U* off one character at a time until W+ can match, which succeeds right after
// the last character of the U run that is also W (Lm, Lo or a mark); with none, the branch fails.
std::size_t o200k_letters_a(const Scanner& sc, std::size_t s) {
  std::size_t u = s, after_last_w = kNoMatch;
  while (u < sc.size()) {
    const Char d = sc.at(u);
    if (!(d.flags & kUpperish)) break;
    u += d.len;
    if (d.flags & kLowerish) after_last_w = u;
  }
  if (u < sc.size() && (sc.at(u).flags & kLowerish)) return sc.run_any(u, kLowerish);
  return after_last_w;
}

// Branch B, U+W*, from s: needs one U, then both runs greedily (nothing forces a back-off).
std::size_t o200k_letters_b(const Scanner& sc, std::size_t s) {
  if (s >= sc.size() || !(sc.at(s).flags & kUpperish)) return kNoMatch;
  return sc.run_any(sc.run_any(s, kUpperish), kLowerish);
}

std::size_t o200k_piece(const Scanner& sc, std::size_t i) {
  const Char c = sc.at(i);
  const std::size_t after = i + c.len;
  // The optional prefix [^\r\n\p{L}\p{N}]? is tried consumed first, then empty; branch A
  // (both ways) before branch B (both ways). A mark is both a possible prefix and a U/W letter,
  // which is why the empty-prefix retries matter.
  const bool can_prefix = !(c.flags & (kLetter | kNumber | kCrLf)) && after < sc.size();
  std::size_t e = kNoMatch;
  if (can_prefix) e = o200k_letters_a(sc, after);
  if (e == kNoMatch) e = o200k_letters_a(sc, i);
  if (e == kNoMatch && can_prefix) e = o200k_letters_b(sc, after);
  if (e == kNoMatch) e = o200k_letters_b(sc, i);
  if (e != kNoMatch) return sc.contraction(e, /*fold_case=*/true);
  if (c.flags & kNumber) return sc.up_to_three_numbers(i);
  // " ?[^\s\p{L}\p{N}]+[\r\n/]*"
  if (sc.byte(i) == ' ' && after < sc.size() && !(sc.at(after).flags & kLNS)) {
    return sc.run_any(sc.run_none(after, kLNS), kCrLf | kSlash);
  }
  if (!(c.flags & kSpace)) return sc.run_any(sc.run_none(i, kLNS), kCrLf | kSlash);
  return sc.whitespace(i, /*newline_rule=*/true);
}

}  // namespace

std::size_t piece_end(PretokenizePattern pattern, std::string_view text, std::size_t begin) {
  const Scanner sc(text);
  switch (pattern) {
    case PretokenizePattern::kR50k: return r50k_piece(sc, begin);
    case PretokenizePattern::kCl100k: return cl100k_piece(sc, begin);
    case PretokenizePattern::kO200k: return o200k_piece(sc, begin);
  }
  return text.size();
}

std::vector<std::string_view> split_pieces(PretokenizePattern pattern, std::string_view text) {
  std::vector<std::string_view> pieces;
  for (std::size_t p = 0; p < text.size();) {
    const std::size_t e = piece_end(pattern, text, p);
    pieces.push_back(text.substr(p, e - p));
    p = e;
  }
  return pieces;
}

namespace {
constexpr std::string_view kRegexes[] = {
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)",
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)",
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?)"
    R"(|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?)"
    R"(|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)",
};
constexpr PretokenizePattern kPatterns[] = {PretokenizePattern::kR50k, PretokenizePattern::kCl100k,
                                            PretokenizePattern::kO200k};
}  // namespace

std::string_view pattern_regex(PretokenizePattern pattern) {
  for (std::size_t i = 0; i < std::size(kPatterns); ++i) {
    if (kPatterns[i] == pattern) return kRegexes[i];
  }
  return {};
}

std::optional<PretokenizePattern> pattern_for_regex(std::string_view regex) {
  for (std::size_t i = 0; i < std::size(kPatterns); ++i) {
    if (kRegexes[i] == regex) return kPatterns[i];
  }
  return std::nullopt;
}

}  // namespace winnow::tokenizer
