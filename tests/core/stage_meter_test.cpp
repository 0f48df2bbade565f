#include "src/report/stage_meter.h"

#include <sys/mman.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "doctest/doctest.h"

namespace winnow {
namespace {

constexpr std::size_t kBlock = 64u << 20;

// Maps, touches, holds for several sample intervals and unmaps kBlock bytes directly (not through malloc,
// whose caches or a sanitizer's quarantine would keep the pages resident after the stage).
void touch_and_release_block() {
  void* block = mmap(nullptr, kBlock, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  REQUIRE(block != MAP_FAILED);
  std::memset(block, 1, kBlock);
  std::this_thread::sleep_for(StageMeter::kSampleInterval * 6);
  munmap(block, kBlock);
}

TEST_CASE("a stage's peak memory is its own, not an earlier stage's") {
  StageMeter heavy("heavy");
  touch_and_release_block();
  const StageUsage heavy_usage = heavy.stop();
  CHECK(heavy_usage.name == "heavy");
  CHECK(heavy_usage.peak_rss_bytes >= kBlock);

  StageMeter light("light");
  std::this_thread::sleep_for(StageMeter::kSampleInterval * 3);
  const StageUsage light_usage = light.stop();
  CHECK(light_usage.peak_rss_bytes > 0);
  CHECK(light_usage.peak_rss_bytes + kBlock / 2 < heavy_usage.peak_rss_bytes);
}

TEST_CASE("a stage's time counts wall clock and CPU") {
  StageMeter meter("spin");
  volatile std::uint64_t sink = 0;
  for (std::uint64_t i = 0; i < 50'000'000; ++i) sink = sink + i;
  const StageUsage usage = meter.stop();
  CHECK(usage.seconds > 0);
  CHECK(usage.cpu_seconds > 0);
  CHECK(usage.cpu_seconds <= usage.seconds * 2 + 0.05);  // one thread spun (2 allows for clock granularity)
}

}  // namespace
}  // namespace winnow
