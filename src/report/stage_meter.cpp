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
    while (!stopping_.load(std::memory_order_relaxed)) {
      std::this_thread::sleep_for(kSampleInterval);
      raise_to(peak_, resident_bytes_now());
    }
  });
}

StageMeter::~StageMeter() {
  stopping_ = true;
  if (sampler_.joinable()) sampler_.join();
}

StageUsage StageMeter::stop() {
  stopping_ = true;
  if (sampler_.joinable()) sampler_.join();
  raise_to(peak_, resident_bytes_now());
  StageUsage usage;
  usage.name = name_;
  usage.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();
  usage.cpu_seconds = cpu_seconds_now() - cpu_start_;
  usage.peak_rss_bytes = peak_.load();
  return usage;
}

}  // namespace winnow
