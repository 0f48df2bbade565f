// Builds the deduplicator a config's `dedup:` section asks for (none when the section is absent).
#pragma once

#include <memory>

#include "src/config/config.h"
#include "src/pipeline/stages.h"

namespace winnow {

// Throws Error("FILE:LINE: ...") for an unknown key or bad value.
std::unique_ptr<Deduplicator> make_deduplicator(const Config& config);

}  // namespace winnow
