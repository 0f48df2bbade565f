#include "dedup/report_clock.h"

#include <sys/resource.h>

namespace winnow::dedup {

void ReportClock::set_earlier_stages(std::vector<StageUsage> stages, std::string own_stage) {
  earlier_stages_ = std::move(stages);
  own_stage_ = std::move(own_stage);
}

void ReportClock::stop() {
  if (!meter_) return;
  own_usage_ = meter_->stop();
  own_usage_->name = own_stage_;
  meter_.reset();
}

void ReportClock::fill(DedupReport& report) const {
  using Seconds = std::chrono::duration<double>;
  report.wall_seconds = Seconds(std::chrono::steady_clock::now() - created_).count();
  report.check_seconds = Seconds(check_time_).count();
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) == 0) report.peak_rss_bytes = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
  report.stages = earlier_stages_;
  if (own_usage_) report.stages.push_back(*own_usage_);
}

}  // namespace winnow::dedup
