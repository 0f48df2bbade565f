// The interfaces that filters, deduplication and tokenization implement. This is the whole contract between
// the pipeline and the stages that plug into it; see ARCHITECTURE.md for the data flow.
//
// Order of work for each document (records that fail to parse never reach a stage):
//   parallel, per document:   Filter::keep for each filter in config order, until one drops it
//                             Deduplicator::prepare, DocumentSink::prepare (on documents still kept)
//   serial, in input order:   Deduplicator::check
//   serial, in input order:   DocumentSink::consume (kept documents only)
// Stages never see thread counts or batches, and must decide from the document alone (plus, for the serial
// parts, what came before it in input order): that is what makes the output identical for any --threads.
//
// --resume: the kept documents of inputs completed by an earlier run are replayed, in input order, through
// Deduplicator::prepare/check (check's verdict is then ignored: the document was kept already; it only
// rebuilds the index) and DocumentSink::prepare/consume, so stateful stages end as an uninterrupted run would.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "src/records/document.h"
#include "src/records/json_text.h"

namespace winnow {

// A stage's decision about one document. `reason` must be a string with static lifetime (a literal): it is
// the ledger key and the rejects' "reason", e.g. "gopher_short_doc". `fields` is optional JSON members
// (without braces) added to the reject's "winnow" object to explain the decision, e.g.
// "\"value\":11.7,\"max\":10" or "\"duplicate_of\":\"doc-17\",\"cluster\":4".
struct Verdict {
  bool kept = true;
  std::string_view reason;
  std::string fields;

  static Verdict keep() { return {}; }
  static Verdict drop(std::string_view reason, std::string fields = {}) { return {false, reason, std::move(fields)}; }
};

// Decides keep or drop for one document; may rewrite doc.text (doc.set_text) or add doc.added_metadata.
// REQUIRES: keep() is safe to call from several threads at once on different documents.
class Filter {
 public:
  virtual ~Filter() = default;
  virtual std::string_view name() const = 0;  // the "stage" in rejects, e.g. "gopher_quality"
  virtual Verdict keep(Document& doc) const = 0;
  // Optional: members of this stage's object under "stages" in stats.json (e.g. per-rule signal histograms).
  // Called once, after the run.
  virtual void write_stats(JsonBuilder& /*json*/) const {}
};

// Removes duplicates. prepare() runs in parallel and may fill doc.signature; check() runs once per kept
// document in input order and returns drop(reason) for a duplicate (counted under "duplicates").
class Deduplicator {
 public:
  virtual ~Deduplicator() = default;
  virtual std::string_view name() const = 0;
  virtual void prepare(Document& doc) const = 0;
  virtual Verdict check(Document& doc) = 0;
  virtual void write_stats(JsonBuilder& /*json*/) const {}
  // Called once after the last document, before stats.json is written: files of the deduplicator's own
  // (a report, a saved index) go below `output_dir`, written atomically (src/io/atomic_file.h).
  virtual void finish(const std::string& /*output_dir*/) {}
};

// Receives every kept document in input order (e.g. the tokenizer writing shards). prepare() runs in parallel
// (e.g. fills doc.tokens); consume() is serial; finish() commits the sink's outputs after the last document.
class DocumentSink {
 public:
  virtual ~DocumentSink() = default;
  virtual std::string_view name() const = 0;
  virtual void prepare(Document& doc) const = 0;
  virtual void consume(const Document& doc) = 0;
  virtual void finish() = 0;
  virtual void write_stats(JsonBuilder& /*json*/) const {}
};

struct Stages {
  std::vector<std::unique_ptr<Filter>> filters;
  std::unique_ptr<Deduplicator> deduplicator;  // may be null
  std::vector<std::unique_ptr<DocumentSink>> sinks;
};

}  // namespace winnow
