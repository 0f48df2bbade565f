// A line as a record: parsing, then what winnow writes for it. Properties: every line either parses or gets a
// reason; whatever is written (kept record with a changed text, annotated or wrapped reject) is valid JSON.
// With input.invalid_utf8: repair, no line fails as invalid_utf8, and a repaired record is valid UTF-8.
#include <simdjson.h>

#include <cstdlib>
#include <string>

#include "src/io/line_batch.h"
#include "src/records/record_output.h"
#include "src/records/json_text.h"
#include "src/records/record_parser.h"

namespace {
void require_valid_json(const std::string& line) {
  static simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(line).get(root) != simdjson::SUCCESS) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static winnow::RecordParser record_parser("text", "id");
  std::string padded(reinterpret_cast<const char*>(data), size);
  padded.append(winnow::kParsePadding, ' ');
  const std::string_view line(padded.data(), size);
  winnow::Document doc;
  const winnow::ParseResult parsed = record_parser.parse(line, "fuzz", 1, doc);
  const winnow::RejectNote note{parsed.ok ? "dropped" : parsed.reason, "fuzz", "fuzz", 1, parsed.detail, {}};
  std::string out;
  if (parsed.ok) {
    doc.set_text(doc.text + "\n\"changed\" \\");
    doc.added_metadata["fuzz"] = "[1,\"x\"]";
    winnow::append_kept_record(out, doc, "text");
    require_valid_json(out);
    out.clear();
    winnow::append_annotated_reject(out, line, note);
  } else {
    if (parsed.reason.empty()) std::abort();
    winnow::append_wrapped_reject(out, line, note, 0);
  }
  require_valid_json(out);

  static winnow::RecordParser repairing_parser("text", "id", /*repair_invalid_utf8=*/true);
  winnow::Document repaired;
  const winnow::ParseResult after_repair = repairing_parser.parse(line, "fuzz", 1, repaired);
  if (!after_repair.ok && after_repair.reason == "invalid_utf8") std::abort();
  // A line that simdjson refuses for its structure before its UTF-8 (e.g. "[1,2FF" then invalid bytes) is not
  // repaired: it is rejected as invalid_json with its raw bytes. Every record that parsed, or was repaired, is valid.
  if ((after_repair.ok || repaired.utf8_replacements > 0) && !winnow::is_valid_utf8(repaired.record)) std::abort();
  if ((repaired.utf8_replacements > 0) != (parsed.reason == "invalid_utf8")) std::abort();
  if (after_repair.ok) {
    out.clear();
    winnow::append_kept_record(out, repaired, "text");
    require_valid_json(out);
  }
  return 0;
}
