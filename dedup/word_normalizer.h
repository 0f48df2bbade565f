// The MinHash normalization: text -> a sequence of normalized words. One definition, used for shingles and,
// with `exact_normalization: minhash`, for exact duplicates.
//
// datatrove mode reproduces datatrove's simplify_text (src/datatrove/utils/text.py, default TextNormConfig)
// followed by splitting at whitespace. (datatrove then splits with a language's word tokenizer, for English
// spaCy's, which on simplified text still splits a few forms such as "cannot" -> "can not" or "dont" ->
// "do nt"; winnow does not: docs/DEDUP.md says what that changes.) Applied in datatrove's order:
//   1. lowercase (Python str.lower: full mappings, final sigma)
//   2. every match of \p{Nd}+([.,،٫⎖⎗⎘]\p{Nd}+)? becomes "0"   ("3.14" -> "0", "v1.2.3" -> "v0 0")
//   3. the characters of datatrove's PUNCTUATION string (ASCII punctuation, controls, some CJK and
//      typographic marks) become spaces
//   4. whitespace runs collapse (words are what lies between them)
//   5. canonical decomposition (NFD), then nonspacing marks (Mn) are removed ("é" -> "e", "한" -> jamo)
// fast mode differs in three places: every punctuation (P*), symbol (S*) and control (Cc) character separates
// words, format characters (Cf) vanish, and each letter of a script written without spaces (Han, kana,
// Bopomofo, Thai, Lao, Khmer, Myanmar) is a word of its own, so that n-grams over it are character n-grams.
//
// Character facts come from generated tables pinned to one Unicode version (normalization_tables.h).
// Known differences from Python, all on text that is vanishingly rare: canonical reordering of adjacent
// spacing marks with a combining class (NFD would reorder two viramas; this keeps input order), and the
// regex module's Unicode version for \p{Nd} (digits added after the pinned version are not digits here).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::dedup {

enum class WordMode { datatrove, fast };

// Normalized words, stored joined by single spaces so that any run of consecutive words (an n-gram, as
// datatrove joins it: " ".join(words)) is one contiguous slice of `text`.
struct NormalizedWords {
  std::string text;
  std::vector<std::uint32_t> starts;  // byte offset of each word in text
  std::size_t no_space_script_words = 0;  // fast mode: words that are one CJK/Thai/... letter

  std::size_t size() const { return starts.size(); }
  // Words first .. first + count - 1 joined by single spaces. REQUIRES: first + count <= size(), count > 0.
  std::string_view join(std::size_t first, std::size_t count) const {
    const std::size_t end = first + count < starts.size() ? starts[first + count] - 1 : text.size();
    return std::string_view(text).substr(starts[first], end - starts[first]);
  }
  std::string_view word(std::size_t index) const { return join(index, 1); }
  void clear() {
    text.clear();
    starts.clear();
    no_space_script_words = 0;
  }
};

// Fills `out` (cleared first, capacity kept). REQUIRES: text is valid UTF-8.
void normalize_words(std::string_view text, WordMode mode, NormalizedWords& out);

}  // namespace winnow::dedup
