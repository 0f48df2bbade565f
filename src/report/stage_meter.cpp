#include "src/report/stage_meter.h"

#include <sys/resource.h>

#include <fstream>
#include <sstream>

namespace winnow {
namespace {

double cpu_seconds_now() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

bool reset_peak_rss() {
  std::ofstream clear_refs("/proc/self/clear_refs");
  if (!clear_refs) return false;
  clear_refs << "5";
  clear_refs.flush();
  return static_cast<bool>(clear_refs);
}

// VmHWM from /proc/self/status (kB), or getrusage's ru_maxrss (the process's peak) where /proc is missing.
std::uint64_t peak_rss_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) != 0) continue;
    std::istringstream fields(line.substr(6));
    std::uint64_t kilobytes = 0;
    if (fields >> kilobytes) return kilobytes * 1024;
  }
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
}

}  // namespace

StageMeter::StageMeter(std::string name)
    : name_(std::move(name)),
      wall_start_(std::chrono::steady_clock::now()),
      cpu_start_(cpu_seconds_now()),
      peak_reset_(reset_peak_rss()) {}

StageUsage StageMeter::stop() const {
  StageUsage usage;
  usage.name = name_;
  usage.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();
  usage.cpu_seconds = cpu_seconds_now() - cpu_start_;
  usage.peak_rss_bytes = peak_rss_bytes();
  usage.peak_is_per_stage = peak_reset_;
  return usage;
}

}  // namespace winnow
