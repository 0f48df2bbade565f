#include "dedup/normalization_tables.h"

namespace winnow::dedup {
namespace {
#include "dedup/normalization_tables.inc"
}  // namespace

const CodePointFacts& facts_of(char32_t code_point) {
  if (code_point > 0x10FFFF) code_point = 0xFFFD;
  const std::uint32_t block = kStage1[code_point >> kBlockBits];
  const std::uint32_t low = code_point & ((1u << kBlockBits) - 1);
  return kFacts[kStage2[(block << kBlockBits) + low]];
}

std::string_view mapping_of(const CodePointFacts& facts) {
  return {reinterpret_cast<const char*>(kMappingPool) + facts.offset, facts.size};
}

std::string_view normalization_unicode_version() { return kUnicodeVersion; }

}  // namespace winnow::dedup
