#include "tokenizer/unicode_categories.h"

namespace winnow::tokenizer {
namespace {
#include "tokenizer/unicode_tables.inc"

constexpr std::string_view kNames[] = {
    "Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps",
    "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co",
};
}  // namespace

std::uint8_t unicode_record(char32_t cp) {
  if (cp >= 0x110000) return 0;
  const unsigned block = kStage1[cp >> kBlockShift];
  return kStage2[(block << kBlockShift) | (cp & ((1u << kBlockShift) - 1))];
}

GeneralCategory general_category(char32_t cp) {
  return static_cast<GeneralCategory>(unicode_record(cp) & 0x7f);
}

bool is_white_space(char32_t cp) { return (unicode_record(cp) & kWhiteSpaceBit) != 0; }

std::string_view category_name(GeneralCategory c) {
  const auto i = static_cast<unsigned>(c);
  return i < std::size(kNames) ? kNames[i] : std::string_view("??");
}

std::string_view unicode_version() { return WINNOW_UNICODE_VERSION; }

}  // namespace winnow::tokenizer
