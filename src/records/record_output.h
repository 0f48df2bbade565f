// The lines winnow writes: kept records, and rejects annotated with why.
//
// A reject keeps everything that was read, so nothing is lost:
//   - a record that is a JSON object gets one more field, "winnow": {"reason", "stage", "file", "line", ...},
//     spliced in before its closing brace; every original byte stays;
//   - anything else (invalid JSON, a damaged fragment, the prefix of an over-long line) is wrapped as
//     {"winnow": {...}, "raw": "<the bytes as a JSON string>"}, or "raw_base64" when the bytes are not valid
//     UTF-8, with "truncated": true and the real size when only a prefix was kept.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "src/records/document.h"

namespace winnow {

struct RejectNote {
  std::string_view reason;  // the ledger key, e.g. "invalid_json", "line_too_long"
  std::string_view stage;   // "read", "parse", a filter's name, "dedup"
  std::string_view source;  // the input's output name
  std::uint64_t line = 0;
  std::string_view detail;  // optional human-readable detail
  std::string_view fields;  // optional JSON members explaining the decision (Verdict::fields)
};

// Appends the document as it is to be kept (the original line, or the line with the stages' changes spliced
// in) and a '\n'. `text_key` names the field whose value a changed text replaces.
void append_kept_record(std::string& out, const Document& doc, std::string_view text_key);

// Appends a JSON-object record with the "winnow" annotation spliced in, and a '\n'.
// REQUIRES: `object_record` is a valid JSON object.
void append_annotated_reject(std::string& out, std::string_view object_record, const RejectNote& note);

// Appends {"winnow": {...}, "raw"|"raw_base64": ...} and a '\n'. `full_size` > bytes.size() marks a prefix.
void append_wrapped_reject(std::string& out, std::string_view bytes, const RejectNote& note,
                           std::uint64_t full_size);

}  // namespace winnow
