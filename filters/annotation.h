// Annotate-only mode (`filters: {annotate_only: true}`): every family measures its signals and writes them into
// the record instead of deciding, so thresholds can be tuned later on the kept output (Dolma / RedPajama-V2
// style). Nothing is dropped and no text is rewritten (C4 included).
//
// Layout, one field added to each record (docs/FILTERS.md):
//   "winnow_signals": {"<family>": {"<reason>": value, ..., "drop": "<reason>" | null}, ...}
// Families appear in config order. Each signal is keyed by the drop reason of the rule that compares it, and its
// value is exactly the "value" that rule's reject reports in drop mode (same number, same text). "drop" is the
// reason the family would have dropped the document for, or null.
#pragma once

#include <string>
#include <string_view>

#include "src/pipeline/stages.h"
#include "src/records/document.h"

namespace winnow::filters {

inline constexpr std::string_view kSignalsField = "winnow_signals";

// The members of one family's signal object, built in rule order.
class FamilySignals {
 public:
  void add(std::string_view key, double value);
  void add_raw(std::string_view key, std::string_view json);  // an already serialised JSON value
  // Appends "drop": reason|null and adds the object as doc's winnow_signals.<family>.
  void write(Document& doc, std::string_view family, const Verdict& would_be) &&;

 private:
  std::string members_;
};

}  // namespace winnow::filters
