#include "src/cli/build_stages.h"

#include "dedup/dedup_factory.h"
#include "filters/filter_factory.h"
#include "tokenizer/token_sink.h"

namespace winnow {

Stages build_stages(const Config& config, const std::string& output_dir) {
  Stages stages;
  stages.filters = make_filters(config);
  stages.deduplicator = make_deduplicator(config);
  if (auto sink = tokenizer::make_token_sink(config, output_dir)) stages.sinks.push_back(std::move(sink));
  return stages;
}

}  // namespace winnow
