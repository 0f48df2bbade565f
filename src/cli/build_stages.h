// Assembles the pipeline's stages from the config: each layer builds its own from its section.
#pragma once

#include "src/config/config.h"
#include "src/pipeline/stages.h"

namespace winnow {

// Throws Error("FILE:LINE: ...") when a section asks for something unknown or malformed.
Stages build_stages(const Config& config);

}  // namespace winnow
