// Where a run's outputs live under --output DIR. Later stages add folders; none is ever renamed.
//
//   DIR/kept/<name>.jsonl.zst      kept records, every original field, in input order
//   DIR/rejects/<name>.jsonl.zst   dropped, duplicate and unreadable records, each with "winnow": {reason, stage, ...}
//   DIR/stats.json                 the ledger, totals and per input, timings, config fingerprint
//   DIR/.done/<name>               completion marker of one input (JSON: its identity, fingerprint, ledger)
//
// The marker is written last, after both shards are renamed into place: an input with a marker is complete.
#pragma once

#include <optional>
#include <string>

#include "src/io/input_files.h"
#include "src/report/ledger.h"

namespace winnow {

class OutputLayout {
 public:
  explicit OutputLayout(std::string directory) : directory_(std::move(directory)) {}

  // Creates the folders. Throws Error when that fails.
  void create() const;
  const std::string& directory() const { return directory_; }
  std::string kept_path(const std::string& name) const { return directory_ + "/kept/" + name + ".jsonl.zst"; }
  std::string rejects_path(const std::string& name) const {
    return directory_ + "/rejects/" + name + ".jsonl.zst";
  }
  std::string marker_path(const std::string& name) const { return directory_ + "/.done/" + name; }
  std::string stats_path() const { return directory_ + "/stats.json"; }

 private:
  std::string directory_;
};

// A completion marker: which input, under which config, and its ledger (so a resumed run reports it whole).
struct CompletionMarker {
  std::string input_path;
  std::uint64_t input_size = 0;
  std::int64_t input_modified_ns = 0;
  std::string config_fingerprint;
  Ledger ledger;

  std::string to_json() const;
  // Reads a marker; nullopt when the file is missing or unreadable (then the input is simply redone).
  static std::optional<CompletionMarker> read(const std::string& path);
  // True when this marker says `input` was completed under `fingerprint` and the input has not changed.
  bool completes(const InputFile& input, const std::string& fingerprint) const;
};

}  // namespace winnow
