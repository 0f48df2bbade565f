#include "filters/filter_factory.h"

#include "filters/bad_words.h"
#include "filters/c4_quality.h"
#include "filters/cjk_opencc.h"
#include "filters/cjk_quality.h"
#include "filters/fineweb_quality.h"
#include "filters/formatters.h"
#include "filters/gopher_quality.h"
#include "filters/gopher_repetition.h"
#include "filters/signal_recorder.h"
#include "filters/unicode_normalizer.h"
#include "filters/language_overrides.h"
#include "filters/language_id.h"
#include "filters/url_filter.h"

namespace winnow {
namespace {
// For families without settings: accepts null / {} (or true), refuses anything else.
void refuse_settings(const YamlValues& values, const YAML::Node& node, const std::string& path) {
  if (YamlValues::is_null(node) || (node.IsMap() && node.size() == 0)) return;
  if (node.IsScalar() && node.as<std::string>() == "true") return;
  values.fail(node, path + " takes no settings (write {} or null)");
}

// The families of one `filters:` mapping, in order. `word_split` and `languages` are read by
// filters/language_overrides.h, which calls this once for the defaults and once per language variant.
std::vector<std::unique_ptr<Filter>> make_families(const ConfigSection& section) {
  std::vector<std::unique_ptr<Filter>> filters;
  const YamlValues values = section.values();
  // annotate_only applies to every family wherever it is listed, so it is read before them.
  bool annotate = false;
  if (section.node.IsMap() && section.node["annotate_only"]) {
    annotate = values.bool_value(section.node["annotate_only"], "filters.annotate_only");
  }
  // signal_histograms: on by default with annotate_only (the signals are measured anyway), off otherwise.
  bool histograms = annotate;
  if (section.node.IsMap() && section.node["signal_histograms"]) {
    histograms = values.bool_value(section.node["signal_histograms"], "filters.signal_histograms");
  }
  // A quality family, wrapped to count its signals into stats.json when histograms are on (filters/signal_recorder.h).
  auto add_family = [&](const auto& family_config, auto make) {
    std::unique_ptr<Filter> family = make(family_config, annotate);
    if (!histograms) {
      filters.push_back(std::move(family));
      return;
    }
    std::unique_ptr<Filter> measurer = annotate ? nullptr : make(family_config, true);
    filters.push_back(
        filters::record_signal_histograms(std::move(family), std::move(measurer), filters::signal_specs(family_config)));
  };
  values.for_each_entry(
      section.node, "filters",
      {"annotate_only", "signal_histograms", "gopher_quality", "gopher_repetition", "c4_quality", "fineweb_quality",
       "pii_formatter", "control_chars_formatter", "symbol_lines_formatter", "bad_words", "unicode_normalizer",
       "cjk_quality", "t2s_formatter", "word_split", "languages", "url_filter", "language_id"},
      [&](const std::string& key, const YAML::Node& value) {
        const std::string path = "filters." + key;
        if (key == "gopher_quality") {
          add_family(filters::GopherQualityConfig::from_yaml(values, value, path),
                     [](const auto& c, bool a) { return filters::make_gopher_quality_filter(c, a); });
        } else if (key == "gopher_repetition") {
          add_family(filters::GopherRepetitionConfig::from_yaml(values, value, path),
                     [](const auto& c, bool a) { return filters::make_gopher_repetition_filter(c, a); });
        } else if (key == "c4_quality") {
          add_family(filters::C4QualityConfig::from_yaml(values, value, path),
                     [](const auto& c, bool a) { return filters::make_c4_quality_filter(c, a); });
        } else if (key == "fineweb_quality") {
          add_family(filters::FineWebQualityConfig::from_yaml(values, value, path),
                     [](const auto& c, bool a) { return filters::make_fineweb_quality_filter(c, a); });
        } else if (key == "pii_formatter") {
          filters.push_back(filters::make_pii_formatter(filters::PiiConfig::from_yaml(values, value, path)));
        } else if (key == "bad_words") {
          add_family(filters::BadWordsConfig::from_yaml(values, value, path),
                     [](const auto& c, bool a) { return filters::make_bad_words_filter(c, a); });
        } else if (key == "unicode_normalizer") {
          filters.push_back(filters::make_unicode_normalizer(filters::UnicodeNormalizerConfig::from_yaml(values, value, path)));
        } else if (key == "cjk_quality") {
          add_family(filters::CjkQualityConfig::from_yaml(values, value, path),
                     [](const auto& c, bool a) { return filters::make_cjk_quality_filter(c, a); });
        } else if (key == "t2s_formatter") {
          filters.push_back(filters::make_t2s_formatter(filters::T2sConfig::from_yaml(values, value, path)));
        } else if (key == "url_filter") {
          add_family(filters::UrlFilterConfig::from_yaml(values, value, path),
                     [](const auto& c, bool a) { return filters::make_url_filter(c, a); });
        } else if (key == "language_id") {
          add_family(filters::LanguageIdConfig::from_yaml(values, value, path),
                     [](const auto& c, bool a) { return filters::make_language_id_filter(c, a); });
        } else if (key == "control_chars_formatter") {
          refuse_settings(values, value, path);
          filters.push_back(filters::make_control_chars_formatter());
        } else if (key == "symbol_lines_formatter") {
          refuse_settings(values, value, path);
          filters.push_back(filters::make_symbol_lines_formatter());
        }
      });
  return filters;
}

}  // namespace

std::vector<std::unique_ptr<Filter>> make_filters(const Config& config) {
  if (!config.filters.present()) return {};
  return filters::make_filters_with_languages(config.filters, make_families);
}

}  // namespace winnow
