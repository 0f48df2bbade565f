#include "src/report/ledger.h"

#include <simdjson.h>

#include "src/error.h"
#include "src/records/json_text.h"

namespace winnow {

std::uint64_t Ledger::sum(const ReasonCounts& counts) {
  std::uint64_t total = 0;
  for (const auto& [reason, count] : counts) total += count;
  return total;
}

void Ledger::add(const Ledger& other) {
  read += other.read;
  kept += other.kept;
  for (const auto& [reason, count] : other.dropped) dropped[reason] += count;
  for (const auto& [reason, count] : other.duplicates) duplicates[reason] += count;
  for (const auto& [reason, count] : other.errors) errors[reason] += count;
  for (const auto& [reason, count] : other.warnings) warnings[reason] += count;
  for (const auto& [reason, count] : other.repaired) repaired[reason] += count;
  blank_lines += other.blank_lines;
  compressed_bytes += other.compressed_bytes;
  decoded_bytes += other.decoded_bytes;
}

namespace {
void write_counts(JsonBuilder& json, std::string_view key, const ReasonCounts& counts) {
  json.begin_object(key);
  for (const auto& [reason, count] : counts) json.value(reason, count);
  json.end_object();
}
}  // namespace

void Ledger::write_fields(JsonBuilder& json) const {
  json.value("read", read).value("kept", kept);
  write_counts(json, "dropped", dropped);
  write_counts(json, "duplicates", duplicates);
  write_counts(json, "errors", errors);
  write_counts(json, "warnings", warnings);
  write_counts(json, "repaired", repaired);
  json.value("blank_lines", blank_lines)
      .value("compressed_bytes", compressed_bytes)
      .value("decoded_bytes", decoded_bytes);
}

Ledger Ledger::from_json(std::string_view json_object, const std::string& where) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(json_object.data(), json_object.size()).get(root)) {
    throw Error(where, 0, std::string("unreadable ledger: ") + simdjson::error_message(error));
  }
  Ledger ledger;
  auto number = [&](const char* key, std::uint64_t& out) {
    if (root[key].get_uint64().get(out)) throw Error(where, 0, std::string("ledger lacks '") + key + "'");
  };
  auto counts = [&](const char* key, ReasonCounts& out) {
    simdjson::dom::object object;
    if (root[key].get_object().get(object)) throw Error(where, 0, std::string("ledger lacks '") + key + "'");
    for (auto [reason, value] : object) {
      std::uint64_t count = 0;
      if (value.get_uint64().get(count)) throw Error(where, 0, std::string("bad count in '") + key + "'");
      out[std::string(reason)] = count;
    }
  };
  number("read", ledger.read);
  number("kept", ledger.kept);
  counts("dropped", ledger.dropped);
  counts("duplicates", ledger.duplicates);
  counts("errors", ledger.errors);
  counts("warnings", ledger.warnings);
  if (root["repaired"].error() != simdjson::NO_SUCH_FIELD) counts("repaired", ledger.repaired);  // absent before 0.1
  number("blank_lines", ledger.blank_lines);
  number("compressed_bytes", ledger.compressed_bytes);
  number("decoded_bytes", ledger.decoded_bytes);
  return ledger;
}

}  // namespace winnow
