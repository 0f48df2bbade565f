// Turns one JSONL line into a Document, or says precisely why it cannot.
//
// The whole line is validated, not only the fields winnow reads: a record whose metadata is broken would
// otherwise be written to kept/ and break the next tool. Reasons (the ledger's error keys):
//   invalid_json     not JSON, or trailing content after the value
//   invalid_utf8     the line is not valid UTF-8 (with input.invalid_utf8: reject, the default)
//   json_too_deep    nesting beyond simdjson's depth limit (1024)
//   not_an_object    valid JSON, but not an object
//   missing_text     no field named input.text_key
//   text_not_string  that field is not a JSON string
// The first occurrence of a duplicated key is the one read.
//
// Invalid UTF-8 (input.invalid_utf8). simdjson validates the UTF-8 of the whole line before anything else and
// refuses the line (UTF8_ERROR); there is no "lenient" mode. So with `repair`, a line simdjson refuses for its
// UTF-8 is repaired as a whole (src/text/utf8.h repair_utf8: each maximal subpart of an ill-formed sequence
// becomes U+FFFD, in keys, values and between tokens alike) and parsed again; the Document then views the
// repaired line (doc.record, doc.utf8_replacements), which is what a kept record is written as. Valid lines cost
// nothing extra: the repair runs only after simdjson refused a line.
//
// Why simdjson's DOM parser and not On-Demand: in simdjson 3.0.1 (Debian 12) On-Demand is compiled for the
// build's target only, so a portable x86-64 build would get its scalar fallback; the DOM parser dispatches at
// run time to the AVX2 / AVX-512 kernels. And since every value must be validated anyway, On-Demand's laziness
// would buy nothing here. Measured on the bench corpus: see BENCHMARKS.md.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "src/records/document.h"

namespace winnow {

struct ParseResult {
  bool ok = false;
  std::string_view reason;  // static string, set when !ok
  std::string detail;       // e.g. the parser's message
};

class RecordParser {
 public:
  // repair_invalid_utf8: input.invalid_utf8 is `repair` (else a line with invalid UTF-8 fails as invalid_utf8).
  RecordParser(std::string text_key, std::string id_key, bool repair_invalid_utf8 = false);
  ~RecordParser();
  RecordParser(RecordParser&&) noexcept;

  // Parses `line` into `doc` (id, text, record, source, line). REQUIRES: kParsePadding readable bytes
  // follow line.end(). `source` and `line_number` build the fallback id "<source>:<line>".
  ParseResult parse(std::string_view line, std::string_view source, std::uint64_t line_number, Document& doc);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace winnow
