// ICU's Chinese/Japanese word dictionary (`cjdict`) and the segmentation of a run of Han/kana characters that
// ICU 72's CjkBreakEngine computes with it, reimplemented for speed (filters/cjk_words.h uses it for the
// dictionary runs of a text; docs/FILTERS.md "CJK: word splitting").
//
// The dictionary is ICU's own data, opened through ICU's public data API (udata_open of the break-iterator
// item "cjdict.dict"): a header of int32 indexes, then a UCharsTrie that maps each word (UTF-16) to a cost,
// lower for likelier words. The segmentation of a run of code points c[0..n) is ICU's dynamic program:
//   - from each position i, every dictionary word that starts there (at most 20 UTF-16 units long; a
//     character outside the BMP never matches) is a candidate with its cost;
//   - if no dictionary word of one character starts at i, the single character c[i] is a candidate of cost
//     255 (an unknown character);
//   - at the first character of a run of Katakana (U+30A1..U+30FE but U+30FB, U+FF66..U+FF9F), the whole run
//     is a candidate if it is shorter than 20, costing by its length 8192, 984, 408, 240, 204, 252, 300, 372,
//     480 for 0..8 and 8192 beyond;
//   - the segmentation of least total cost wins; ties go to the candidate met first (positions in order, at a
//     position shorter words first, the Katakana run last), as ICU's strict "<" does.
// ICU normalizes a run to NFKC first when it is not normalized; the caller only hands over runs that are
// (filters/cjk_words.cpp: every character NFKC_QC=Yes with combining class 0), so no normalization here.
//
// Speed: ICU spends half its word-break time walking the trie from its root, whose first branch is a
// search among thousands of first characters. Here the trie state after each BMP first character is kept in
// a table built at load time, so a walk starts one character in; after each pair of first characters too
// (a small hash table per first character); and after each three-character prefix (a short sorted run of
// third characters per pair, each holding where the trie walk goes on), so a walk starts three characters in.
// ICU's trie is only walked for the fourth character on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace winnow::filters {

class CjkDictionary {
 public:
  // The process's dictionary, loaded on first use (thread-safe). Throws Error if ICU's data lacks cjdict.
  static const CjkDictionary& instance();

  // Replaces `word_ends` with the end (1..n, increasing, the last one n) of each word of the best
  // segmentation of run[0..n). REQUIRES: n > 0; the run NFKC-normalized.
  void segment(const char32_t* run, std::size_t n, std::vector<std::uint32_t>& word_ends) const;

  // Where the trie walk goes on after a word's first three characters: in the third character's step (ICU's
  // State members mirrored, checked at load; the fast way) or in a table of ICU States (used when the check
  // fails). Public so
  // that tests can build each way and compare them; the process's instance() takes the first.
  enum class TrieStates { in_slots_when_possible, in_table };
  explicit CjkDictionary(TrieStates states);
  bool trie_states_in_slots() const;  // the load-time check passed (false: the slower table)

  CjkDictionary(const CjkDictionary&) = delete;
  CjkDictionary& operator=(const CjkDictionary&) = delete;
  ~CjkDictionary();

 private:
  struct Data;
  Data* data_;
};

}  // namespace winnow::filters
