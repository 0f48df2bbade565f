#include "filters/filter_factory.h"

#include "filters/c4_quality.h"
#include "filters/fineweb_quality.h"
#include "filters/gopher_quality.h"
#include "filters/gopher_repetition.h"

namespace winnow {

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
      {"annotate_only", "gopher_quality", "gopher_repetition", "c4_quality", "fineweb_quality"},
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
        }
      });
  return filters;
}

}  // namespace winnow
