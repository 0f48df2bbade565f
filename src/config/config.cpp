#include "src/config/config.h"

#include <xxhash.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

#include "src/config/yaml_values.h"
#include "src/error.h"

namespace winnow {
namespace {

class ConfigReader {
 public:
  explicit ConfigReader(std::string name) : values_(std::move(name)) {}

  Config read(const YAML::Node& root) {
    Config config;
    if (!root || root.IsNull()) return config;
    if (!root.IsMap()) values_.fail(root, "the config must be a mapping of sections (input:, output:, ...)");
    values_.for_each_entry(root, "", {"input", "output", "pipeline", "filters", "dedup", "tokenizer"},
                           [&](const std::string& section, const YAML::Node& body) {
                             if (section == "input") {
                               read_input(body, config.input);
                             } else if (section == "output") {
                               read_output(body, config.output);
                             } else if (section == "pipeline") {
                               read_pipeline(body, config.pipeline);
                             } else {
                               // Read by the layer that owns it, when its stages are built.
                               ConfigSection& slot = section == "filters" ? config.filters
                                                     : section == "dedup" ? config.dedup
                                                                          : config.tokenizer;
                               slot = ConfigSection{body, values_.file()};
                             }
                           });
    return config;
  }

 private:
  void read_input(const YAML::Node& body, InputConfig& input) const {
    values_.for_each_entry(body, "input",
                           {"text_key", "id_key", "max_line_bytes", "max_decoded_bytes", "max_expansion_ratio",
                            "invalid_utf8"},
                           [&](const std::string& key, const YAML::Node& value) {
                             const std::string path = "input." + key;
                             if (key == "text_key") input.text_key = values_.string_value(value, path);
                             if (key == "id_key") input.id_key = values_.string_value(value, path);
                             if (key == "invalid_utf8") {
                               const std::string mode = values_.string_value(value, path);
                               if (mode != "reject" && mode != "repair") {
                                 values_.fail(value, path + " must be reject or repair (not '" + mode + "')");
                               }
                               input.repair_invalid_utf8 = mode == "repair";
                             }
                             if (key == "max_decoded_bytes") {
                               input.max_decoded_bytes = static_cast<std::uint64_t>(
                                   values_.integer_value(value, path, 0, std::numeric_limits<std::int64_t>::max()));
                             }
                             if (key == "max_expansion_ratio") {
                               input.max_expansion_ratio = values_.number_value(value, path, 0, 1e12);
                             }
                             if (key == "max_line_bytes") {
                               input.max_line_bytes = static_cast<std::size_t>(
                                   values_.integer_value(value, path, 1024, std::int64_t{1} << 34));
                             }
                           });
  }

  void read_output(const YAML::Node& body, OutputConfig& output) const {
    values_.for_each_entry(body, "output", {"compression_level", "write_kept", "write_rejects", "fsync"},
                           [&](const std::string& key, const YAML::Node& value) {
                             const std::string path = "output." + key;
                             if (key == "compression_level") {
                               output.compression_level = static_cast<int>(values_.integer_value(value, path, 1, 19));
                             }
                             if (key == "write_kept") output.write_kept = values_.bool_value(value, path);
                             if (key == "write_rejects") output.write_rejects = values_.bool_value(value, path);
                             if (key == "fsync") output.fsync = values_.bool_value(value, path);
                           });
  }

  void read_pipeline(const YAML::Node& body, PipelineConfig& pipeline) const {
    values_.for_each_entry(body, "pipeline", {"batch_bytes", "batches_in_flight"},
                           [&](const std::string& key, const YAML::Node& value) {
                             const std::string path = "pipeline." + key;
                             if (key == "batch_bytes") {
                               pipeline.batch_bytes = static_cast<std::size_t>(
                                   values_.integer_value(value, path, 4096, std::int64_t{1} << 30));
                             }
                             if (key == "batches_in_flight") {
                               pipeline.batches_in_flight =
                                   static_cast<std::size_t>(values_.integer_value(value, path, 0, 1024));
                             }
                           });
  }

  YamlValues values_;
};

}  // namespace

std::string Config::canonical() const {
  // batch_bytes, batches_in_flight and fsync are left out on purpose: they change speed, memory and
  // durability, never the output bytes.
  std::ostringstream out;
  out << "input.text_key=" << input.text_key << '\n'
      << "input.id_key=" << input.id_key << '\n'
      << "input.max_line_bytes=" << input.max_line_bytes << '\n'
      << "input.max_decoded_bytes=" << input.max_decoded_bytes << '\n'
      << "input.max_expansion_ratio=" << input.max_expansion_ratio << '\n'
      << "output.compression_level=" << output.compression_level << '\n'
      << "output.write_kept=" << (output.write_kept ? "true" : "false") << '\n'
      << "output.write_rejects=" << (output.write_rejects ? "true" : "false") << '\n';
  // Only when not the default, so configs that do not use it keep the fingerprints they had.
  if (input.repair_invalid_utf8) out << "input.invalid_utf8=repair\n";
  // The stage sections as YAML re-emitted from the parsed tree: formatting and comments do not count.
  for (const auto& [name, section] : {std::pair{"filters", &filters}, {"dedup", &dedup}, {"tokenizer", &tokenizer}}) {
    if (section->present()) out << name << "=" << canonical_yaml(section->node) << '\n';
  }
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
  try {
    return ConfigReader(name).read(root);
  } catch (const YAML::Exception& e) {  // e.g. a key that is not a scalar
    throw Error(name, e.mark.line >= 0 ? static_cast<std::uint64_t>(e.mark.line) + 1 : 0, e.msg);
  }
}

Config load_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, 0, "cannot open config file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path);
}

}  // namespace winnow
