// `winnow slurm plan | submit | status | resume`: winnow's stages as Slurm array jobs chained with
// afterok dependencies, on an output folder every node shares (docs/scale-out.md).
#pragma once

#include <string>
#include <vector>

namespace winnow {

extern const char* const kSlurmHelp;

// Returns the process exit status (see kSlurmHelp).
int slurm_command(const std::vector<std::string>& args);

}  // namespace winnow
