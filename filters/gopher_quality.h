// Gopher quality (Rae et al. 2021, appendix A), exactly as datatrove v0.10's GopherQualityFilter decides it.
//
// Words are datatrove's English words (filters/words.h); "symbol words" are words made only of datatrove's
// PUNCTUATION_SET characters; lengths are Python len() (code points). Rules, in this order; the first that fails
// drops the document under its reason:
//   gopher_short_doc / gopher_long_doc        non-symbol words < min_doc_words (50) / > max_doc_words (100000)
//   gopher_below_avg_threshold / ..._above_.. mean length of non-symbol words < 3 / > 10 (mean, not median)
//   gopher_too_many_hashes                    count of '#' in the text / words > max_symbol_word_ratio (0.1)
//   gopher_too_many_ellipsis                  ("..." + "…" occurrences) / words > max_symbol_word_ratio (0.1)
//   gopher_too_many_bullets                   lines (str.splitlines) starting, after leading whitespace, with
//                                             "•" or "-" / lines > max_bullet_lines_ratio (0.9)
//   gopher_too_many_end_ellipsis              lines ending, before trailing whitespace, with "..." or "…"
//                                             / lines > max_ellipsis_lines_ratio (0.3)
//   gopher_below_alpha_threshold              words with an alphabetic character / words < max_non_alpha_words_ratio
//                                             (0.8; datatrove's name, it is a minimum)
//   gopher_enough_stop_words                  distinct stop words present (case-sensitive) < min_stop_words (2);
//                                             stop words: the be to of and that have with
// "words" in the ratios counts every word, symbol words included (as datatrove does). A ratio whose
// denominator is 0 is 0, and a mean of no words breaks no rule (datatrove divides by zero there).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "filters/rule_config.h"
#include "src/pipeline/stages.h"

namespace winnow::filters {

class TextAnalysis;

struct GopherQualityConfig {
  Threshold min_doc_words = 50;
  Threshold max_doc_words = 100000;
  Threshold min_avg_word_length = 3;
  Threshold max_avg_word_length = 10;
  Threshold max_symbol_word_ratio = 0.1;
  Threshold max_bullet_lines_ratio = 0.9;
  Threshold max_ellipsis_lines_ratio = 0.3;
  Threshold max_non_alpha_words_ratio = 0.8;
  Threshold min_stop_words = 2;
  std::vector<std::string> stop_words = {"the", "be", "to", "of", "and", "that", "have", "with"};

  // Reads `filters.gopher_quality` (keys named as above, plus stop_words).
  static GopherQualityConfig from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path);
};

// Every signal the rules compare, for the decision and for annotation.
struct GopherQualitySignals {
  std::size_t words = 0;
  std::size_t non_symbol_words = 0;
  double mean_word_length = 0;  // over non-symbol words; 0 when there are none
  double hash_ratio = 0;
  double ellipsis_ratio = 0;
  double bullet_lines_ratio = 0;
  double end_ellipsis_lines_ratio = 0;
  double alpha_words_ratio = 0;
  std::size_t stop_words = 0;  // distinct
};

GopherQualitySignals measure_gopher_quality(const TextAnalysis& text, const GopherQualityConfig& config);
Verdict decide_gopher_quality(const GopherQualitySignals& s, const GopherQualityConfig& config);

// annotate_only: keep every document and write its signals to winnow_signals.gopher_quality (filters/annotation.h).
std::unique_ptr<Filter> make_gopher_quality_filter(GopherQualityConfig config, bool annotate_only = false);

}  // namespace winnow::filters
