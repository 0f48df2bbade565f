// CJK quality: character-level rules for Chinese, Japanese and Korean text, where word-based rules measure
// the segmenter more than the text. Code points are counted as Python's len() counts them; "CJK" is
// filters/cjk_script.h's; "characters" in the n-gram rules are the text's code points that are not
// whitespace (str.isspace), in order, so line breaks and spaces do not hide a repetition.
//
// Rules, in this order; the first that fails drops the document under its reason:
//   cjk_char_ratio             CJK characters / non-whitespace characters < min_cjk_char_ratio (0.3)
//   cjk_traditional_char_ratio Han characters OpenCC's config (opencc_config, "t2s.json") changes when each is
//                              converted alone / Han characters > max_traditional_char_ratio (off by default;
//                              0 when the text has no Han character)
//   cjk_short_lines            mean length of the non-blank lines (split at "\n", each stripped of Unicode
//                              whitespace) < min_mean_line_length (10); 0 when no line is non-blank
//   cjk_long_lines             the same mean > max_mean_line_length (off by default)
//   cjk_top_char_ngram         occurrences of the most frequent character n-gram (n = top_char_ngram_size,
//                              3; overlapping occurrences count) x n / characters > max_top_char_ngram_ratio (0.2)
//   cjk_dup_char_ngram         characters inside repeated character n-grams (n = dup_char_ngram_size, 10)
//                              / characters > max_dup_char_ngram_ratio (0.2), found as Gopher finds duplicated
//                              word n-grams: left to right, an n-gram seen before counts its n characters and
//                              the scan jumps past it; otherwise it is remembered and the scan moves one on
// An n-gram ratio of a text shorter than n characters is 0. N-grams of up to 3 characters are compared
// exactly, longer ones by the XXH3-64 hash of their UTF-8 bytes (a false repeat needs a 64-bit collision:
// about k^2 / 2^64 for k n-grams).
//
// The thresholds are winnow's starting points for Chinese web text, not a published pipeline's values:
// tune them in annotate-only mode (filters/annotation.h) on your data.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "filters/rule_config.h"
#include "src/pipeline/stages.h"

namespace winnow::filters {

class TraditionalChars;

struct CjkQualityConfig {
  Threshold min_cjk_char_ratio = 0.3;
  Threshold max_traditional_char_ratio;  // off
  Threshold min_mean_line_length = 10;
  Threshold max_mean_line_length;  // off
  Threshold max_top_char_ngram_ratio = 0.2;
  std::size_t top_char_ngram_size = 3;
  Threshold max_dup_char_ngram_ratio = 0.2;
  std::size_t dup_char_ngram_size = 10;
  std::string opencc_config = "t2s.json";

  // Reads `filters.cjk_quality` (keys named as above).
  static CjkQualityConfig from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path);
};

struct CjkQualitySignals {
  double cjk_char_ratio = 0;
  double traditional_char_ratio = 0;  // 0 when not measured (rule off, not annotating)
  double mean_line_length = 0;
  double top_char_ngram_ratio = 0;
  double dup_char_ngram_ratio = 0;
};

// `traditional` may be null: the traditional share is then not measured (left 0). Without all_signals, the
// n-gram ratios of rules that are off are not measured either (left 0).
CjkQualitySignals measure_cjk_quality(std::string_view text, const CjkQualityConfig& config,
                                      const TraditionalChars* traditional, bool all_signals = true);
Verdict decide_cjk_quality(const CjkQualitySignals& s, const CjkQualityConfig& config);

// annotate_only: keep every document and write its signals to winnow_signals.cjk_quality.
std::unique_ptr<Filter> make_cjk_quality_filter(CjkQualityConfig config, bool annotate_only = false);

}  // namespace winnow::filters
