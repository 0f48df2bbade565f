// `winnow run`: argument parsing and the command itself.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "src/config/config.h"

namespace winnow {

extern const char* const kRunHelp;

// Runs `winnow run ARGS...`; returns the process exit status (0 ok, 1 run failed, 2 usage error).
int run_command(const std::vector<std::string>& args);

// The machinery of `run`, shared with commands that are a run with a preset config (tokenize): parses the run
// options in `args`, loads --config, lets `adjust_config` change it (may be null), runs, reports.
// `apply_saved_plan` (winnow dedup remove): dedup runs staged and applies the plan `winnow dedup plan` left in
// the output folder instead of planning.
int execute_run(const std::string& command, const char* help, const std::vector<std::string>& args,
                const std::function<void(Config&)>& adjust_config, bool apply_saved_plan = false);

}  // namespace winnow
