#include "dedup/word_normalizer.h"

#include <array>

#include "dedup/normalization_tables.h"
#include "dedup/utf8.h"

namespace winnow::dedup {
namespace {

constexpr char32_t kCapitalSigma = 0x3A3;

// The separators datatrove's number pattern allows between two digit runs.
bool is_decimal_separator(char32_t cp) {
  return cp == '.' || cp == ',' || cp == 0x60C || cp == 0x66B || cp == 0x2396 || cp == 0x2397 || cp == 0x2398;
}

bool is_digit_at(std::string_view text, std::size_t i) {
  if (i >= text.size()) return false;
  const unsigned char byte = static_cast<unsigned char>(text[i]);
  if (byte < 0x80) return byte >= '0' && byte <= '9';
  return (facts_of(next_code_point(text, i)).flags & fact::digit) != 0;
}

// Moves i past one match of \p{Nd}+([.,،٫⎖⎗⎘]\p{Nd}+)?. REQUIRES: a digit starts at i.
void skip_number(std::string_view text, std::size_t& i) {
  while (is_digit_at(text, i)) next_code_point(text, i);
  if (i >= text.size()) return;
  std::size_t after = i;
  if (!is_decimal_separator(next_code_point(text, after)) || !is_digit_at(text, after)) return;
  i = after;
  while (is_digit_at(text, i)) next_code_point(text, i);
}

// Python's str.lower() maps capital sigma to final sigma (ς) when it ends a word: preceded by a cased letter
// and not followed by one (case-ignorable characters in between are skipped both ways).
bool is_final_sigma(std::string_view text, std::size_t start, std::size_t end) {
  std::size_t back = start;
  bool cased_before = false;
  while (back > 0) {
    const CodePointFacts& f = facts_of(previous_code_point(text, back));
    if (f.flags & fact::case_ignorable) continue;
    cased_before = (f.flags & fact::cased) != 0;
    break;
  }
  if (!cased_before) return false;
  std::size_t ahead = end;
  while (ahead < text.size()) {
    const CodePointFacts& f = facts_of(next_code_point(text, ahead));
    if (f.flags & fact::case_ignorable) continue;
    return (f.flags & fact::cased) == 0;
  }
  return true;
}

inline bool is_ascii_letter(unsigned char c) { return static_cast<unsigned>((c | 0x20) - 'a') < 26u; }

class WordBuilder {
 public:
  explicit WordBuilder(NormalizedWords& out) : out_(out) {}
  void append(std::string_view bytes) {
    if (bytes.empty()) return;
    open();
    out_.text.append(bytes);
  }
  void append(char byte) {
    open();
    out_.text.push_back(byte);
  }
  // Appends a run of ASCII letters, lowercased: one append and one pass instead of a call per byte.
  void append_ascii_letters(std::string_view run) {
    open();
    const std::size_t at = out_.text.size();
    out_.text.append(run);
    for (std::size_t k = at; k < out_.text.size(); ++k) {
      const unsigned char c = static_cast<unsigned char>(out_.text[k]);
      if (static_cast<unsigned>(c - 'A') < 26u) out_.text[k] = static_cast<char>(c + ('a' - 'A'));
    }
  }
  void close() { open_ = false; }

 private:
  void open() {
    if (open_) return;
    if (!out_.starts.empty()) out_.text.push_back(' ');
    out_.starts.push_back(static_cast<std::uint32_t>(out_.text.size()));
    open_ = true;
  }
  NormalizedWords& out_;
  bool open_ = false;
};

}  // namespace

void normalize_words(std::string_view text, WordMode mode, NormalizedWords& out) {
  out.clear();
  out.text.reserve(text.size());
  const std::uint8_t separator = mode == WordMode::datatrove ? fact::datatrove_sep : fact::fast_sep;
  const bool fast = mode == WordMode::fast;
  WordBuilder word(out);
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char byte = static_cast<unsigned char>(text[i]);
    // ASCII: every byte that is not a letter or digit separates words in both modes.
    if (byte < 0x80) {
      if (is_ascii_letter(byte)) {
        std::size_t end = i + 1;
        while (end < text.size() && is_ascii_letter(static_cast<unsigned char>(text[end]))) ++end;
        word.append_ascii_letters(text.substr(i, end - i));
        i = end;
      } else if (byte >= '0' && byte <= '9') {
        skip_number(text, i);
        word.append('0');
      } else {
        word.close();
        ++i;
      }
      continue;
    }
    const std::size_t start = i;
    const char32_t cp = next_code_point(text, i);
    const CodePointFacts& f = facts_of(cp);
    if (f.flags & fact::digit) {
      i = start;
      skip_number(text, i);
      word.append('0');
    } else if (f.flags & separator) {
      word.close();
    } else if (fast && (f.flags & fact::fast_drop)) {
      continue;
    } else if (cp == kCapitalSigma) {
      word.append(is_final_sigma(text, start, i) ? "\u03C2" : "\u03C3");
    } else if (fast && (f.flags & fact::cjk)) {
      word.close();
      word.append(f.flags & fact::mapped ? mapping_of(f) : text.substr(start, i - start));
      word.close();
      ++out.no_space_script_words;
    } else {
      word.append(f.flags & fact::mapped ? mapping_of(f) : text.substr(start, i - start));
    }
  }
}

}  // namespace winnow::dedup
