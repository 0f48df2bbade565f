// Live progress on stderr: files done/total, documents, MB read (compressed and decoded), MB/s, and an ETA
// from the compressed bytes still to read. Counters are updated by the pipeline's serial stages; a background
// thread redraws one line twice a second.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace winnow {

struct ProgressCounters {
  std::atomic<std::uint64_t> files_done{0};
  std::atomic<std::uint64_t> records{0};
  std::atomic<std::uint64_t> compressed_bytes{0};
  std::atomic<std::uint64_t> decoded_bytes{0};
};

class ProgressLine {
 public:
  // Starts drawing when `enabled`; total_* describe the work of this run (resumed inputs excluded).
  ProgressLine(const ProgressCounters& counters, bool enabled, std::uint64_t total_files,
               std::uint64_t total_compressed_bytes);
  ~ProgressLine();  // draws a last line and ends it with a newline

 private:
  void draw(bool final_line) const;

  const ProgressCounters& counters_;
  bool enabled_;
  std::uint64_t total_files_;
  std::uint64_t total_compressed_bytes_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace winnow
