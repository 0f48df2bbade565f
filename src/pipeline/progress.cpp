#include "src/pipeline/progress.h"

#include <cstdio>

namespace winnow {

ProgressLine::ProgressLine(const ProgressCounters& counters, bool enabled, std::uint64_t total_files,
                           std::uint64_t total_compressed_bytes)
    : counters_(counters),
      enabled_(enabled),
      total_files_(total_files),
      total_compressed_bytes_(total_compressed_bytes),
      start_(std::chrono::steady_clock::now()) {
  if (!enabled_) return;
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stop_; })) draw(false);
  });
}

ProgressLine::~ProgressLine() {
  if (!enabled_) return;
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
  draw(true);
}

void ProgressLine::draw(bool final_line) const {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double compressed_mb = static_cast<double>(counters_.compressed_bytes.load()) / 1e6;
  const double decoded_mb = static_cast<double>(counters_.decoded_bytes.load()) / 1e6;
  const double rate = seconds > 0 ? decoded_mb / seconds : 0.0;
  const double compressed_rate = seconds > 0 ? compressed_mb / seconds : 0.0;
  const double remaining_mb = static_cast<double>(total_compressed_bytes_) / 1e6 - compressed_mb;
  char eta[32] = "--";
  if (compressed_rate > 0 && remaining_mb > 0) {
    const auto left = static_cast<long>(remaining_mb / compressed_rate);
    std::snprintf(eta, sizeof eta, "%ld:%02ld", left / 60, left % 60);
  } else if (remaining_mb <= 0) {
    std::snprintf(eta, sizeof eta, "0:00");
  }
  std::fprintf(stderr,
               "\r\033[Kfiles %llu/%llu  records %llu  in %.1f MB (%.1f MB decoded)  %.1f MB/s  ETA %s%s",
               static_cast<unsigned long long>(counters_.files_done.load()),
               static_cast<unsigned long long>(total_files_),
               static_cast<unsigned long long>(counters_.records.load()), compressed_mb, decoded_mb, rate, eta,
               final_line ? "\n" : "");
  std::fflush(stderr);
}

}  // namespace winnow
