// Annotate-only mode (`filters: {annotate_only: true}`): every family measures its signals and writes them into
// the record instead of deciding, so thresholds can be tuned later on the kept output (Dolma / RedPajama-V2
// style). Nothing is dropped and no text is rewritten (C4 included).
//
// Layout, one field added to each record (docs/FILTERS.md):
//   "winnow_signals": {"<family>": {"<reason>": value, ..., "drop": "<reason>" | null}, ...}
// Families appear in config order. Each signal is keyed by the drop reason of the rule that compares it, and its
// value is exactly the "value" that rule's reject reports in drop mode (same number, same text). "drop" is the
// reason the family would have dropped the document for, or null.
//
// FamilySignals is also the one place where signals can be observed: a SignalCapture alive on the calling
// thread receives the numbers a family adds and the verdict it writes (filters/signal_recorder.h builds the
// stats.json histograms from it), optionally without touching the document.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "src/pipeline/stages.h"
#include "src/records/document.h"

namespace winnow::filters {

inline constexpr std::string_view kSignalsField = "winnow_signals";

// The members of one family's signal object, built in rule order.
class FamilySignals {
 public:
  void add(std::string_view key, double value);
  void add_raw(std::string_view key, std::string_view json);  // an already serialised JSON value (not captured)
  // Appends "drop": reason|null and adds the object as doc's winnow_signals.<family> (unless a capture on this
  // thread says not to touch the document).
  void write(Document& doc, std::string_view family, const Verdict& would_be) &&;

 private:
  std::string members_;
};

// While alive, receives what FamilySignals::add / write do on this thread. One per thread at a time (not
// nested). write_to_document = false: write() leaves the document as it is (signals are only observed).
class SignalCapture {
 public:
  struct Signal {
    std::string key;
    double value = 0;
  };
  explicit SignalCapture(bool write_to_document);
  ~SignalCapture();
  SignalCapture(const SignalCapture&) = delete;
  SignalCapture& operator=(const SignalCapture&) = delete;

  // The numeric signals added since construction, in the order the family added them (storage reused per
  // thread: valid until the next SignalCapture on this thread).
  const Signal* begin() const;
  const Signal* end() const;
  bool written() const { return written_; }  // the family called write()

 private:
  friend class FamilySignals;
  void add(std::string_view key, double value);
  bool write_to_document_;
  bool written_ = false;
  std::size_t size_ = 0;
};

}  // namespace winnow::filters
