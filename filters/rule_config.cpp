#include "filters/rule_config.h"

#include <charconv>

namespace winnow::filters {

Threshold read_threshold(const YamlValues& values, const YAML::Node& node, const std::string& path, double min,
                         double max) {
  if (YamlValues::is_null(node)) return std::nullopt;
  const double value = values.number_value(node, path, 0, max);
  if (value == 0) return std::nullopt;
  if (value < min) values.fail(node, path + " must be 0 or null (off), or at least " + format_number(min));
  return value;
}

std::string format_number(double value) {
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, result.ptr);
}

std::string value_against(double value, std::string_view bound, double threshold) {
  std::string out = "\"value\":";
  out += format_number(value);
  out += ",\"";
  out += bound;
  out += "\":";
  out += format_number(threshold);
  return out;
}

void write_threshold(JsonBuilder& json, std::string_view key, const Threshold& threshold) {
  if (threshold) {
    json.value(key, *threshold);
  } else {
    json.raw(key, "null");
  }
}

}  // namespace winnow::filters
