// The generated table against facts from the Unicode Character Database (15.0).
#include <doctest/doctest.h>

#include <ios>

#include "tokenizer/unicode_categories.h"

using namespace winnow::tokenizer;
using GC = GeneralCategory;

TEST_CASE("the table is Unicode 15.0") { CHECK(unicode_version() == "15.0.0"); }

TEST_CASE("general categories of known code points") {
  struct Case { char32_t cp; GC gc; };
  const Case cases[] = {
      {U'A', GC::Lu}, {U'z', GC::Ll}, {0x01C5, GC::Lt}, {0x02B0, GC::Lm}, {0x4E2D, GC::Lo},
      {0x00AA, GC::Lo}, {0x0301, GC::Mn}, {0x093E, GC::Mc}, {0x20DD, GC::Me}, {U'7', GC::Nd},
      {0x0663, GC::Nd}, {0x2160, GC::Nl}, {0x00BD, GC::No}, {0x00B2, GC::No}, {U'_', GC::Pc},
      {U'-', GC::Pd}, {U'(', GC::Ps}, {U')', GC::Pe}, {0x00AB, GC::Pi}, {0x00BB, GC::Pf},
      {U'!', GC::Po}, {U'+', GC::Sm}, {U'$', GC::Sc}, {U'^', GC::Sk}, {0x00A9, GC::So},
      {U' ', GC::Zs}, {0x3000, GC::Zs}, {0x2028, GC::Zl}, {0x2029, GC::Zp}, {0x0000, GC::Cc},
      {0x0085, GC::Cc}, {0x00AD, GC::Cf}, {0xFEFF, GC::Cf}, {0x200D, GC::Cf}, {0xD800, GC::Cs},
      {0xE000, GC::Co}, {0x10FFFD, GC::Co}, {0x0378, GC::Cn}, {0x10FFFF, GC::Cn}, {0x110000, GC::Cn},
      {0x1F44D, GC::So}, {0x1F3FD, GC::Sk}, {0xAC00, GC::Lo}, {0xD7A3, GC::Lo},  // Hangul range ends
      {0x20000, GC::Lo}, {0x2A6DF, GC::Lo},                                      // CJK Ext. B range
      // New in Unicode 15.0: present. New in 15.1 (CJK Ext. I): still unassigned here.
      {0x1E030, GC::Lm}, {0x31350, GC::Lo}, {0x1F6DC, GC::So}, {0x2EBF0, GC::Cn},
  };
  for (const auto& c : cases) {
    INFO("U+" << std::hex << static_cast<unsigned>(c.cp));
    CHECK(category_name(general_category(c.cp)) == category_name(c.gc));
  }
}

TEST_CASE("White_Space is exactly PropList's 25 code points") {
  const char32_t spaces[] = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000,
                             0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
                             0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000};
  for (char32_t cp : spaces) CHECK(is_white_space(cp));
  int count = 0;
  for (char32_t cp = 0; cp < 0x110000; ++cp) count += is_white_space(cp) ? 1 : 0;
  CHECK(count == 25);
  // Look-alikes that are not White_Space.
  for (char32_t cp : {0x200B, 0xFEFF, 0x180E, 0x1C, 0x1F}) CHECK_FALSE(is_white_space(cp));
}
