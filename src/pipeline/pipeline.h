// The streaming pipeline: read -> parse + filters (parallel) -> dedup (serial, in order) -> render + compress
// (parallel) -> write (serial, in order). See ARCHITECTURE.md for the picture and the reasons.
//
// Guarantees:
//   - Memory is bounded by (batches in flight) x (batch size + longest line), never by input size.
//   - Output bytes depend only on the inputs and the config, never on --threads or timing.
//   - Each input's ledger balances (read == kept + dropped + duplicates + errors); run_pipeline checks it and
//     throws if it does not, since that would be a bug in winnow.
//   - Outputs appear under their final names only when complete (AtomicFile); an input's completion marker is
//     written after its outputs, so --resume redoes exactly the inputs without one.
#pragma once

#include <string>
#include <vector>

#include "src/config/config.h"
#include "src/io/input_files.h"
#include "src/pipeline/stages.h"
#include "src/report/ledger.h"

namespace winnow {

struct RunRequest {
  std::vector<InputFile> inputs;
  std::vector<std::string> matched_nothing;  // arguments that named no file (reported as warnings)
  std::string output_dir;
  Config config;
  unsigned threads = 0;   // 0: every core
  bool strict = false;    // stop at the first bad record: throw Error("FILE:LINE: reason"), keep no partial output
  bool resume = false;    // skip inputs whose completion marker matches (same input, same config fingerprint)
  bool progress = false;  // draw the progress line on stderr
  // Delete other processes' leftover "*.tmp.<pid>" files below output_dir first. Off for run tasks
  // (`winnow run --task`), which share the folder with tasks running at the same time.
  bool remove_stale_temp_files = true;
};

struct InputReport {
  InputFile input;
  Ledger ledger;
  bool resumed = false;  // taken from its completion marker, not processed in this run
};

struct RunReport {
  std::vector<InputReport> inputs;  // in input order
  std::vector<std::string> matched_nothing;
  Ledger totals;
  double seconds = 0;
  unsigned threads = 0;
  std::string config_fingerprint;
  std::string stages_json;
  std::string run_tasks_json;  // `winnow run --finish`: {"tasks": N, "not_merged": [...]}; empty otherwise
  bool wrote_kept = true;
  bool wrote_rejects = true;  // each stage's own statistics (Filter/Deduplicator/DocumentSink::write_stats)
};

// {"filters": {name: {...}}, "dedup": {name: {...}}, "sinks": {name: {...}}}: each stage's write_stats.
std::string stages_json(const Stages& stages);

// Runs the pipeline over request.inputs with `stages`. Throws Error for --strict stops and I/O failures.
RunReport run_pipeline(const RunRequest& request, Stages& stages);

}  // namespace winnow
