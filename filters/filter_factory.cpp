#include "filters/filter_factory.h"

#include "filters/bad_words.h"
#include "filters/c4_quality.h"
#include "filters/fineweb_quality.h"
#include "filters/formatters.h"
#include "filters/gopher_quality.h"
#include "filters/gopher_repetition.h"
#include "filters/signal_recorder.h"
#include "filters/unicode_normalizer.h"

namespace winnow {
namespace {
// For families without settings: accepts null / {} (or true), refuses anything else.
void refuse_settings(const YamlValues& values, const YAML::Node& node, const std::string& path) {
  if (YamlValues::is_null(node) || (node.IsMap() && node.size() == 0)) return;
  if (node.IsScalar() && node.as<std::string>() == "true") return;
  values.fail(node, path + " takes no settings (write {} or null)");
}
}  // namespace

std::vector<std::unique_ptr<Filter>> make_filters(const Config& config) {
  std::vector<std::unique_ptr<Filter>> filters;
  if (!config.filters.present()) return filters;
  const YamlValues values = config.filters.values();
  // annotate_only applies to every family wherever it is listed, so it is read before them.
  bool annotate = false;
  if (config.filters.node.IsMap() && config.filters.node["annotate_only"]) {
    annotate = values.bool_value(config.filters.node["annotate_only"], "filters.annotate_only");
  }
  // signal_histograms: on by default with annotate_only (the signals are measured anyway), off otherwise.
  bool histograms = annotate;
  if (config.filters.node.IsMap() && config.filters.node["signal_histograms"]) {
    histograms = values.bool_value(config.filters.node["signal_histograms"], "filters.signal_histograms");
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
      config.filters.node, "filters",
      {"annotate_only", "signal_histograms", "gopher_quality", "gopher_repetition", "c4_quality", "fineweb_quality",
       "pii_formatter", "control_chars_formatter", "symbol_lines_formatter", "bad_words", "unicode_normalizer"},
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

}  // namespace winnow
