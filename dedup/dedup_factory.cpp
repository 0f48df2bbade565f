#include "dedup/dedup_factory.h"

#include "src/error.h"

namespace winnow {

std::unique_ptr<Deduplicator> make_deduplicator(const Config& config) {
  if (config.dedup.present()) {
    config.dedup.values().fail(config.dedup.node, "dedup: deduplication is not implemented in this version yet");
  }
  return nullptr;
}

}  // namespace winnow
