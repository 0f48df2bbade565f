// The dedup report's time and memory (DedupReport::wall_seconds, check_seconds, peak_rss_bytes, stages), kept
// the same way by every deduplicator that writes a report: the stage's own time from construction to finish(),
// the serial check()'s time, and the earlier stages of the run (staged mode) ahead of its own.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dedup/dedup_report.h"
#include "src/report/stage_meter.h"

namespace winnow::dedup {

class ReportClock {
 public:
  explicit ReportClock(std::string own_stage) : own_stage_(std::move(own_stage)) {}

  // The stages that ran before this one (e.g. pass 1, buckets, sweep), and this one's name.
  void set_earlier_stages(std::vector<StageUsage> stages, std::string own_stage);

  // Adds the time until the returned object is destroyed to check_seconds: hold it for the whole of check().
  class CheckTimer {
   public:
    explicit CheckTimer(std::chrono::steady_clock::duration& total)
        : total_(total), started_(std::chrono::steady_clock::now()) {}
    ~CheckTimer() { total_ += std::chrono::steady_clock::now() - started_; }
    CheckTimer(const CheckTimer&) = delete;
    CheckTimer& operator=(const CheckTimer&) = delete;

   private:
    std::chrono::steady_clock::duration& total_;
    std::chrono::steady_clock::time_point started_;
  };
  CheckTimer time_check() { return CheckTimer(check_time_); }

  // Ends this stage's measurement (finish()); later calls do nothing.
  void stop();
  // Sets the report's wall_seconds, check_seconds, peak_rss_bytes and stages.
  void fill(DedupReport& report) const;

 private:
  std::chrono::steady_clock::time_point created_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::duration check_time_{};
  std::unique_ptr<StageMeter> meter_ = std::make_unique<StageMeter>("");
  std::vector<StageUsage> earlier_stages_;
  std::string own_stage_;
  std::optional<StageUsage> own_usage_;  // set by stop()
};

}  // namespace winnow::dedup
