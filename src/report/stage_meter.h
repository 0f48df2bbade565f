// Time and peak memory of one stage of a run (e.g. the staged dedup's pass 1, sorts, sweep and pass 2), for
// the dedup report's "stages" table. Peak memory is per stage, not per process: the kernel's high-water mark
// of resident memory (VmHWM) is reset when a stage starts (writing "5" to /proc/self/clear_refs, Linux >= 4.0),
// so a stage that needs little memory is not charged with an earlier stage's peak. Where the reset is not
// possible the figure is the process's peak so far, and `peak_is_per_stage` says so.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace winnow {

struct StageUsage {
  std::string name;
  double seconds = 0;            // wall clock
  double cpu_seconds = 0;        // user + system, all threads of this process
  std::uint64_t peak_rss_bytes = 0;
  bool peak_is_per_stage = false;
};

class StageMeter {
 public:
  // Starts measuring now (resets the high-water mark).
  explicit StageMeter(std::string name);
  // The usage from the constructor to now.
  StageUsage stop() const;

 private:
  std::string name_;
  std::chrono::steady_clock::time_point wall_start_;
  double cpu_start_ = 0;
  bool peak_reset_ = false;
};

}  // namespace winnow
