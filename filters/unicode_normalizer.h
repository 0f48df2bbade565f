// unicode_normalizer: a formatter that puts the text into one Unicode normalization form (docs/FILTERS.md,
// "Unicode normalization"). It rewrites and never drops.
//
//   unicode_normalizer: {form: NFC}     # NFC (default), NFKC, NFD or NFKD (Unicode Standard Annex #15)
//
// NFC composes canonically equivalent sequences ("e" + U+0301 -> "é"); NFKC also folds compatibility variants
// (full-width "Ａ" -> "A", the ligature "ﬁ" -> "fi", "①" -> "1"), which changes what the text shows and is
// usually chosen before deduplication or tokenizer training; NFD / NFKD decompose instead. The tables are
// ICU's (Debian 12: ICU 72, Unicode 15.0), through icu::Normalizer2.
//
// Cost: most web text is normalized already, so the check comes first and the rewrite only when it fails.
// An ASCII prefix is skipped 8 bytes at a time (ASCII is normalized in every form, and an ASCII character
// never combines with what precedes it); from the last ASCII character before the first non-ASCII byte, ICU's
// quick check (isNormalizedUTF8) decides. Measured in docs/FILTERS.md.
//
// REQUIRES: doc.text valid UTF-8 (Document's contract); the output is then valid UTF-8 as well. The text is
// set (text_changed) only when normalization changed a byte.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "src/config/yaml_values.h"
#include "src/pipeline/stages.h"

namespace winnow::filters {

enum class NormalizationForm { nfc, nfkc, nfd, nfkd };

struct UnicodeNormalizerConfig {
  NormalizationForm form = NormalizationForm::nfc;
  static UnicodeNormalizerConfig from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path);
};

std::string_view form_name(NormalizationForm form);  // "NFC", "NFKC", "NFD", "NFKD"

// Normalizes `text` into `out` when it is not in `form` already and returns true; returns false (out
// unspecified) when the text is normalized. REQUIRES: text is valid UTF-8.
bool normalize_unicode(std::string_view text, NormalizationForm form, std::string& out);

std::unique_ptr<Filter> make_unicode_normalizer(UnicodeNormalizerConfig config);

}  // namespace winnow::filters
