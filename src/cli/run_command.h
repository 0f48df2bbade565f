// `winnow run`: argument parsing and the command itself.
#pragma once

#include <string>
#include <vector>

namespace winnow {

extern const char* const kRunHelp;

// Runs `winnow run ARGS...`; returns the process exit status (0 ok, 1 run failed, 2 usage error).
int run_command(const std::vector<std::string>& args);

}  // namespace winnow
