#include "src/report/stage_stats_merge.h"

#include <simdjson.h>

#include <cstdint>
#include <optional>

#include "src/error.h"
#include "src/records/json_text.h"

namespace winnow {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

bool is_integer(const element& value) {
  return value.type() == element_type::UINT64 || value.type() == element_type::INT64;
}

struct Merger {
  const std::map<std::string, StageMergeRule>& rules;
  std::vector<std::string>& not_merged;
  const std::string& prefix;

  void null(JsonBuilder& json, std::string_view key, const std::string& path) {
    json.raw(key, "null");
    not_merged.push_back(prefix + (path.empty() ? "" : "/" + path));
  }

  static bool all_equal(const std::vector<element>& values) {
    const std::string first = simdjson::minify(values.front());
    for (const element& value : values) {
      if (simdjson::minify(value) != first) return false;
    }
    return true;
  }

  void merge(JsonBuilder& json, std::string_view key, const std::string& path, const std::vector<element>& values,
             std::optional<element> baseline) {
    if (const auto rule = rules.find(path); rule != rules.end()) {
      switch (rule->second.kind) {
        case StageMergeRule::Kind::replace:
          json.raw(key, rule->second.replacement);
          return;
        case StageMergeRule::Kind::not_merged:
          null(json, key, path);
          return;
        case StageMergeRule::Kind::echo:
          if (all_equal(values)) {
            json.raw(key, simdjson::minify(values.front()));
          } else {
            null(json, key, path);
          }
          return;
      }
    }
    const element_type type = values.front().type();
    for (const element& value : values) {
      const bool same = value.type() == type || (is_integer(value) && is_integer(values.front()));
      if (!same) return null(json, key, path);
    }
    if (type == element_type::OBJECT) return merge_objects(json, key, path, values, baseline);
    if (type == element_type::ARRAY) return merge_arrays(json, key, path, values, baseline);
    if (is_integer(values.front())) return merge_integers(json, key, path, values, baseline);
    if (all_equal(values)) {
      json.raw(key, simdjson::minify(values.front()));
    } else {
      null(json, key, path);
    }
  }

  void merge_integers(JsonBuilder& json, std::string_view key, const std::string& path,
                      const std::vector<element>& values, std::optional<element> baseline) {
    std::int64_t base = 0;
    const bool echo = baseline && is_integer(*baseline) && baseline->get_int64().get(base) == simdjson::SUCCESS && base != 0;
    if (echo || (baseline && is_integer(*baseline) && baseline->type() == element_type::UINT64 &&
                 baseline->get_uint64().value() != 0)) {
      if (all_equal(values)) {
        json.raw(key, simdjson::minify(values.front()));
      } else {
        null(json, key, path);
      }
      return;
    }
    bool negative = false;
    for (const element& value : values) negative = negative || value.type() == element_type::INT64;
    if (negative) {
      std::int64_t sum = 0;
      for (const element& value : values) sum += value.get_int64().value();
      json.value(key, sum);
    } else {
      std::uint64_t sum = 0;
      for (const element& value : values) sum += value.get_uint64().value();
      json.value(key, sum);
    }
  }

  void merge_objects(JsonBuilder& json, std::string_view key, const std::string& path,
                     const std::vector<element>& values, std::optional<element> baseline) {
    std::vector<std::string> keys;
    for (const element& value : values) {
      const simdjson::dom::object members = value.get_object().value();  // a copy: the result is a temporary
      for (const auto field : members) {
        const std::string name(field.key);
        bool seen = false;
        for (const std::string& known : keys) seen = seen || known == name;
        if (!seen) keys.push_back(name);
      }
    }
    json.begin_object(key);
    for (const std::string& name : keys) {
      std::vector<element> children;
      for (const element& value : values) {
        element child;
        if (value[name].get(child) == simdjson::SUCCESS) children.push_back(child);
      }
      std::optional<element> base_child;
      element found;
      if (baseline && baseline->type() == element_type::OBJECT && (*baseline)[name].get(found) == simdjson::SUCCESS) {
        base_child = found;
      }
      merge(json, name, path.empty() ? name : path + "/" + name, children, base_child);
    }
    json.end_object();
  }

  void merge_arrays(JsonBuilder& json, std::string_view key, const std::string& path,
                    const std::vector<element>& values, std::optional<element> baseline) {
    const std::size_t size = values.front().get_array().value().size();
    for (const element& value : values) {
      if (value.get_array().value().size() != size) return null(json, key, path);
    }
    std::optional<simdjson::dom::array> base_items;
    if (baseline && baseline->type() == element_type::ARRAY && baseline->get_array().value().size() == size) {
      base_items = baseline->get_array().value();
    }
    json.begin_array(key);
    for (std::size_t i = 0; i < size; ++i) {
      std::vector<element> items;
      for (const element& value : values) items.push_back(value.get_array().value().at(i).value());
      std::optional<element> base_item;
      if (base_items) base_item = base_items->at(i).value();
      merge(json, "", path + "/" + std::to_string(i), items, base_item);
    }
    json.end_array();
  }
};

}  // namespace

StageMergeResult merge_stage_stats(const std::vector<std::string>& fragments, const std::string& baseline,
                                   const std::string& path, const std::map<std::string, StageMergeRule>& rules) {
  StageMergeResult result;
  if (fragments.empty()) {
    result.json = baseline.empty() ? "{}" : baseline;
    return result;
  }
  std::vector<simdjson::dom::parser> parsers(fragments.size() + 1);
  std::vector<element> values;
  for (std::size_t i = 0; i < fragments.size(); ++i) {
    element value;
    if (parsers[i].parse(fragments[i]).get(value) != simdjson::SUCCESS || value.type() != element_type::OBJECT) {
      throw Error("the statistics of " + path + " in run task " + std::to_string(i) + " are not a JSON object");
    }
    values.push_back(value);
  }
  std::optional<element> base;
  element base_value;
  if (!baseline.empty() && parsers.back().parse(baseline).get(base_value) == simdjson::SUCCESS) base = base_value;
  JsonBuilder json(0);
  Merger merger{rules, result.not_merged, path};
  merger.merge(json, "", "", values, base);
  result.json = json.str();
  return result;
}

}  // namespace winnow
