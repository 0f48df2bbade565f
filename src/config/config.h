// The run configuration: what a pipeline.yaml holds, with the defaults used when a key is absent.
//
// Every key is documented in README.md ("Configuration"). Unknown keys are an error (naming the file and line),
// because a misspelt threshold that is silently ignored is worse than a refused run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "src/config/yaml_values.h"

namespace winnow {

struct InputConfig {
  std::string text_key = "text";  // top-level field holding the document text (a JSON string)
  std::string id_key = "id";      // top-level field holding the id; absent -> "<file>:<line>"
  // A line longer than this is rejected as `line_too_long` without being held in memory whole.
  std::size_t max_line_bytes = std::size_t{128} << 20;
  // Decompression-bomb guards (0 = off): a file is cut where it passes either, with a decompression_limit error.
  std::uint64_t max_decoded_bytes = 0;  // per input file
  double max_expansion_ratio = 1000;    // decoded / compressed, checked after 256 MiB decoded
  // input.invalid_utf8: `reject` (false, default): a line with invalid UTF-8 is an invalid_utf8 error;
  // `repair` (true): each maximal invalid subsequence becomes U+FFFD and the repaired line is processed (and
  // kept as repaired). src/records/record_parser.h.
  bool repair_invalid_utf8 = false;
};

struct OutputConfig {
  int compression_level = 3;  // zstd level of kept/ and rejects/ shards (1..19)
  bool write_kept = true;     // false: kept records are only counted (and fed to the tokenizer), not written
  bool write_rejects = true;  // false: rejected records are only counted, not written
  // fsync outputs before renaming them into place, so a completed input survives a power loss, not only a
  // killed process. Costs the time the disk needs to take the output; false leaves that to the kernel.
  bool fsync = true;
};

struct PipelineConfig {
  // The reader cuts the input into batches of about this many uncompressed bytes; a batch is the unit of
  // parallel work. Batch boundaries depend only on the input, never on the thread count (determinism).
  // 2 MiB: measured against 0.5, 1 and 4 MiB on the bench corpus, as fast as any (a batch and what is made
  // from it stay in cache) at half the memory of 4 MiB.
  std::size_t batch_bytes = std::size_t{2} << 20;
  // Batches alive at once. Bounds memory: roughly batches_in_flight * (batch_bytes + longest line) * 2.
  // 0 = automatic (2 * threads + 2).
  std::size_t batches_in_flight = 0;
};

struct Config {
  InputConfig input;
  OutputConfig output;
  PipelineConfig pipeline;
  // Sections read by the layers that own them when the stages are built (filters/, dedup/, tokenizer/).
  ConfigSection filters;
  ConfigSection dedup;
  ConfigSection tokenizer;

  // Canonical text of every setting that changes what is written. Two configs with the same canonical text
  // produce the same output; its hash is the fingerprint stored in stats.json and in completion markers.
  std::string canonical() const;
  std::string fingerprint() const;  // "xxh3:<16 hex digits>" of canonical()
};

// Reads a YAML config file. Throws Error("FILE:LINE: ...") on syntax errors, unknown keys and bad values.
Config load_config(const std::string& path);

// Parses YAML text (for tests); `name` is used in error messages in place of a file name.
Config parse_config(const std::string& yaml_text, const std::string& name);

}  // namespace winnow
