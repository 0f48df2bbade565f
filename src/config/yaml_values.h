// Reading typed values out of a YAML config, with errors that name the file and line.
//
// Every layer that owns a config section (filters, dedup, tokenizer) reads it through this class, so every
// config mistake reads the same way: "pipeline.yaml:12: filters.gopher.max_mean_word_length must be a number".
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

namespace winnow {

class YamlValues {
 public:
  explicit YamlValues(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const;

  // Calls visit(key, value) for each entry of the mapping `node`, refusing keys not in `known` (an empty list
  // accepts any key). `path` is the dotted name of the mapping, for messages ("filters.gopher"); "" for the
  // top level, whose keys are sections.
  void for_each_entry(const YAML::Node& node, const std::string& path, std::initializer_list<const char*> known,
                      const std::function<void(const std::string& key, const YAML::Node& value)>& visit) const;

  std::string string_value(const YAML::Node& node, const std::string& path) const;
  std::int64_t integer_value(const YAML::Node& node, const std::string& path, std::int64_t min, std::int64_t max) const;
  double number_value(const YAML::Node& node, const std::string& path, double min, double max) const;
  bool bool_value(const YAML::Node& node, const std::string& path) const;
  std::vector<std::string> string_list(const YAML::Node& node, const std::string& path) const;
  // True for `null`, `~` or an empty value: the config's way to switch a rule off.
  static bool is_null(const YAML::Node& node) { return !node || node.IsNull(); }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

// One-line text of a YAML tree that ignores its formatting (flow or block style, quoting, comments), keeping
// content and order: two trees with the same canonical text configure the same thing.
std::string canonical_yaml(const YAML::Node& node);

// A section of the config that a later layer reads itself (filters:, dedup:, tokenizer:).
struct ConfigSection {
  YAML::Node node;   // undefined when the section is absent
  std::string file;  // the config file, for messages
  bool present() const { return node.IsDefined() && !node.IsNull(); }
  YamlValues values() const { return YamlValues(file); }
};

}  // namespace winnow
