// Time and peak memory of one stage of a run (e.g. the staged dedup's pass 1, sorts, sweep and pass 2), for
// the dedup report's stages table. Peak memory is the stage's own: a thread samples the resident set size
// (/proc/self/statm) every kSampleInterval while the stage runs, so a stage that needs little memory is not
// charged with an earlier stage's peak. A spike shorter than the interval can be missed. (Resetting the
// kernel's high-water mark instead, /proc/self/clear_refs, would also lower what `time -v` or a scheduler
// reports as the process's peak, so winnow does not touch it.)
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace winnow {

struct StageUsage {
  std::string name;
  double seconds = 0;      // wall clock
  double cpu_seconds = 0;  // user + system, all threads of this process
  std::uint64_t peak_rss_bytes = 0;
};

class StageMeter {
 public:
  static constexpr std::chrono::milliseconds kSampleInterval{5};

  // Starts measuring now.
  explicit StageMeter(std::string name);
  ~StageMeter();
  StageMeter(const StageMeter&) = delete;
  StageMeter& operator=(const StageMeter&) = delete;

  // Stops measuring and returns the usage from the constructor to now. Call once.
  StageUsage stop();

 private:
  std::string name_;
  std::chrono::steady_clock::time_point wall_start_;
  double cpu_start_ = 0;
  std::atomic<std::uint64_t> peak_{0};
  // The sampler waits on `wake_` between samples so that stopping does not wait out an interval.
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread sampler_;

  void stop_sampler();
};

// The process's resident set size now, in bytes (0 where /proc is missing).
std::uint64_t resident_bytes_now();

}  // namespace winnow
