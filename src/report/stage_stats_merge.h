// Merging one stage's statistics (its object under "stages" in stats.json) from the run tasks of one run
// (`winnow run --finish`, docs/DEDUP.md "Staged mode as tasks"), so that the merged stats.json says what one
// `winnow run` over all the inputs would say, or says that it cannot.
//
// A stage's write_stats mixes counters (documents seen, lines removed, histogram bins) with echoes of its
// config (thresholds, list sizes, histogram edges). The rule that tells them apart without a list per stage:
// the stage's write_stats over no documents at all (the `baseline`, from a freshly built stage) holds every
// counter at 0, and every echo at its configured value. So, member by member:
//   integer, 0 or absent in the baseline     a counter: the tasks' values are summed (absent counts as 0)
//   integer, non-zero in the baseline        an echo: the tasks' values must be equal, and are kept
//   fractional number, string, true/false    must be equal in every task (an echo or a per-task measure)
//   object                                   merged member by member (members in order of first appearance)
//   array                                    merged element by element when every task's has the same length
// Anything else cannot be merged exactly: it is written as null and its path listed in `not_merged`, never
// given a made-up value. `rules` overrides the default for chosen member paths (relative to the stage object,
// "/"-separated): `echo` (must be equal), `not_merged`, or a replacement computed elsewhere (raw JSON).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace winnow {

struct StageMergeRule {
  enum class Kind { echo, not_merged, replace } kind = Kind::echo;
  std::string replacement;  // JSON, for replace
};

struct StageMergeResult {
  std::string json;                     // the merged object
  std::vector<std::string> not_merged;  // paths (prefixed by `path`) written as null
};

// Merges the `fragments` (JSON objects, one per task, task order) of the stage at `path` (e.g.
// "filters/gopher_quality"). `baseline` may be empty (no baseline: every integer is a counter).
// Throws Error when a fragment is not a JSON object.
StageMergeResult merge_stage_stats(const std::vector<std::string>& fragments, const std::string& baseline,
                                   const std::string& path,
                                   const std::map<std::string, StageMergeRule>& rules = {});

}  // namespace winnow
