#include "src/records/record_parser.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdint>

#include "src/io/line_batch.h"
#include "src/text/utf8.h"

namespace winnow {

static_assert(kParsePadding >= simdjson::SIMDJSON_PADDING, "batches must carry simdjson's padding");

namespace {

ParseResult failure(std::string_view reason, std::string detail = {}) {
  ParseResult result;
  result.reason = reason;
  result.detail = std::move(detail);
  return result;
}

ParseResult from_simdjson(simdjson::error_code error) {
  switch (error) {
    case simdjson::UTF8_ERROR: return failure("invalid_utf8", simdjson::error_message(error));
    case simdjson::DEPTH_ERROR: return failure("json_too_deep", simdjson::error_message(error));
    default: return failure("invalid_json", simdjson::error_message(error));
  }
}

}  // namespace

struct RecordParser::Impl {
  Impl(std::string text, std::string id, bool repair)
      : text_key(std::move(text)), id_key(std::move(id)), repair_invalid_utf8(repair) {}
  std::string text_key;
  std::string id_key;
  bool repair_invalid_utf8;
  simdjson::dom::parser parser;
};

RecordParser::RecordParser(std::string text_key, std::string id_key, bool repair_invalid_utf8)
    : impl_(std::make_unique<Impl>(std::move(text_key), std::move(id_key), repair_invalid_utf8)) {}
RecordParser::~RecordParser() = default;
RecordParser::RecordParser(RecordParser&&) noexcept = default;

ParseResult RecordParser::parse(std::string_view line, std::string_view source, std::uint64_t line_number,
                                Document& doc) {
  doc.reset(line, source, line_number);

  simdjson::dom::element root;
  // realloc_if_needed = false: the batch guarantees the padding, so simdjson reads the line in place.
  auto error = impl_->parser.parse(line.data(), line.size(), false).get(root);
  if (error == simdjson::UTF8_ERROR && impl_->repair_invalid_utf8) {
    const std::size_t replaced = repair_utf8(line, doc.repaired_record);
    const std::size_t size = doc.repaired_record.size();
    doc.repaired_record.append(simdjson::SIMDJSON_PADDING, ' ');  // simdjson reads past the end, up to this
    doc.record = std::string_view(doc.repaired_record.data(), size);
    doc.utf8_replacements = static_cast<std::uint32_t>(std::min<std::size_t>(replaced, UINT32_MAX));
    error = impl_->parser.parse(doc.record.data(), doc.record.size(), false).get(root);
  }
  if (error) return from_simdjson(error);
  simdjson::dom::object object;
  if (root.get_object().get(object)) return failure("not_an_object", "the line is JSON but not an object");

  simdjson::dom::element text_value;
  if (object.at_key(impl_->text_key).get(text_value)) {
    return failure("missing_text", "no field named \"" + impl_->text_key + "\"");
  }
  std::string_view text;
  if (text_value.get_string().get(text)) {
    return failure("text_not_string", "field \"" + impl_->text_key + "\" is not a string");
  }
  doc.text.assign(text);

  simdjson::dom::element id_value;
  std::string_view id;
  if (!object.at_key(impl_->id_key).get(id_value)) {
    if (!id_value.get_string().get(id)) {
      doc.id.assign(id);
    } else if (id_value.is_number()) {
      doc.id = simdjson::minify(id_value);
    }
  }
  if (doc.id.empty()) doc.id = std::string(source) + ":" + std::to_string(line_number);
  ParseResult ok;
  ok.ok = true;
  return ok;
}

}  // namespace winnow
