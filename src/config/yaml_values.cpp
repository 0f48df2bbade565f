#include "src/config/yaml_values.h"

#include <algorithm>
#include <cmath>

#include "src/error.h"

namespace winnow {

void YamlValues::fail(const YAML::Node& node, const std::string& message) const {
  const auto mark = node.Mark();
  throw Error(file_, mark.line >= 0 ? static_cast<std::uint64_t>(mark.line) + 1 : 0, message);
}

void YamlValues::for_each_entry(
    const YAML::Node& node, const std::string& path, std::initializer_list<const char*> known,
    const std::function<void(const std::string& key, const YAML::Node& value)>& visit) const {
  if (!node.IsMap()) fail(node, (path.empty() ? "the config" : "'" + path + "'") + " must be a mapping of key: value");
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>();
    const bool is_known =
        known.size() == 0 || std::any_of(known.begin(), known.end(), [&](const char* name) { return key == name; });
    if (!is_known) {
      std::string names;
      for (const char* name : known) names += std::string(names.empty() ? "" : ", ") + name;
      fail(entry.first, path.empty() ? "unknown section '" + key + "' (known: " + names + ")"
                                     : "unknown key '" + path + "." + key + "' (known: " + names + ")");
    }
    visit(key, entry.second);
  }
}

std::string YamlValues::string_value(const YAML::Node& node, const std::string& path) const {
  if (!node.IsScalar() || node.Scalar().empty()) fail(node, path + " must be a non-empty string");
  return node.Scalar();
}

std::int64_t YamlValues::integer_value(const YAML::Node& node, const std::string& path, std::int64_t min,
                                       std::int64_t max) const {
  std::int64_t value = 0;
  if (!node.IsScalar() || !YAML::convert<std::int64_t>::decode(node, value)) {
    fail(node, path + " must be an integer, got '" + (node.IsScalar() ? node.Scalar() : "a collection") + "'");
  }
  if (value < min || value > max) {
    fail(node, path + " must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                   std::to_string(value));
  }
  return value;
}

double YamlValues::number_value(const YAML::Node& node, const std::string& path, double min, double max) const {
  double value = 0;
  if (!node.IsScalar() || !YAML::convert<double>::decode(node, value) || !std::isfinite(value)) {
    fail(node, path + " must be a number, got '" + (node.IsScalar() ? node.Scalar() : "a collection") + "'");
  }
  if (value < min || value > max) {
    fail(node, path + " must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                   node.Scalar());
  }
  return value;
}

bool YamlValues::bool_value(const YAML::Node& node, const std::string& path) const {
  bool value = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) fail(node, path + " must be true or false");
  return value;
}

std::vector<std::string> YamlValues::string_list(const YAML::Node& node, const std::string& path) const {
  if (!node.IsSequence()) fail(node, path + " must be a list of strings");
  std::vector<std::string> values;
  for (const auto& item : node) values.push_back(string_value(item, path + "[]"));
  return values;
}

std::string canonical_yaml(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar: {
      std::string quoted = "\"";
      for (char c : node.Scalar()) {
        if (c == '"' || c == '\\') quoted.push_back('\\');
        quoted.push_back(c);
      }
      return quoted + "\"";
    }
    case YAML::NodeType::Sequence: {
      std::string text = "[";
      for (const auto& item : node) text += (text.size() > 1 ? "," : "") + canonical_yaml(item);
      return text + "]";
    }
    case YAML::NodeType::Map: {
      std::string text = "{";
      for (const auto& entry : node) {
        text += (text.size() > 1 ? "," : "") + canonical_yaml(entry.first) + ":" + canonical_yaml(entry.second);
      }
      return text + "}";
    }
    default: return "null";
  }
}

}  // namespace winnow
