// DIR/manifest.json: every output file of a finished run with its size and checksum, so a dataset can be
// validated after it is copied (`winnow verify DIR`).
//
// Layout (format_version 1):
//   {"format_version": 1, "winnow_version": "...", "config_fingerprint": "xxh3:...",
//    "files": [{"path": "kept/web-00.jsonl.zst", "bytes": 123, "xxh3": "16 hex digits"}, ...]}
// Paths are relative to DIR, sorted. Listed: this run's kept/ and rejects/ shards, everything under tokens/,
// the dedup report (dedup.json, report.html) when dedup ran, and stats.json. Written atomically, last, after stats.json: a manifest means the run finished.
#pragma once

#include <ostream>
#include <string>

namespace winnow {

struct RunReport;
void write_dataset_manifest(const std::string& output_dir, const RunReport& report, bool durable);

// Checks DIR against its manifest and its ledger:
//   - every listed file exists with its size and checksum, and no unlisted file sits in kept/ rejects/ tokens/;
//   - stats.json balances (totals and each input) and its inputs sum to its totals;
//   - each input's kept shard holds `kept` lines and its rejects shard `read - kept` (when written);
//   - a token manifest's document count equals the kept documents (when the run tokenized its kept output).
// Prints one line per problem, and a summary. Returns the number of problems (0: the dataset is intact).
int verify_dataset(const std::string& output_dir, std::ostream& out);

}  // namespace winnow
