// Punkt sentence boundaries, decided exactly as NLTK 3.8's PunktSentenceTokenizer decides them.
//
// datatrove's English word tokenizer is NLTK's word_tokenize: Punkt splits the text into sentences, then the
// Treebank rules split each sentence into words (filters/treebank.h). Punkt matters to words because the
// Treebank rules split a period off only at the end of a sentence ("went." at a sentence end gives "went" and
// ".", inside a sentence it stays "went.").
//
// What is reproduced (NLTK 3.8, nltk/tokenize/punkt.py, realign_boundaries=True): candidate ends are '.', '?'
// and '!' followed by non-word punctuation or by whitespace and a token; each candidate's context (the word
// before it and the token after it) is split with Punkt's word regex and annotated by the first pass (sentence
// ends, ellipses, known abbreviations) and the second pass (collocations, the orthographic heuristic, sentence
// starters, initials and numbers); closing quotes and brackets after a break are moved into the sentence.
//
// What can differ from datatrove: NLTK's trained English model (english.pickle: about 150 abbreviations,
// collocations, sentence starters and the orthographic contexts of some 20,000 word types learned from the WSJ)
// is data that these machines cannot fetch. winnow's default parameters are the documented abbreviation list of
// PunktParameters::english_default() with no collocations, no sentence starters and no orthographic contexts.
// With an empty orthographic table, an abbreviation followed by a capitalised word is never a sentence break
// (the trained model sometimes breaks there, e.g. "etc. The") and an initial ("J.") is never one. Word types
// are lowercased like Python for ASCII (and KELVIN SIGN); other letters are compared as they are.
#pragma once

#include <optional>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <functional>
#include <utility>
#include <vector>

namespace winnow::filters {

// A sentence or word as [begin, end) byte offsets into the text it came from.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// NLTK's PunktParameters: what a trained model knows. Word types are lowercase, abbreviations without their
// final period ("e.g", "mr").
struct PunktParameters {
  // Looked up by string_view without building a std::string (heterogeneous lookup, C++20).
  struct TypeHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_set<std::string, TypeHash, std::equal_to<>> abbrev_types;
  std::set<std::pair<std::string, std::string>> collocations;
  std::unordered_set<std::string> sent_starters;
  std::unordered_map<std::string, int> ortho_context;  // NLTK's _ORTHO_* bit flags per word type

  // The default English parameters: the abbreviation list documented in docs/FILTERS.md, nothing else.
  static PunktParameters english_default();

  // abbrev_types holds `type` (a lowercase word without its final period).
  bool is_abbreviation(std::string_view type) const { return find_abbreviation<false>(type); }
  // is_abbreviation of `word` with ASCII A-Z lowercased (other bytes as they are), without a lowercased copy.
  bool is_abbreviation_ascii_lowercased(std::string_view word) const { return find_abbreviation<true>(word); }
  // Called by the splitter that takes these parameters, once abbrev_types is final: the two lookups above then
  // skip longer words unlooked and find words of up to 7 bytes in a small table of 64-bit keys (no string hash;
  // Punkt asks about nearly every word before a period).
  void index_abbreviations();
  std::size_t longest_abbreviation = 0;

 private:
  template <bool kLowercaseAscii>
  bool find_abbreviation(std::string_view word) const;
  // Open addressing, linear probing; a key is the word's bytes and (length + 1) << 56, so never 0 (empty).
  std::vector<std::uint64_t> short_abbreviation_keys_;
};

class PunktSentenceSplitter {
 public:
  // shortcuts = false: every candidate is decided by contains_sentence_break (the reference path the tests
  // compare split() and count_sentences() against); the decisions are the same either way.
  explicit PunktSentenceSplitter(PunktParameters parameters, bool shortcuts = true)
      : params_(std::move(parameters)), shortcuts_(shortcuts) {
    params_.index_abbreviations();
    plain_parameters_ =
        params_.collocations.empty() && params_.sent_starters.empty() && params_.ortho_context.empty();
  }

