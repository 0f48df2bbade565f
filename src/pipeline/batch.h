// The unit of work flowing through the pipeline: a LineBatch and what each stage decided about its lines.
#pragma once

#include <cstdint>
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
  bool is_object = false;   // the line is a valid JSON object (rejects annotate it in place)
};

struct Batch {
  std::size_t input_index = 0;
  bool last_of_input = false;      // the input's final batch (possibly empty)
  LineBatch lines;
  std::vector<Document> documents;  // documents[i] belongs to lines.lines[i]
  std::vector<RecordOutcome> outcomes;
  std::string kept_frame;     // compressed kept records
  std::string rejects_frame;  // compressed rejects
  Ledger ledger;              // this batch's share of its input's ledger
};

}  // namespace winnow
