// stats.json and the summary printed at the end of a run.
//
// stats.json layout (format_version 1; later stages add keys, never rename them):
//   {
//     "format_version": 1, "winnow_version": "...", "config_fingerprint": "xxh3:...",
//     "totals": LEDGER, "invariant_holds": true,
//     "inputs": [ {"path": "...", "name": "...", "resumed": false, LEDGER fields...}, ... ],
//     "inputs_matched_nothing": ["..."],
//     "outputs": {"kept": true, "rejects": true},   // which shards the run wrote (output.write_kept/_rejects)
//     "stages": {"filters": {NAME: {...}}, "dedup": {NAME: {...}}, "sinks": {NAME: {...}}},
//     "run_tasks": {"tasks": N, "not_merged": ["filters/NAME/...", ...]},  // only from `winnow run --finish`
//     "timing": {"seconds": s, "threads": n, "decoded_mb_per_second": r, "compressed_mb_per_second": r}
//   }
// where LEDGER is {"read", "kept", "dropped": {reason: n}, "duplicates": {...}, "errors": {...},
// "warnings": {...}, "blank_lines", "compressed_bytes", "decoded_bytes"}.
// Everything but "timing" depends only on the inputs and the config.
#pragma once

#include <ostream>
#include <string>

#include "src/pipeline/pipeline.h"

namespace winnow {

std::string stats_json(const RunReport& report);
void write_stats(const RunReport& report, const std::string& path, bool durable);  // atomically
void print_summary(const RunReport& report, const std::string& output_dir, std::ostream& out);

}  // namespace winnow
