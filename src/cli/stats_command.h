// `winnow stats DIR`: prints the signal histograms of DIR/stats.json (filters/signal_histogram.h has the
// layout) so thresholds can be tuned: per filter family, per signal, the bins with their counts and a bar,
// the threshold in force marked where it falls, quantiles, and for each bin edge how many documents a
// threshold there would drop.
#pragma once

#include <string>
#include <vector>

namespace winnow {

extern const char* const kStatsHelp;

int stats_command(const std::vector<std::string>& args);

}  // namespace winnow
