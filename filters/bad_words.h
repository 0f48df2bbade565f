// Bad words: drops a document that contains terms from user-supplied lists, matched with RE2::Set (one pass over
// the text for the whole list, linear time, no backtracking).
//
//   filters:
//     bad_words:
//       words_file: lists/en.txt      # literal terms, one per line
//       regex_file: lists/extra.txt   # RE2 patterns, one per line
//       allow_file: lists/allow.txt   # words whose inner occurrences of a substring term do not count
//       min_matched_terms: 1          # drop when at least this many distinct terms match
//
// Files are UTF-8, one entry per line; surrounding whitespace is trimmed; blank lines and lines starting with
// "#" are skipped. Relative paths are relative to the config file's folder. Matching is case-insensitive
// (RE2's Unicode simple case folding).
//   - A term written in a script without spaces between words (Han, Hiragana, Katakana, Hangul, Thai, Lao,
//     Khmer, Myanmar: any such character in it) matches as a substring, except inside an occurrence of an
//     allow-list word: allow-list words are found first (leftmost-longest) and hide the characters they cover.
//   - Any other term matches as a whole word: the characters on either side are not letters, digits, combining
//     marks or "_" (Unicode classes; RE2's own \b is ASCII-only).
//   - A regex_file pattern matches anywhere in the text, as written (add boundaries yourself).
// Reason `bad_words`, fields: "value": distinct terms matched, "min": min_matched_terms, "terms": the first
// ten matched entries as written in their files (list order). Annotate-only: winnow_signals.bad_words.bad_words.
#pragma once

#include <memory>
#include <string>

#include "src/config/yaml_values.h"
#include "src/pipeline/stages.h"

namespace winnow::filters {

struct BadWordsConfig {
  std::string words_file, regex_file, allow_file;  // "" = none; at least one of words_file/regex_file
  double min_matched_terms = 1;                     // 0 / null: never drop (annotation still counts)

  static BadWordsConfig from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path);
};

// Reads and compiles the lists. Throws Error naming the list file and line for an unreadable file or a
// pattern RE2 refuses.
std::unique_ptr<Filter> make_bad_words_filter(const BadWordsConfig& config, bool annotate_only = false);

}  // namespace winnow::filters
