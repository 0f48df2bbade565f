// The help of a command with verbs (`winnow dedup STAGE ...`, `winnow slurm VERB ...`), asked for or implied.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace winnow {

// No arguments: the help on stderr, exit code 2 (a verb is required). -h or --help anywhere: the help on
// stdout, exit code 0. Returns the exit code when it printed the help; nothing when the command should run.
std::optional<int> print_help_if_asked(const std::vector<std::string>& args, const char* help);

}  // namespace winnow
