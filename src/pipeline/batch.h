// The unit of work flowing through the pipeline: a LineBatch and what each stage decided about its lines.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "src/io/line_batch.h"
#include "src/records/document.h"
#include "src/report/ledger.h"

namespace winnow {

enum class Outcome : std::uint8_t { kept, dropped, duplicate, error };

struct RecordOutcome {
  Outcome outcome = Outcome::error;
  std::string_view reason;  // static: a ledger key
  std::string_view stage;   // static: "read", "parse", or a stage's name()
  std::string detail;
  std::string fields;       // a stage's explanation (Verdict::fields)
  bool is_object = false;   // the line is a valid JSON object (rejects annotate it in place)
};

struct Batch {
  std::size_t input_index = 0;
  bool last_of_input = false;      // the input's final batch (possibly empty)
  bool replay = false;             // lines from kept/ of an input completed earlier (--resume): see pipeline.cpp
  LineBatch lines;
  std::vector<Document> documents;  // documents[i] belongs to lines.lines[i]
  std::vector<RecordOutcome> outcomes;
  std::string kept_text;      // kept records, before compression
  std::string rejects_text;   // rejects, before compression
  std::string kept_frame;     // compressed kept records
  std::string rejects_frame;  // compressed rejects
  Ledger ledger;              // this batch's share of its input's ledger

  // Readies the batch for reuse, keeping every buffer's capacity.
  void reset() {
    input_index = 0;
    last_of_input = false;
    replay = false;
    lines.clear();
    outcomes.clear();  // RecordOutcome strings are few and short: not worth keeping
    kept_text.clear();
    rejects_text.clear();
    kept_frame.clear();
    rejects_frame.clear();
    ledger = Ledger{};
  }
};

// Batches are recycled: a batch holds buffers of several MiB, and fresh ones for every batch made the kernel
// zero new pages for every byte read (a third of the run time, measured with perf). At most "batches in flight"
// batches ever exist. Thread-safe.
class BatchPool {
 public:
  Batch* acquire() {
    std::lock_guard lock(mutex_);
    if (free_.empty()) {
      all_.push_back(std::make_unique<Batch>());
      return all_.back().get();
    }
    Batch* batch = free_.back();
    free_.pop_back();
    batch->reset();
    return batch;
  }
  void release(Batch* batch) {
    std::lock_guard lock(mutex_);
    free_.push_back(batch);
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<Batch>> all_;
  std::vector<Batch*> free_;
};

}  // namespace winnow
