// Builds the deduplicator a config's `dedup:` section asks for (none when the section is absent).
#pragma once

#include <memory>

#include "dedup/dedup_config.h"
#include "src/config/config.h"
#include "src/pipeline/stages.h"

namespace winnow {

// Throws Error("FILE:LINE: ...") for an unknown key or bad value.
std::unique_ptr<Deduplicator> make_deduplicator(const Config& config);

// The `dedup:` section parsed, plus what the rest of the config tells the dedup stage (count_tokens).
// REQUIRES: config.dedup.present(). Throws like make_deduplicator.
dedup::DedupConfig dedup_config_of(const Config& config);

}  // namespace winnow
