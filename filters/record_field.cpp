#include "filters/record_field.h"

#include <simdjson.h>

#include "src/records/json_scan.h"

namespace winnow::filters {

std::optional<std::string> json_string_value(std::string_view json) {
  if (json.size() < 2 || json.front() != '"') return std::nullopt;
  // Common case: no escapes, the bytes between the quotes are the string (the record is valid UTF-8).
  const std::string_view inner = json.substr(1, json.size() - 2);
  if (json.back() == '"' && inner.find('\\') == std::string_view::npos && inner.find('"') == std::string_view::npos) {
    return std::string(inner);
  }
  thread_local simdjson::dom::parser parser;  // copies `json` into its own padded buffer (realloc_if_needed)
  std::string_view value;
  if (parser.parse(json.data(), json.size(), true).get_string().get(value) != simdjson::SUCCESS) return std::nullopt;
  return std::string(value);
}

std::optional<std::string> record_string_field(std::string_view record, std::string_view key) {
  if (record.find('{') == std::string_view::npos) return std::nullopt;  // no record (a test's bare Document)
  const auto span = find_member_value(record, key);
  if (!span) return std::nullopt;
  return json_string_value(record.substr(span->offset, span->size));
}

std::optional<std::string> document_string_field(const Document& doc, std::string_view key, FieldSource* source) {
  const auto added = doc.added_metadata.find(std::string(key));
  if (added != doc.added_metadata.end()) {
    if (auto value = json_string_value(added->second)) {
      if (source) *source = FieldSource::added_metadata;
      return value;
    }
  }
  auto value = record_string_field(doc.record, key);
  if (source) *source = value ? FieldSource::record : FieldSource::absent;
  return value;
}

}  // namespace winnow::filters
