// Per-language thresholds (FineWeb-2 style) and the word-split setting, for every filter family at once.
//
//   filters:
//     word_split: auto                 # nltk (default) | icu | auto: filters/cjk_words.h
//     gopher_quality: {}               # the default thresholds, for every document
//     cjk_quality: {}
//     languages:
//       zh:
//         word_split: icu
//         gopher_quality: {min_avg_word_length: 1, stop_words: [的, 是, 了, 在]}   # merged over the default
//       ja:
//         gopher_quality: false        # the family keeps every Japanese document
//
// Each family listed in `filters:` becomes one filter. Under `languages.<code>`, a family's value is merged key
// by key over its default settings (a key given here replaces the default's, the others stay), `false` turns
// the family off for that language, and `word_split` replaces the top-level setting. A language can name only
// families listed in `filters:` (its variant takes that place in the order). The families know nothing of
// languages: for each family, one filter is built per language variant from the merged settings, and a thin
// wrapper picks the variant from the document's language and sets the word split around the call.
//
// The document's language: doc.added_metadata["language"] (a JSON string, set by a language-id filter listed
// earlier) if present, else the record's own top-level "language" string field, else none (the defaults). A
// language matches a `languages` key exactly, else by its part before the first '-' or '_' ("zh-Hant" and
// "zh_Hans" use `zh`; "cmn_Hani" uses `cmn`). Keys are case-sensitive.
//
// A drop by a language variant adds "language":"<code>" to the reject; stats.json gets, per family, the
// documents each language variant decided and that variant's own stats.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "src/config/yaml_values.h"
#include "src/pipeline/stages.h"

namespace winnow::filters {

// Builds the families of a `filters:` mapping, in order (filter_factory.cpp's make_filters body); it must
// accept and ignore the keys `word_split` and `languages`, and each family's filter's name() is its key.
using BuildFamilies = std::function<std::vector<std::unique_ptr<Filter>>(const ConfigSection& filters)>;

// The filters of `filters`: build(filters) as they are when there is no `languages` and no `word_split`,
// otherwise each wrapped as described above. Throws Error("FILE:LINE: ...") for a bad key or value.
std::vector<std::unique_ptr<Filter>> make_filters_with_languages(const ConfigSection& filters,
                                                                 const BuildFamilies& build);

// The document's language as described above (filters/record_field.h's document_string_field, the same reader
// bad_words uses); "" when it has none. The view points into `scratch`.
std::string_view document_language(const Document& doc, std::string& scratch);

}  // namespace winnow::filters
