#include "dedup/dedup_factory.h"

#include "dedup/dedup_config.h"
#include "dedup/minhash_deduplicator.h"

namespace winnow {

std::unique_ptr<Deduplicator> make_deduplicator(const Config& config) {
  if (!config.dedup.present()) return nullptr;
  dedup::DedupConfig parsed = dedup::parse_dedup_config(config.dedup);
  parsed.count_tokens = config.tokenizer.present();
  return std::make_unique<dedup::MinHashDeduplicator>(std::move(parsed));
}

}  // namespace winnow
