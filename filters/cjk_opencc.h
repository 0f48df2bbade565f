// Traditional -> Simplified Chinese with OpenCC (Debian libopencc-dev): the conversion the `t2s_formatter`
// applies, and the per-character table cjk_quality's traditional-character share is measured with.
//
// OpenCC converts by longest-match phrases, then characters, from dictionaries named by a JSON config found in
// OpenCC's data directory (/usr/share/opencc): "t2s.json" (OpenCC's standard Traditional -> Simplified),
// "tw2s.json" (Taiwan), "hk2s.json" (Hong Kong) are the ones this is meant for.
//
// Converters are not shared between threads (OpenCC does not document its converter as thread-safe): each
// thread opens its own on first use (~30 ms for t2s) and keeps it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "src/config/yaml_values.h"
#include "src/pipeline/stages.h"

namespace winnow::filters {

// Throws Error naming the config when OpenCC cannot load it.
void check_opencc_config(const std::string& config);

// `text` (valid UTF-8) converted by OpenCC config `config`. OpenCC reads C strings, so NUL bytes are kept
// as they are and the text between them converted piece by piece.
std::string opencc_convert(const std::string& config, std::string_view text);

// Which Han characters OpenCC changes when each is converted alone: "is traditional" in cjk_quality's sense.
// Built once (one conversion of every Han code point, ~0.05 s of CPU), then read-only and shared by all threads.
class TraditionalChars {
 public:
  explicit TraditionalChars(const std::string& config);
  bool changes(char32_t cp) const { return cp < changes_.size() && changes_[cp]; }

 private:
  std::vector<bool> changes_;
};

struct T2sConfig {
  std::string opencc_config = "t2s.json";
  static T2sConfig from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path);
};

// A formatter (never drops): rewrites doc.text to OpenCC's conversion when it differs. A document without a
// possible CJK byte is not converted at all. Counts documents changed, and conversions refused because their
// output was not valid UTF-8 (the text is then kept as it was).
std::unique_ptr<Filter> make_t2s_formatter(T2sConfig config);

}  // namespace winnow::filters
