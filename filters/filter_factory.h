// Builds the filters a config's `filters:` section asks for, in the order the section lists them.
#pragma once

#include <memory>
#include <vector>

#include "src/config/config.h"
#include "src/pipeline/stages.h"

namespace winnow {

// Throws Error("FILE:LINE: ...") for an unknown filter, key or bad value.
std::vector<std::unique_ptr<Filter>> make_filters(const Config& config);

}  // namespace winnow
