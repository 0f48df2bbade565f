// Language identification with CLD2 (Compact Language Detector 2, Debian's libcld2): labels each document with
// its language and, optionally, keeps only some languages.
//
//   filters:
//     language_id:
//       keep_languages: [en, de]   # default []: every language passes this rule
//       min_score: 0.5             # drop when language_score < this (0 / null: off)
//       label_only: false          # true: label, never drop (also when filters.annotate_only is true)
//
// What is written, into every document that reaches this filter (doc.added_metadata, so into the output record):
//   "language":       CLD2's language code for the document as a whole (ISO 639-1 where there is one: "en",
//                     "de", "ja"; "zh" simplified and "zh-Hant" traditional Chinese; ISO 639-2 or CLD2's own for
//                     a few; "un" when CLD2 finds no language: empty or very short text, digits and symbols only)
//   "language_score": the share of the document's letters (CLD2's "text bytes": letters, without markup,
//                     digits or punctuation) that CLD2 assigned to that language, in 0..1 (CLD2's percent / 100).
//                     It is NOT a probability: clean one-language text scores ~0.95-0.99; "un" scores 0.
//                     The language is CLD2's summary language, which is not always the largest share: CLD2
//                     prefers another reliable language over English (English boilerplate on non-English pages),
//                     so a text 61% English and 38% German is labelled "de" with score 0.38.
// CLD2 runs on the text as plain text (no HTML tag skipping), with no hints, as ExtDetectLanguageSummary.
//
// Rules (reason `language_not_kept`, fields "language", "value": the score, "min": min_score, and "keep": the
// list when the language is not in it):
//   - keep_languages non-empty and the language not in it (a code with a region matches its base: "zh-Hant"
//     is kept by "zh");
//   - language_score < min_score.
// stats.json: documents per language, drops per cause, documents CLD2 called unreliable.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "src/config/yaml_values.h"
#include "src/pipeline/stages.h"

namespace winnow::filters {

struct LanguageIdConfig {
  std::vector<std::string> keep_languages;  // empty: no language rule
  double min_score = 0.5;                   // 0 / null: the score rule is off
  bool label_only = false;

  static LanguageIdConfig from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path);
};

struct LanguageGuess {
  std::string code;     // see "language" above
  double score = 0;     // see "language_score" above
  bool reliable = false;  // CLD2's own is_reliable
  int cld2_language = 0;  // the CLD2::Language number (for counting without a name lookup)
};

// CLD2 on `text` (valid UTF-8; an invalid tail is ignored). Thread-safe.
LanguageGuess identify_language(std::string_view text);

std::unique_ptr<Filter> make_language_id_filter(const LanguageIdConfig& config, bool annotate_only = false);

}  // namespace winnow::filters
