// Builds the filters a config's `filters:` section asks for, in the order the section lists them.
//
//   filters:
//     c4_quality: {preset: datatrove}   # each key is a filter family; its value holds its settings
//     gopher_repetition:                # empty / null: every default
//     gopher_quality: {min_doc_words: 50}
//     fineweb_quality: {}
//
// Families: gopher_quality, gopher_repetition, c4_quality, fineweb_quality, bad_words, cjk_quality, url_filter,
// language_id; formatters
// (rewrite, never drop): pii_formatter, control_chars_formatter, symbol_lines_formatter, unicode_normalizer,
// t2s_formatter. `annotate_only: true` makes every quality family annotate instead of drop (filters/annotation.h);
// `signal_histograms` (default: as annotate_only) wraps each quality family to count its signals into stats.json
// (filters/signal_recorder.h); `word_split` and `languages` (per-language settings) are
// filters/language_overrides.h's. docs/FILTERS.md has every key.
#pragma once

#include <memory>
#include <vector>

#include "src/config/config.h"
#include "src/pipeline/stages.h"

namespace winnow {

// Throws Error("FILE:LINE: ...") for an unknown filter, key or bad value.
std::vector<std::unique_ptr<Filter>> make_filters(const Config& config);

}  // namespace winnow
