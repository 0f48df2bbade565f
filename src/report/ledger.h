// The ledger: where every input record went. Its invariant is the promise that nothing is silently lost:
//
//     read == kept + sum(dropped) + sum(duplicates) + sum(errors)
//
// A "record" is a non-blank input line, or one damaged region of a compressed file (a region counts once, under
// errors, whatever it held, because its records cannot be counted). Blank lines are not records; they are
// counted apart. Warnings (e.g. a .zst name on a plain file) concern files, not records, and are outside the sum.
// So are repairs: "repaired" counts records that were changed to be readable and then went on (kept, dropped,
// ...: they are in the sum under that outcome), e.g. {"invalid_utf8": records, "invalid_utf8_replacements": U+FFFD}
// with input.invalid_utf8: repair.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace winnow {

class JsonBuilder;

using ReasonCounts = std::map<std::string, std::uint64_t, std::less<>>;  // ordered: deterministic output

struct Ledger {
  std::uint64_t read = 0;
  std::uint64_t kept = 0;
  ReasonCounts dropped;
  ReasonCounts duplicates;
  ReasonCounts errors;
  ReasonCounts warnings;
  ReasonCounts repaired;
  std::uint64_t blank_lines = 0;
  std::uint64_t compressed_bytes = 0;  // input bytes as stored
  std::uint64_t decoded_bytes = 0;     // input bytes after decompression

  static std::uint64_t sum(const ReasonCounts& counts);
  bool balanced() const { return read == kept + sum(dropped) + sum(duplicates) + sum(errors); }
  void add(const Ledger& other);

  // Writes the ledger's fields into an open JSON object.
  void write_fields(JsonBuilder& json) const;
  // Reads the fields written by write_fields from a JSON object text. Throws Error on malformed input.
  static Ledger from_json(std::string_view json_object, const std::string& where);
};

}  // namespace winnow
