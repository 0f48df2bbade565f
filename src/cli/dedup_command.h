// `winnow dedup STAGE ...`: the staged dedup mode's stages as separate commands over task ids.
#pragma once

#include <string>
#include <vector>

namespace winnow {

extern const char* const kDedupHelp;

// Runs `winnow dedup ARGS...`; returns the process exit status (0 ok, 1 stage failed, 2 usage error).
int dedup_command(const std::vector<std::string>& args);

}  // namespace winnow
