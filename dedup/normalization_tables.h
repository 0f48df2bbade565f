// Per-code-point facts for the MinHash normalizer (dedup/word_normalizer.h), generated from one pinned Unicode
// version by dedup/gen_normalization_tables.py into normalization_tables.inc.
//
// Layout: a two-stage table. kStage1[cp >> kBlockBits] names a block; kStage2[block * 2^kBlockBits + low bits]
// is an index into kFacts. A CodePointFacts holds the flags below and, when MAPPED is set, the UTF-8 bytes
// kMappingPool[offset .. offset + size) that the character becomes after lowercasing, canonical decomposition
// and removal of nonspacing marks (size 0: the character vanishes, e.g. a combining accent).
#pragma once

#include <cstdint>
#include <string_view>

namespace winnow::dedup {

struct CodePointFacts {
  std::uint8_t flags;
  std::uint8_t size;
  std::uint32_t offset;
};

namespace fact {
inline constexpr std::uint8_t digit = 0x01;            // general category Nd
inline constexpr std::uint8_t datatrove_sep = 0x02;    // whitespace or in datatrove's PUNCTUATION string
inline constexpr std::uint8_t fast_sep = 0x04;         // datatrove_sep, or P*, S*, Cc
inline constexpr std::uint8_t fast_drop = 0x08;        // Cf (soft hyphen, zero-width joiner, ...)
inline constexpr std::uint8_t cjk = 0x10;              // letter of a script written without spaces
inline constexpr std::uint8_t cased = 0x20;            // Unicode Cased
inline constexpr std::uint8_t case_ignorable = 0x40;   // Unicode Case_Ignorable
inline constexpr std::uint8_t mapped = 0x80;           // replaced by its mapping
}  // namespace fact

const CodePointFacts& facts_of(char32_t code_point);
std::string_view mapping_of(const CodePointFacts& facts);
// The Unicode version the tables were generated from, e.g. "14.0.0".
std::string_view normalization_unicode_version();

}  // namespace winnow::dedup
