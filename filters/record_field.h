// Reading a string field that a filter decides on but that is not the text: a record's own "url" or
// "language", or a value an earlier filter wrote into doc.added_metadata (language_id's "language").
//
// The record was validated whole by the parser, so only the member's value is located (src/records/json_scan.h)
// and decoded; nothing else of the line is parsed again. JSON escapes are undone ("https:\/\/a.b" -> "https://a.b").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "src/records/document.h"

namespace winnow::filters {

// The string value of the record's top-level member `key`; nullopt when the member is absent or is not a JSON
// string (null, a number, an object). The record may be empty (a document built by a test): nullopt.
std::optional<std::string> record_string_field(std::string_view record, std::string_view key);

// The string held by one serialised JSON value (e.g. doc.added_metadata[key]); nullopt if it is not a string.
std::optional<std::string> json_string_value(std::string_view json);

// Where a document's field was found, for the filters' stats.
enum class FieldSource { added_metadata, record, absent };

// doc.added_metadata[key] when an earlier stage added it as a string, else the record's own member `key`.
std::optional<std::string> document_string_field(const Document& doc, std::string_view key, FieldSource* source = nullptr);

}  // namespace winnow::filters
