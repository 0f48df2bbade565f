// Gopher repetition (Rae et al. 2021, table A1), exactly as datatrove v0.10's GopherRepetitionFilter decides it.
//
// Rules in this order (the first that fails drops the document); "chars" are code points and every character
// fraction is divided by len(text):
//   dup_para_frac / dup_para_char_frac     paragraphs = re.split("\n{2,}", text.strip()); repeats of an earlier
//                                          paragraph / paragraphs > 0.3; their characters / len(text) > 0.2
//   dup_line_frac / dup_line_char_frac     lines = re.split("\n+", text); same with 0.3 / 0.2
//   top_2_gram, top_3_gram, top_4_gram     the most frequent word n-gram (ties: the first seen), its characters
//                                          as " ".join(words) times its count / len(text) > 0.20, 0.18, 0.16
//   duplicated_5_n_grams .. _10_n_grams    walking the words, an n-gram ("".join, no spaces: datatrove v0.10's
//                                          definition) seen before adds its characters and skips n words, else
//                                          one word; total / len(text) > 0.15, 0.14, 0.13, 0.12, 0.11, 0.10
// N-grams are compared exactly (word sequences, joined bytes); hashes only find candidates (see the .cpp).
// Empty text keeps (datatrove divides by zero there).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "filters/rule_config.h"
#include "src/pipeline/stages.h"

namespace winnow::filters {

class TextAnalysis;

struct GopherRepetitionConfig {
  Threshold dup_line_frac = 0.3;
  Threshold dup_para_frac = 0.3;
  Threshold dup_line_char_frac = 0.2;
  Threshold dup_para_char_frac = 0.2;
  std::vector<std::pair<int, Threshold>> top_n_grams = {{2, 0.2}, {3, 0.18}, {4, 0.16}};
  std::vector<std::pair<int, Threshold>> dup_n_grams = {{5, 0.15}, {6, 0.14}, {7, 0.13},
                                                        {8, 0.12}, {9, 0.11}, {10, 0.10}};

  // Reads `filters.gopher_repetition`: the four fractions by name, and `top_n_grams` / `dup_n_grams` as maps
  // {n: fraction} that replace the defaults for the n they name (fraction 0 or null: that n is off).
  static GopherRepetitionConfig from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path);
};

struct GopherRepetitionSignals {
  double dup_para_frac = 0, dup_para_char_frac = 0, dup_line_frac = 0, dup_line_char_frac = 0;
  std::vector<double> top_n_gram_frac;  // parallel to config.top_n_grams
  std::vector<double> dup_n_gram_frac;  // parallel to config.dup_n_grams
};

GopherRepetitionSignals measure_gopher_repetition(const TextAnalysis& text, const GopherRepetitionConfig& config);
Verdict decide_gopher_repetition(const GopherRepetitionSignals& s, const GopherRepetitionConfig& config);

// annotate_only: keep every document, write its signals to winnow_signals.gopher_repetition (filters/annotation.h).
std::unique_ptr<Filter> make_gopher_repetition_filter(GopherRepetitionConfig config, bool annotate_only = false);

}  // namespace winnow::filters
