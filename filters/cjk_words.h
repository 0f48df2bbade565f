// Words of CJK text: dictionary-based segmentation with ICU's word BreakIterator, and the rule that decides
// which splitter a document's words come from (`filters.word_split`, docs/FILTERS.md "Word splitting").
//
// NLTK's word_tokenize (filters/words.h) cuts at spaces and punctuation, so a Chinese or Japanese sentence
// comes out as one "word" dozens of characters long, and every word-based rule (Gopher's mean word length,
// word counts, repetition of word n-grams) measures nonsense. ICU's word break rules (UAX #29) use a
// dictionary for Han and Kana runs (ICU's cjdict) and spaces for Hangul, Latin and the rest.
//
//   nltk  every document through NLTK (datatrove's exact words; the default, so no decision changes unless
//         asked)
//   icu   every document through ICU
//   auto  ICU for a document whose CJK share (filters/cjk_script.h: CJK / non-whitespace characters) is at
//         least kAutoMinCjkShare, NLTK otherwise. A document without a byte >= 0xE1 is NLTK's at the cost of one
//         byte scan, so English decisions are those of `nltk`, bit for bit.
//
// The splitter in force is a per-thread setting that the filter wrapper of filters/language_overrides.h sets
// around each filter call (it knows the config and the document's language); TextAnalysis keys its cached
// words by it, so two filters asking with different settings never share words.
//
// ICU's words: every segment between two word boundaries that is not only whitespace, punctuation included
// (as NLTK keeps punctuation tokens). split_icu_words computes them with our own segmenter for the Han/kana
// runs (filters/cjk_dictionary.h: ICU 72's algorithm over ICU's dictionary) and ICU's iterator only for the
// spans it cannot settle; the words are the same as ICU's BreakIterator's over the whole text (tested against
// it, split_icu_words_with_break_iterator). Cost: ~65-105 MB/s of CJK text on one core against ICU's 15-17
// (bench/filters/cjk_bench.cpp, docs/FILTERS.md "CJK: word splitting").
#pragma once

#include <cstdint>
#include <string_view>

#include "filters/words.h"

namespace winnow::filters {

enum class WordSplit : std::uint8_t { kNltk, kIcu, kAuto };

inline constexpr WordSplit kDefaultWordSplit = WordSplit::kNltk;
inline constexpr double kAutoMinCjkShare = 0.3;

// "nltk" / "icu" / "auto"; parse returns false for anything else.
std::string_view word_split_name(WordSplit mode);
bool parse_word_split(std::string_view name, WordSplit& mode);

// The setting of this thread (kDefaultWordSplit unless a WordSplitScope is alive on it).
WordSplit current_word_split();

// Sets this thread's word split for its lifetime, restoring the previous one after.
class WordSplitScope {
 public:
  explicit WordSplitScope(WordSplit mode);
  ~WordSplitScope();
  WordSplitScope(const WordSplitScope&) = delete;
  WordSplitScope& operator=(const WordSplitScope&) = delete;

 private:
  WordSplit previous_;
};

// Whether `text`'s words come from ICU under `mode`.
bool uses_icu_words(std::string_view text, WordSplit mode);

// Replaces `out` with ICU's words of `text` (valid UTF-8). Thread-safe. The runs of Han and kana are
// segmented by filters/cjk_dictionary.h (ICU's dictionary and algorithm, our code), separators and spaces
// here, and what is left (Latin, digits, Hangul, emoji, combining marks, ...) by ICU's BreakIterator on that
// part only (docs/FILTERS.md "CJK: word splitting"); the words are those of
// split_icu_words_with_break_iterator.
void split_icu_words(std::string_view text, Words& out);

// ICU's word BreakIterator over the whole text: the reference split_icu_words is tested against (one
// BreakIterator per thread).
void split_icu_words_with_break_iterator(std::string_view text, Words& out);

}  // namespace winnow::filters
