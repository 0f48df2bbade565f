#include "filters/filter_factory.h"

#include "filters/bad_words.h"
#include "filters/c4_quality.h"
#include "filters/fineweb_quality.h"
#include "filters/formatters.h"
#include "filters/gopher_quality.h"
#include "filters/gopher_repetition.h"
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
  values.for_each_entry(
      config.filters.node, "filters",
      {"annotate_only", "gopher_quality", "gopher_repetition", "c4_quality", "fineweb_quality", "pii_formatter",
       "control_chars_formatter", "symbol_lines_formatter", "bad_words", "url_filter", "language_id"},
      [&](const std::string& key, const YAML::Node& value) {
        const std::string path = "filters." + key;
        if (key == "gopher_quality") {
          filters.push_back(filters::make_gopher_quality_filter(filters::GopherQualityConfig::from_yaml(values, value, path), annotate));
        } else if (key == "gopher_repetition") {
          filters.push_back(
              filters::make_gopher_repetition_filter(filters::GopherRepetitionConfig::from_yaml(values, value, path), annotate));
        } else if (key == "c4_quality") {
          filters.push_back(filters::make_c4_quality_filter(filters::C4QualityConfig::from_yaml(values, value, path), annotate));
        } else if (key == "fineweb_quality") {
          filters.push_back(
              filters::make_fineweb_quality_filter(filters::FineWebQualityConfig::from_yaml(values, value, path), annotate));
        } else if (key == "pii_formatter") {
          filters.push_back(filters::make_pii_formatter(filters::PiiConfig::from_yaml(values, value, path)));
        } else if (key == "bad_words") {
          filters.push_back(filters::make_bad_words_filter(filters::BadWordsConfig::from_yaml(values, value, path), annotate));
        } else if (key == "url_filter") {
          filters.push_back(filters::make_url_filter(filters::UrlFilterConfig::from_yaml(values, value, path), annotate));
        } else if (key == "language_id") {
          filters.push_back(filters::make_language_id_filter(filters::LanguageIdConfig::from_yaml(values, value, path), annotate));
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
