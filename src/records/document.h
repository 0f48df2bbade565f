// Document: one parsed input record as every stage sees it.
//
// The original JSON line is kept as it was read (`record`); a kept document is written out byte for byte
// unless a stage changed its text or added metadata, in which case the writer splices the change into the
// original line, so every field the stages do not touch survives unchanged and in place.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace winnow {

struct Document {
  std::string id;            // the record's id field (a JSON string's value, or a number's text); else "<file>:<line>"
  std::string text;          // the unescaped text field, always valid UTF-8; stages that rewrite it (set_text)
                             // must keep it so: the filters' and dedup's code point decoders rely on it
  std::string_view record;   // the original line (valid while its batch lives), or repaired_record's bytes
  std::string_view source;   // the input's output name (its stem), e.g. "web-00"
  std::uint64_t line = 0;    // 1-based line in the decoded input
  // input.invalid_utf8: repair. The number of U+FFFD the parser substituted into the line (0: it was valid);
  // when > 0, `record` views the repaired line held in repaired_record (plus simdjson's padding after it).
  std::uint32_t utf8_replacements = 0;
  std::string repaired_record;

  // Set by stages. added_metadata holds JSON values (already serialised) keyed by field name; std::map so the
  // output order is deterministic.
  bool text_changed = false;
  std::map<std::string, std::string> added_metadata;

  // Filled by later stages' parallel part for their serial part: token ids (tokenizer), signature (dedup).
  std::vector<std::uint32_t> tokens;
  std::vector<std::uint64_t> signature;

  // Makes this a fresh document for another record, keeping allocated capacity (documents are reused from
  // batch to batch: allocating anew for each record costs more than parsing it).
  void reset(std::string_view new_record, std::string_view new_source, std::uint64_t new_line) {
    id.clear();
    text.clear();
    record = new_record;
    source = new_source;
    line = new_line;
    utf8_replacements = 0;
    text_changed = false;
    added_metadata.clear();
    tokens.clear();
    signature.clear();
  }

  void set_text(std::string new_text) {
    text = std::move(new_text);
    text_changed = true;
  }
  bool changed() const { return text_changed || !added_metadata.empty(); }
};

}  // namespace winnow
