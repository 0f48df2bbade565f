// The list files filters read (bad words, URL blocklists): UTF-8, one entry a line, whitespace around an entry
// trimmed, blank lines skipped, and (for files the user writes) lines starting with "#" skipped as comments.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "src/config/yaml_values.h"

namespace winnow::filters {

struct ListEntry {
  std::string text;  // as written in the file (trimmed): what a reject names
  std::size_t line;  // 1-based, for error messages
};

// Throws Error(file, 0, ...) when the file cannot be read. `comments`: skip lines starting with "#".
std::vector<ListEntry> read_list_file(const std::string& file, bool comments = true);

// A list file's path from the config: relative paths are relative to the config file's folder.
std::string config_relative_path(const YamlValues& values, const YAML::Node& node, const std::string& path);

}  // namespace winnow::filters
