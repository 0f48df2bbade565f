// Helpers shared by the core's tests: fixtures are built by the tests themselves, never committed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "src/report/ledger.h"

namespace winnow::test {

// A fresh folder under $TMPDIR, removed with everything in it when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

void write_file(const std::string& path, std::string_view bytes);
std::string read_file(const std::string& path);
std::string zstd_compress(std::string_view bytes, int level = 3);  // one frame
std::string gzip_compress(std::string_view bytes);                 // one member
std::string zstd_decompress_file(const std::string& path);         // all frames; fails the test on error
std::vector<std::string> lines_of(std::string_view text);          // split at '\n', no trailing empty line

// Peak-memory assertions hold only for normal builds (see WINNOW_SANITIZE in CMakeLists.txt).
#ifdef WINNOW_SANITIZED
inline constexpr bool kMemoryBoundsMeasurable = false;
#else
inline constexpr bool kMemoryBoundsMeasurable = true;
#endif

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
  long peak_rss_kb = 0;  // the child's peak resident set size
};
// Runs the winnow binary with `args` (each a separate argument, no shell).
CommandResult run_winnow(const std::vector<std::string>& args);

// Starts the winnow binary with `args`, its stdout and stderr thrown away; returns its pid.
int spawn_winnow(const std::vector<std::string>& args);
// Waits for a spawned process; returns its exit code, or 128 + signal.
int wait_for(int pid);

// What a finished run left in an output folder, with every invariant checked (see check_outputs).
struct RunOutputs {
  Ledger totals;
  std::vector<std::string> kept;     // all kept lines, inputs in stats.json order
  std::vector<std::string> rejects;  // all reject lines
  std::string stats;                 // stats.json text
};
// Reads DIR/stats.json and every kept/rejects shard, and checks with doctest that: each input's ledger and the
// totals balance; totals equal the sum of inputs; each input's kept shard has exactly `kept` lines and its
// rejects shard exactly read - kept lines (when rejects are written); stats.json says invariant_holds.
RunOutputs check_outputs(const std::string& output_dir, bool rejects_written = true);

// stats.json without its "timing" object: the part that must be identical across thread counts.
std::string stats_without_timing(const std::string& stats_json);

}  // namespace winnow::test
