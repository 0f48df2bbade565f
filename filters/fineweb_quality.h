// FineWeb quality (Penedo et al. 2024), exactly as datatrove v0.10's FineWebQualityFilter decides it.
//
// lines = text.split("\n") without the lines that are only whitespace. Rules in this order:
//   fineweb_empty              no line left
//   fineweb_line_punct_ratio   lines ending (no stripping) with a datatrove TERMINAL_PUNCTUATION character
//                              / lines < line_punct_thr (0.12); with line_punct_exclude_zero (false) a ratio of 0
//                              passes
//   fineweb_short_line_ratio   lines of at most short_line_length (30) code points / lines > short_line_thr (0.67)
//   fineweb_char_dup_ratio     characters of lines repeating an earlier line / len(text without "\n")
//                              > char_duplicates_ratio (0.01)
//   fineweb_list_ratio         count of "\n" in the text / words > new_line_ratio (0.3)
// (datatrove v0.10 reads "terminal punctuation" as its TERMINAL_PUNCTUATION set, which has no quote marks.)
#pragma once

#include <memory>
#include <string>

#include "filters/rule_config.h"
#include "src/pipeline/stages.h"

namespace winnow::filters {

class TextAnalysis;

struct FineWebQualityConfig {
  Threshold line_punct_thr = 0.12;
  bool line_punct_exclude_zero = false;
  Threshold short_line_thr = 0.67;
  double short_line_length = 30;
  Threshold char_duplicates_ratio = 0.01;
  Threshold new_line_ratio = 0.3;

  static FineWebQualityConfig from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path);
};

struct FineWebQualitySignals {
  std::size_t lines = 0;  // non-blank lines
  double line_punct_ratio = 0, short_line_ratio = 0, char_dup_ratio = 0, list_ratio = 0;
};

// Measures the signals; the word-based one (list_ratio) only when `need_words` (it is the costly one).
FineWebQualitySignals measure_fineweb_quality(const TextAnalysis& text, bool need_words);
Verdict decide_fineweb_quality(const TextAnalysis& text, const FineWebQualityConfig& config);

// annotate_only: keep every document, write its signals to winnow_signals.fineweb_quality (filters/annotation.h);
// "fineweb_empty" there is the number of non-blank lines.
std::unique_ptr<Filter> make_fineweb_quality_filter(FineWebQualityConfig config, bool annotate_only = false);

}  // namespace winnow::filters
