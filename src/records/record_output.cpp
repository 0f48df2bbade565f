#include "src/records/record_output.h"

#include <algorithm>

#include "src/records/json_scan.h"
#include "src/records/json_text.h"

namespace winnow {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Position of the object's closing brace, and whether the object has members.
struct ObjectShape {
  std::size_t closing_brace = 0;
  bool has_members = false;
};

ObjectShape object_shape(std::string_view object) {
  ObjectShape shape;
  std::size_t end = object.size();
  while (end > 0 && is_space(object[end - 1])) --end;
  shape.closing_brace = end > 0 ? end - 1 : 0;
  std::size_t first = 0;
  while (first < object.size() && is_space(object[first])) ++first;
  std::size_t inside = first + 1;
  while (inside < shape.closing_brace && is_space(object[inside])) ++inside;
  shape.has_members = inside < shape.closing_brace;
  return shape;
}

void append_note(std::string& out, const RejectNote& note) {
  JsonBuilder note_json;
  note_json.begin_object().value("reason", note.reason).value("stage", note.stage).value("file", note.source);
  note_json.value("line", note.line);
  if (!note.detail.empty()) note_json.value("detail", note.detail);
  note_json.end_object();
  std::string_view text = note_json.str();
  if (note.fields.empty()) {
    out.append(text);
    return;
  }
  text.remove_suffix(1);  // the closing brace: the stage's fields go inside
  out.append(text);
  out.push_back(',');
  out.append(note.fields);
  out.push_back('}');
}

// Inserts ,"key":value pairs before the object's closing brace.
void append_with_fields(std::string& out, std::string_view object, const std::string& fields_json) {
  const ObjectShape shape = object_shape(object);
  out.append(object.substr(0, shape.closing_brace));
  if (shape.has_members && !fields_json.empty()) out.push_back(',');
  out.append(fields_json);
  out.append(object.substr(shape.closing_brace));
}

}  // namespace

void append_kept_record(std::string& out, const Document& doc, std::string_view text_key) {
  if (!doc.changed()) {
    out.append(doc.record);
    out.push_back('\n');
    return;
  }
  // One pass finds the text and every added key the record has already: those values are replaced where
  // they stand (a record keeps one "language", not two); the other added keys go before the closing brace.
  std::vector<std::string_view> keys;
  if (doc.text_changed) keys.push_back(text_key);
  for (const auto& entry : doc.added_metadata) keys.push_back(entry.first);
  const std::vector<std::optional<TextSpan>> spans = find_member_values(doc.record, keys);

  struct Replacement {
    TextSpan span;
    std::string value_json;
  };
  std::vector<Replacement> replacements;
  std::string fields;
  std::size_t k = 0;
  if (doc.text_changed) {
    if (spans[k]) {
      std::string text_json;
      append_json_string(text_json, doc.text);
      replacements.push_back({*spans[k], std::move(text_json)});
    }
    ++k;
  }
  for (const auto& [key, value_json] : doc.added_metadata) {
    const std::optional<TextSpan>& span = spans[k++];
    const bool span_taken = span && std::any_of(replacements.begin(), replacements.end(),
                                                [&](const Replacement& r) { return r.span.offset == span->offset; });
    if (span && !span_taken) {
      replacements.push_back({*span, value_json});
      continue;
    }
    if (!fields.empty()) fields.push_back(',');
    append_json_string(fields, key);
    fields.push_back(':');
    fields.append(value_json);
  }
  std::sort(replacements.begin(), replacements.end(),
            [](const Replacement& a, const Replacement& b) { return a.span.offset < b.span.offset; });
  std::string record;
  std::size_t copied = 0;
  for (const Replacement& r : replacements) {
    record.append(doc.record.substr(copied, r.span.offset - copied));
    record.append(r.value_json);
    copied = r.span.offset + r.span.size;
  }
  record.append(doc.record.substr(copied));
  append_with_fields(out, record, fields);
  out.push_back('\n');
}

void append_annotated_reject(std::string& out, std::string_view object_record, const RejectNote& note) {
  std::string field = "\"winnow\":";
  append_note(field, note);
  append_with_fields(out, object_record, field);
  out.push_back('\n');
}

void append_wrapped_reject(std::string& out, std::string_view bytes, const RejectNote& note,
                           std::uint64_t full_size) {
  out.append("{\"winnow\":");
  append_note(out, note);
  if (is_valid_utf8(bytes)) {
    out.append(",\"raw\":");
    append_json_string(out, bytes);
  } else {
    out.append(",\"raw_base64\":\"");
    out.append(base64_encode(bytes));
    out.push_back('"');
  }
  if (full_size > bytes.size()) {
    out.append(",\"truncated\":true,\"size\":");
    out.append(std::to_string(full_size));
  }
  out.append("}\n");
}

}  // namespace winnow
