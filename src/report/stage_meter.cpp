#include "src/report/stage_meter.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

namespace winnow {
namespace {

double cpu_seconds_now() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void raise_to(std::atomic<std::uint64_t>& peak, std::uint64_t value) {
  std::uint64_t seen = peak.load(std::memory_order_relaxed);
  while (value > seen && !peak.compare_exchange_weak(seen, value, std::memory_order_relaxed)) {
  }
}

}  // namespace

std::uint64_t resident_bytes_now() {
  // statm: size resident shared text lib data dt, in pages. A C stream: cheap enough to read every 5 ms.
  std::FILE* statm = std::fopen("/proc/self/statm", "r");
  if (statm == nullptr) return 0;
  unsigned long long size = 0, resident = 0;
  const int read = std::fscanf(statm, "%llu %llu", &size, &resident);
  std::fclose(statm);
  if (read != 2) return 0;
  return static_cast<std::uint64_t>(resident) * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

StageMeter::StageMeter(std::string name)
    : name_(std::move(name)), wall_start_(std::chrono::steady_clock::now()), cpu_start_(cpu_seconds_now()) {
  raise_to(peak_, resident_bytes_now());
  sampler_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, kSampleInterval, [this] { return stopping_; })) {
      raise_to(peak_, resident_bytes_now());
    }
  });
}

void StageMeter::stop_sampler() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (sampler_.joinable()) sampler_.join();
}

StageMeter::~StageMeter() { stop_sampler(); }

StageUsage StageMeter::stop() {
  stop_sampler();
  raise_to(peak_, resident_bytes_now());
  StageUsage usage;
  usage.name = name_;
  usage.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();
  usage.cpu_seconds = cpu_seconds_now() - cpu_start_;
  usage.peak_rss_bytes = peak_.load();
  return usage;
}

}  // namespace winnow
