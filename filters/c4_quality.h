// C4 quality (Raffel et al. 2020), exactly as datatrove v0.10's C4QualityFilter decides it. It rewrites the text:
// the lines it keeps, joined by "\n".
//
// For each line of str.splitlines(), stripped (Unicode whitespace), with words = line.split():
//   1. a word longer than max_word_length (1000) code points       -> line removed
//   2. citations removed: "[" digits "]", "[edit]", "[citation needed]" (if remove_citations)
//   3. not ending in . ? ! " ' , or ending in "..."                 -> line removed (filter_no_terminal_punct)
//   4. fewer than min_words_per_line words (counted before step 2)  -> line removed
//   5. contains "lorem ipsum" (case-insensitive)                    -> document dropped: c4_lorem_ipsum
//   6. contains "javascript" (case-insensitive)                     -> line removed (filter_javascript)
//   7. contains "{"                                                 -> document dropped: c4_curly_bracket
//   8. contains a policy phrase (terms of use, privacy policy, cookie policy, uses cookies, use of cookies,
//      use cookies; case-insensitive)                              -> line removed (filter_policy)
//   otherwise the line is kept and its Punkt sentences are counted (at least 1 per line).
// Then fewer than min_num_sentences sentences -> c4_too_few_sentences; else the text becomes the kept lines
// joined by "\n", stripped. Presets: `datatrove` (default: 3 words per line, 5 sentences) and `c4` (the
// original C4 code: 5 words per line, 3 sentences). Only line splitting (datatrove's split_paragraph=True) is
// offered.
#pragma once

#include <memory>
#include <string>

#include "filters/rule_config.h"
#include "src/pipeline/stages.h"

namespace winnow::filters {

struct C4QualityConfig {
  bool remove_citations = true;
  bool filter_no_terminal_punct = true;
  Threshold min_num_sentences = 5;
  Threshold min_words_per_line = 3;
  Threshold max_word_length = 1000;
  bool filter_lorem_ipsum = true;
  bool filter_javascript = true;
  bool filter_curly_bracket = true;
  bool filter_policy = true;

  // Reads `filters.c4_quality`: `preset` (datatrove | c4) first, then any key above overrides it.
  static C4QualityConfig from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path);
};

// What C4 did to a text: the decision, the rewritten text, and counts for stats.json.
struct C4QualityResult {
  Verdict verdict;
  std::string text;  // the rewritten text (meaningful when kept)
  std::size_t sentences = 0;
  std::size_t lines = 0, kept_lines = 0;
  std::size_t removed_too_long_word = 0, removed_no_terminal_punct = 0, removed_too_few_words = 0,
              removed_javascript = 0, removed_policy = 0;
};

// count_every_sentence = false: stop counting sentences once min_num_sentences is reached (Punkt on every kept
// line was C4's largest cost); the decision and text are the same, `sentences` is then only "at least the
// minimum". The filter does this when it is not annotating.
C4QualityResult apply_c4_quality(std::string_view text, const C4QualityConfig& config,
                                 bool count_every_sentence = true);

// annotate_only: keep every document WITHOUT rewriting its text, and write what C4 measured (sentences, lines it
// would remove, by rule) to winnow_signals.c4_quality (filters/annotation.h).
std::unique_ptr<Filter> make_c4_quality_filter(C4QualityConfig config, bool annotate_only = false);

}  // namespace winnow::filters
