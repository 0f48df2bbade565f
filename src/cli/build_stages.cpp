#include "src/cli/build_stages.h"

#include "dedup/dedup_factory.h"
#include "filters/filter_factory.h"
#include "src/error.h"

namespace winnow {

Stages build_stages(const Config& config) {
  Stages stages;
  stages.filters = make_filters(config);
  stages.deduplicator = make_deduplicator(config);
  if (config.tokenizer.present()) {
    config.tokenizer.values().fail(config.tokenizer.node,
                                   "tokenizer: the pipeline's tokenizer stage is not wired in this version yet");
  }
  return stages;
}

}  // namespace winnow
