#include "tokenizer/encoding_registry.h"

namespace winnow::tokenizer {
namespace {

constexpr SpecialToken kR50kSpecial[] = {{"<|endoftext|>", 50256}};
constexpr SpecialToken kCl100kSpecial[] = {
    {"<|endoftext|>", 100257}, {"<|fim_prefix|>", 100258}, {"<|fim_middle|>", 100259},
    {"<|fim_suffix|>", 100260}, {"<|endofprompt|>", 100276}};
constexpr SpecialToken kO200kSpecial[] = {{"<|endoftext|>", 199999}, {"<|endofprompt|>", 200018}};

constexpr KnownEncoding kKnown[] = {
    {"r50k_base", "gpt2", "r50k_base.tiktoken",
     "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930", 50256,
     PretokenizePattern::kR50k, kR50kSpecial, 50256, 50257},
    {"cl100k_base", "", "cl100k_base.tiktoken",
     "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7", 100256,
     PretokenizePattern::kCl100k, kCl100kSpecial, 100257, 100277},
    {"o200k_base", "", "o200k_base.tiktoken",
     "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d", 199998,
     PretokenizePattern::kO200k, kO200kSpecial, 199999, 200019},
};

}  // namespace

std::span<const KnownEncoding> known_encodings() { return kKnown; }

const KnownEncoding* find_known_encoding(std::string_view name) {
  for (const auto& k : kKnown) {
    if (k.name == name || (!k.alias.empty() && k.alias == name)) return &k;
  }
  return nullptr;
}

}  // namespace winnow::tokenizer
