#include "src/config/config.h"

#include <xxhash.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "src/error.h"

namespace winnow {
namespace {

class ConfigReader {
 public:
  explicit ConfigReader(std::string name) : name_(std::move(name)) {}

  Config read(const YAML::Node& root) {
    Config config;
    if (!root || root.IsNull()) return config;
    if (!root.IsMap()) fail(root, "the config must be a mapping of sections (input:, output:, pipeline:)");
    for (const auto& entry : root) {
      const std::string section = entry.first.as<std::string>();
      const YAML::Node& body = entry.second;
      if (section == "input") {
        read_input(body, config.input);
      } else if (section == "output") {
        read_output(body, config.output);
      } else if (section == "pipeline") {
        read_pipeline(body, config.pipeline);
      } else {
        fail(entry.first, "unknown section '" + section + "' (known: input, output, pipeline)");
      }
    }
    return config;
  }

 private:
  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
    const auto mark = node.Mark();
    throw Error(name_, mark.line >= 0 ? static_cast<std::uint64_t>(mark.line) + 1 : 0, message);
  }

  void require_map(const YAML::Node& node, const std::string& section) const {
    if (!node.IsMap()) fail(node, "section '" + section + "' must be a mapping of key: value");
  }

  std::string string_value(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar() || node.Scalar().empty()) fail(node, key + " must be a non-empty string");
    return node.Scalar();
  }

  std::int64_t integer_value(const YAML::Node& node, const std::string& key, std::int64_t min,
                             std::int64_t max) const {
    std::int64_t value = 0;
    if (!node.IsScalar() || !YAML::convert<std::int64_t>::decode(node, value)) {
      fail(node, key + " must be an integer, got '" + (node.IsScalar() ? node.Scalar() : "a collection") + "'");
    }
    if (value < min || value > max) {
      fail(node, key + " must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                     std::to_string(value));
    }
    return value;
  }

  bool bool_value(const YAML::Node& node, const std::string& key) const {
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) fail(node, key + " must be true or false");
    return value;
  }

  void read_input(const YAML::Node& body, InputConfig& input) const {
    require_map(body, "input");
    for (const auto& entry : body) {
      const std::string key = entry.first.as<std::string>();
      if (key == "text_key") {
        input.text_key = string_value(entry.second, "input.text_key");
      } else if (key == "id_key") {
        input.id_key = string_value(entry.second, "input.id_key");
      } else if (key == "max_line_bytes") {
        input.max_line_bytes =
            static_cast<std::size_t>(integer_value(entry.second, "input.max_line_bytes", 1024, std::int64_t{1} << 34));
      } else {
        fail(entry.first, "unknown key 'input." + key + "' (known: text_key, id_key, max_line_bytes)");
      }
    }
  }

  void read_output(const YAML::Node& body, OutputConfig& output) const {
    require_map(body, "output");
    for (const auto& entry : body) {
      const std::string key = entry.first.as<std::string>();
      if (key == "compression_level") {
        output.compression_level = static_cast<int>(integer_value(entry.second, "output.compression_level", 1, 19));
      } else if (key == "write_rejects") {
        output.write_rejects = bool_value(entry.second, "output.write_rejects");
      } else if (key == "fsync") {
        output.fsync = bool_value(entry.second, "output.fsync");
      } else {
        fail(entry.first, "unknown key 'output." + key + "' (known: compression_level, write_rejects, fsync)");
      }
    }
  }

  void read_pipeline(const YAML::Node& body, PipelineConfig& pipeline) const {
    require_map(body, "pipeline");
    for (const auto& entry : body) {
      const std::string key = entry.first.as<std::string>();
      if (key == "batch_bytes") {
        pipeline.batch_bytes =
            static_cast<std::size_t>(integer_value(entry.second, "pipeline.batch_bytes", 4096, std::int64_t{1} << 30));
      } else if (key == "batches_in_flight") {
        pipeline.batches_in_flight =
            static_cast<std::size_t>(integer_value(entry.second, "pipeline.batches_in_flight", 0, 1024));
      } else {
        fail(entry.first, "unknown key 'pipeline." + key + "' (known: batch_bytes, batches_in_flight)");
      }
    }
  }

  std::string name_;
};

}  // namespace

std::string Config::canonical() const {
  // batch_bytes, batches_in_flight and fsync are left out on purpose: they change speed, memory and
  // durability, never the output bytes.
  std::ostringstream out;
  out << "input.text_key=" << input.text_key << '\n'
      << "input.id_key=" << input.id_key << '\n'
      << "input.max_line_bytes=" << input.max_line_bytes << '\n'
      << "output.compression_level=" << output.compression_level << '\n'
      << "output.write_rejects=" << (output.write_rejects ? "true" : "false") << '\n';
  return out.str();
}

std::string Config::fingerprint() const {
  const std::string text = canonical();
  char hex[32];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(XXH3_64bits(text.data(), text.size())));
  return std::string("xxh3:") + hex;
}

Config parse_config(const std::string& yaml_text, const std::string& name) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw Error(name, e.mark.line >= 0 ? static_cast<std::uint64_t>(e.mark.line) + 1 : 0, e.msg);
  }
  return ConfigReader(name).read(root);
}

Config load_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, 0, "cannot open config file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path);
}

}  // namespace winnow
