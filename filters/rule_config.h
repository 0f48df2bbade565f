// Reading a filter's thresholds from its config section, and explaining a decision in the reject.
//
// Every threshold of every filter follows one convention: absent -> the documented default; `0` or `null` ->
// the rule is off (as datatrove treats a falsy threshold). A reject names the rule (its reason) and carries
// the measured value against the threshold: {"value": 11.7, "max": 10}.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "src/config/yaml_values.h"
#include "src/records/json_text.h"

namespace winnow::filters {

using Threshold = std::optional<double>;  // nullopt: the rule is off

// Reads a threshold: null or 0 switch the rule off; otherwise a number in [min, max].
Threshold read_threshold(const YamlValues& values, const YAML::Node& node, const std::string& path, double min,
                         double max);

// Shortest decimal text that reads back as `value` (as Python's repr would print it).
std::string format_number(double value);

// The reject's fields: "value":V,"max":T (or "min").
std::string value_against(double value, std::string_view bound, double threshold);

// Writes a threshold into stats.json: the number, or null when the rule is off.
void write_threshold(JsonBuilder& json, std::string_view key, const Threshold& threshold);

// Counts events from many threads (e.g. lines C4 removed, by rule), reported once in stats.json.
struct RelaxedCounter {
  std::atomic<std::uint64_t> n{0};
  void add(std::uint64_t k = 1) { n.fetch_add(k, std::memory_order_relaxed); }
  std::uint64_t value() const { return n.load(std::memory_order_relaxed); }
};

}  // namespace winnow::filters
