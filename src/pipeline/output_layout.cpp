#include "src/pipeline/output_layout.h"

#include <simdjson.h>

#include <filesystem>

#include "src/error.h"
#include "src/records/json_text.h"

namespace winnow {
namespace fs = std::filesystem;

void OutputLayout::create() const {
  for (const char* sub : {"/kept", "/rejects", "/.done"}) {
    std::error_code error;
    fs::create_directories(directory_ + sub, error);
    if (error) throw Error(directory_ + sub, 0, "cannot create output folder: " + error.message());
  }
}

std::string CompletionMarker::to_json() const {
  JsonBuilder json(2);
  json.begin_object()
      .value("input", input_path)
      .value("input_size", input_size)
      .value("input_modified_ns", static_cast<std::int64_t>(input_modified_ns))
      .value("config_fingerprint", config_fingerprint)
      .begin_object("ledger");
  ledger.write_fields(json);
  json.end_object().end_object();
  return json.str() + "\n";
}

std::optional<CompletionMarker> CompletionMarker::read(const std::string& path) {
  simdjson::padded_string text;
  if (simdjson::padded_string::load(path).get(text)) return std::nullopt;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text).get(root)) return std::nullopt;
  CompletionMarker marker;
  std::string_view input;
  std::string_view fingerprint;
  simdjson::dom::object ledger;
  if (root["input"].get(input) || root["input_size"].get(marker.input_size) ||
      root["input_modified_ns"].get(marker.input_modified_ns) || root["config_fingerprint"].get(fingerprint) ||
      root["ledger"].get(ledger)) {
    return std::nullopt;
  }
  marker.input_path = input;
  marker.config_fingerprint = fingerprint;
  try {
    marker.ledger = Ledger::from_json(simdjson::minify(ledger), path);
  } catch (const Error&) {
    return std::nullopt;
  }
  return marker;
}

bool CompletionMarker::completes(const InputFile& input, const std::string& fingerprint) const {
  return config_fingerprint == fingerprint && input_size == input.size && input_modified_ns == input.modified_ns;
}

}  // namespace winnow
