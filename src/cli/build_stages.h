// Assembles the pipeline's stages from the config: each layer builds its own from its section.
#pragma once

#include <string>

#include "src/config/config.h"
#include "src/pipeline/stages.h"

namespace winnow {

// Throws Error("FILE:LINE: ...") when a section asks for something unknown or malformed.
// output_dir is the run's --output: stages that write files of their own put them below it.
Stages build_stages(const Config& config, const std::string& output_dir);

}  // namespace winnow
