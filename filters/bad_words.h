// Bad words: drops a document that contains terms from bad-word lists, matched with RE2::Set (one pass over the
// text per list, linear time, no backtracking). Two kinds of lists, usable together:
//
//   filters:
//     bad_words:
//       lists: [en, de, ja]           # LDNOOBW lists by language (scripts/fetch-filter-data), or `all`
//       lists_dir: PATH               # default: the fetched lists (see default_lists_dir)
//       default_language: en          # for documents without a language
//       list_allowlist: {ja: [sm, グロ, 女の子], zh: [性]}   # entries taken out of those lists (the default)
//       words_file: lists/en.txt      # your own literal terms, one per line, for every document
//       regex_file: lists/extra.txt   # your own RE2 patterns, one per line, for every document
//       allow_file: lists/allow.txt   # words whose inner occurrences of a substring term do not count
//       min_matched_terms: 1          # drop when at least this many distinct terms match
//
// Language lists (C4 / datatrove C4BadWordsFilter semantics): a document is checked against the list of its
// language only. Its language is doc.added_metadata["language"] (written by language_id, a JSON string), else
// the record's own top-level "language" string, else default_language. A code without a list is tried without
// its region ("zh-Hant" -> "zh"); still none: the language lists do not apply (counted per code). The lists of
// ja, zh, ko and th match every entry as a substring (those languages do not put spaces between words), the
// others match each entry as a whole word (below). list_allowlist entries are removed from their language's
// list, as datatrove removes words that are common parts of ordinary words.
//
// Your own files are UTF-8, one entry per line; surrounding whitespace is trimmed; blank lines and lines
// starting with "#" are skipped (LDNOOBW lists: the same, without the "#" rule). Relative paths are relative to
// the config file's folder. Matching is case-insensitive (RE2's Unicode simple case folding).
//   - A words_file term written in a script without spaces between words (Han, Hiragana, Katakana, Hangul,
//     Thai, Lao, Khmer, Myanmar: any such character in it) matches as a substring, except inside an occurrence
//     of an allow_file word: allow-list words are found first (leftmost-longest) and hide the characters they
//     cover (this masking applies to the substring entries of the language lists too).
//   - Any other term matches as a whole word: the characters on either side are not letters, digits, combining
//     marks or "_" (Unicode classes; RE2's own \b is ASCII-only).
//   - A regex_file pattern matches anywhere in the text, as written (add boundaries yourself).
// Reason `bad_words`, fields: "value": distinct terms matched, "min": min_matched_terms, "terms": the first
// ten matched entries as written in their files (your lists first, then the language's), and "language" when
// language lists are configured. Annotate-only: winnow_signals.bad_words.bad_words.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "src/config/yaml_values.h"
#include "src/pipeline/stages.h"

namespace winnow::filters {

struct BadWordsConfig {
  std::string words_file, regex_file, allow_file;  // "" = none; at least one of words_file/regex_file/lists
  double min_matched_terms = 1;                     // 0 / null: never drop (annotation still counts)
  std::vector<std::string> lists;                   // language codes (file stems in lists_dir); {"all"} = every list
  std::string lists_dir;                            // "" = default_lists_dir()
  std::string default_language = "en";
  std::map<std::string, std::vector<std::string>> list_allowlist = datatrove_list_allowlist();

  // datatrove's allow-list: entries that are common parts of ordinary words in these languages.
  static std::map<std::string, std::vector<std::string>> datatrove_list_allowlist();

  static BadWordsConfig from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path);
};

// Where `scripts/fetch-filter-data` puts the LDNOOBW lists: $WINNOW_FILTER_DATA_DIR/naughty-words if that is
// set, else .cache/filter-data/naughty-words when the current directory has one (the repository root), else
// that folder in the checkout winnow was built from.
std::string default_lists_dir();

// The languages whose lists match entries as substrings (written without spaces between words).
bool is_unspaced_language(std::string_view language);

// Reads and compiles the lists. Throws Error naming the list file and line for an unreadable file or a
// pattern RE2 refuses.
std::unique_ptr<Filter> make_bad_words_filter(const BadWordsConfig& config, bool annotate_only = false);

}  // namespace winnow::filters