  // Replaces `out` with the sentence spans of `text`, as NLTK's span_tokenize gives them (never empty spans;
  // no trailing whitespace; only the first may start with whitespace). REQUIRES: text is valid UTF-8.
  void split(std::string_view text, std::vector<Span>& out) const;

  // Number of sentences, as datatrove's split_into_sentences counts them: at least 1, even for empty text.
  // With at_most: min(that number, at_most), and the text is read only until at_most sentences are certain
  // (C4 stops counting at its minimum). REQUIRES: at_most >= 1.
  std::size_t count_sentences(std::string_view text, std::size_t at_most = SIZE_MAX) const;

  // NLTK's text_contains_sentbreak: true when a token other than the last of `context` ends a sentence.
  bool contains_sentence_break(std::string_view context) const;

  // The shortcut split() takes for the common candidate "word. Next": true when `word` is two or more ASCII
  // letters, not an abbreviation, and there are no collocations. Then for any context `word` + "." +
  // whitespace + a token, or `word` + "." + one of Punkt's non-word characters ) " ; } ] * : @ ' ( { [ ? !
  // (which end the word token "word."), contains_sentence_break is true (Punkt's first pass marks "word." a
  // sentence break and, with no collocations, for a non-initial non-number nothing in the second pass undoes
  // it), so the context is not built or tokenized. False: no shortcut (the caller asks contains_sentence_break).
  bool breaks_after_plain_word(std::string_view word) const;

  // The shortcut split() takes for "word. next" where `next` (the whole token after the whitespace) starts
  // with an ASCII lowercase letter and holds no '.', '?' or '!' (so none of its Punkt tokens can end a
  // sentence: "more", "she'll", "their,"): when `word` is ASCII letters with single periods between them ("Mr",
  // "a.m", "J") or ASCII digits, and there are no collocations, sentence starters or orthographic contexts,
  // returns contains_sentence_break(word + "." + whitespace + next) without building the context: a break
  // unless the word is an abbreviation, an initial (one letter) or a number, which the orthographic heuristic
  // keeps unbroken before a lowercase word. nullopt: no shortcut.
  std::optional<bool> break_before_lowercase_word(std::string_view word, std::string_view next) const;

  // The shortcut for a period that continues a run ("so..", "wait." before the candidate's period): true when
  // the parameters are plain (see plain_sentence_break), `word` is ASCII letters and digits then one or more
  // periods, and `next` (the token after the whitespace, or empty when a non-word character follows the
  // period) holds no '.', '?' or '!'. Then contains_sentence_break(word + "." + what follows) is false: the
  // letters are a token that is not period-final, the period run an ellipsis or a token ending in "..", which
  // the first pass never marks and plain parameters' second pass never breaks, and next's tokens cannot end a
  // sentence. False: no shortcut.
  bool no_break_after_period_run(std::string_view word, std::string_view next) const;

  // contains_sentence_break(context) computed without word types, for plain parameters (no collocations,
  // sentence starters or orthographic contexts, as the default's) and an ASCII context: the two passes then
  // reduce to a rule on each token and the one after it (punkt.cpp states it). split() asks this for the
  // candidates the shortcuts above leave. nullopt: other parameters, or a byte >= 0x80 in the context.
  std::optional<bool> plain_sentence_break(std::string_view context) const;

 private:
  // split() and count_sentences(): the sentence spans into `out` (when not null), stopping once at_most are
  // certain; returns how many (at most at_most).
  std::size_t split_until(std::string_view text, std::vector<Span>* out, std::size_t at_most) const;
  // Whether the candidate at text[mark] ends a sentence, decided from its context (the shortcuts that need the
  // token after the mark, plain_sentence_break, then contains_sentence_break); its word starts at word_begin,
  // next_tok is where the token after the whitespace starts (npos when a non-word character follows the mark).
  bool context_breaks(std::string_view text, std::size_t word_begin, std::size_t mark, std::size_t next_tok) const;

  PunktParameters params_;
  bool shortcuts_ = true;
  bool plain_parameters_ = false;
};

// The shared default English splitter (built once; thread-safe to use).
const PunktSentenceSplitter& english_punkt();

}  // namespace winnow::filters
