// Unicode character properties the pre-tokenizers need: General_Category and White_Space.
//
// The data is a generated, committed table (unicode_tables.inc, written by gen_unicode_tables.py
// from Debian's unicode-data package); unicode_version() names the Unicode version it holds.
// The regex patterns tiktoken uses mean, per code point:
//   \p{L}  = General_Category Lu | Ll | Lt | Lm | Lo
//   \p{N}  = Nd | Nl | No
//   \p{M}  = Mn | Mc | Me
//   \s     = the White_Space property (PropList.txt), which is NOT a category: it holds some Cc
//            (TAB..CR, U+0085 NEL) and all Zs/Zl/Zp.
// Lookups are O(1) (two array reads), never allocate, and accept any char32_t: values beyond
// U+10FFFF and unassigned code points report Cn (unassigned) and no White_Space.
#pragma once

#include <cstdint>
#include <string_view>

namespace winnow::tokenizer {

// Values are the table's encoding; the generator lists them in the same order.
enum class GeneralCategory : std::uint8_t {
  Cn, Lu, Ll, Lt, Lm, Lo, Mn, Mc, Me, Nd, Nl, No,
  Pc, Pd, Ps, Pe, Pi, Pf, Po, Sm, Sc, Sk, So,
  Zs, Zl, Zp, Cc, Cf, Cs, Co,
};

// The General_Category of cp (Cn for unassigned or out-of-range values).
GeneralCategory general_category(char32_t cp);

// Whether cp has the White_Space property (what \s matches in tiktoken's patterns).
bool is_white_space(char32_t cp);

// Both answers packed in one byte, for hot loops: bits 0-6 the GeneralCategory value,
// bit 7 set for White_Space.
std::uint8_t unicode_record(char32_t cp);
inline constexpr std::uint8_t kWhiteSpaceBit = 0x80;

// The two-letter abbreviation, e.g. "Lu".
std::string_view category_name(GeneralCategory c);

// The Unicode version the table was generated from, e.g. "15.0.0".
std::string_view unicode_version();

}  // namespace winnow::tokenizer
