#include "filters/list_file.h"

#include <filesystem>
#include <fstream>

#include "filters/char_class.h"
#include "src/error.h"

namespace winnow::filters {

std::vector<ListEntry> read_list_file(const std::string& file, bool comments) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file, 0, "cannot read this list file");
  std::vector<ListEntry> entries;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    const std::string_view entry = strip(line);
    if (entry.empty() || (comments && entry.front() == '#')) continue;
    entries.push_back({std::string(entry), number});
  }
  return entries;
}

std::string config_relative_path(const YamlValues& values, const YAML::Node& node, const std::string& path) {
  const std::filesystem::path base = std::filesystem::path(values.file()).parent_path();
  const std::filesystem::path p(values.string_value(node, path));
  return (p.is_absolute() || base.empty() ? p : base / p).string();
}

}  // namespace winnow::filters
