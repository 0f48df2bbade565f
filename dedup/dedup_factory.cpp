#include "dedup/dedup_factory.h"

#include "dedup/minhash_deduplicator.h"

namespace winnow {

dedup::DedupConfig dedup_config_of(const Config& config) {
  dedup::DedupConfig parsed = dedup::parse_dedup_config(config.dedup);
  parsed.count_tokens = config.tokenizer.present();
  return parsed;
}

std::unique_ptr<Deduplicator> make_deduplicator(const Config& config) {
  if (!config.dedup.present()) return nullptr;
  return std::make_unique<dedup::MinHashDeduplicator>(dedup_config_of(config));
}

}  // namespace winnow
