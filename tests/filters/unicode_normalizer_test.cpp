// unicode_normalizer: NFC / NFKC / NFD / NFKD through ICU, with the ASCII-prefix and quick-check fast path.
#include <doctest/doctest.h>

#include <unicode/normalizer2.h>

#include <random>
#include <string>

#include "filters/filter_factory.h"
#include "filters/unicode_normalizer.h"
#include "src/error.h"
#include "src/records/json_text.h"

namespace winnow::filters {
namespace {

// The text after the normalizer ran on it: it never drops, and text_changed says whether a byte changed.
std::string normalized(NormalizationForm form, const std::string& text) {
  const auto filter = make_unicode_normalizer({form});
  Document doc;
  doc.text = text;
  REQUIRE(filter->keep(doc).kept);
  CHECK(doc.text_changed == (doc.text != text));
  CHECK(is_valid_utf8(doc.text));
  return doc.text;
}

// ICU on the whole text, without winnow's fast path: the reference for the fast path.
std::string icu_normalized(NormalizationForm form, const std::string& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = form == NormalizationForm::nfc    ? icu::Normalizer2::getNFCInstance(status)
                              : form == NormalizationForm::nfkc ? icu::Normalizer2::getNFKCInstance(status)
                              : form == NormalizationForm::nfd  ? icu::Normalizer2::getNFDInstance(status)
                                                                : icu::Normalizer2::getNFKDInstance(status);
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  n->normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())), sink, nullptr, status);
  REQUIRE(U_SUCCESS(status));
  return out;
}

TEST_CASE("unicode_normalizer NFC composes a base letter and its combining accent, also right after ASCII") {
  CHECK(normalized(NormalizationForm::nfc, "cafe\xCC\x81") == "caf\xC3\xA9");  // e + U+0301 -> U+00E9
  // The accent follows 8 ASCII bytes: the ASCII skip must hand the "e" to the check with its accent.
  CHECK(normalized(NormalizationForm::nfc, "abcdefghe\xCC\x81 ok") == "abcdefgh\xC3\xA9 ok");
  CHECK(normalized(NormalizationForm::nfc, "\xCC\x81") == "\xCC\x81");  // a lone accent stays
  // Hangul conjoining jamo U+1100 U+1161 compose to the syllable U+AC00.
  CHECK(normalized(NormalizationForm::nfc, "\xE1\x84\x80\xE1\x85\xA1") == "\xEA\xB0\x80");
  // Canonical reordering: dot below (ccc 220) goes before the acute (ccc 230): q + U+0301 + U+0323.
  CHECK(normalized(NormalizationForm::nfc, "q\xCC\x81\xCC\xA3") == "q\xCC\xA3\xCC\x81");
}

TEST_CASE("unicode_normalizer leaves normalized text untouched and unchanged-flagged") {
  for (const char* text : {"", "plain ASCII only, more than eight bytes long", "caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87",
                           "\xF0\x9F\x98\x80 emoji"}) {
    std::string out;
    CHECK_FALSE(normalize_unicode(text, NormalizationForm::nfc, out));
    CHECK(normalized(NormalizationForm::nfc, text) == text);
  }
}

TEST_CASE("unicode_normalizer NFKC folds compatibility characters that NFC keeps") {
  const std::string text = "\xEF\xBC\xA1\xEF\xAC\x81\xE2\x91\xA0";  // full-width A, ligature fi, circled 1
  CHECK(normalized(NormalizationForm::nfc, text) == text);
  CHECK(normalized(NormalizationForm::nfkc, text) == "Afi1");
  CHECK(normalized(NormalizationForm::nfkd, "\xEF\xAC\x81\xC3\xA9") == "fie\xCC\x81");
}

TEST_CASE("unicode_normalizer NFD decomposes precomposed letters") {
  CHECK(normalized(NormalizationForm::nfd, "caf\xC3\xA9") == "cafe\xCC\x81");
  CHECK(normalized(NormalizationForm::nfd, "\xEA\xB0\x80") == "\xE1\x84\x80\xE1\x85\xA1");
  CHECK(normalized(NormalizationForm::nfd, "cafe") == "cafe");
}

TEST_CASE("unicode_normalizer fast path gives what ICU gives on the whole text, on random mixed text") {
  // Pieces chosen to meet at the ASCII boundary in every way: bases, combining marks, jamo, compatibility forms.
  const std::vector<std::string> pieces = {"a", "e", " ", "abcdefgh", "\xCC\x81", "\xCC\xA3", "\xC3\xA9",
                                           "\xE1\x84\x80", "\xE1\x85\xA1", "\xEF\xAC\x81", "\xEF\xBC\xA1",
                                           "\xE4\xB8\xAD", "\xE2\x84\xAB" /* angstrom sign */};
  std::mt19937 rng(7);
  for (int round = 0; round < 4000; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    for (NormalizationForm form : {NormalizationForm::nfc, NormalizationForm::nfkc, NormalizationForm::nfd,
                                   NormalizationForm::nfkd}) {
      const std::string expected = icu_normalized(form, text);
      std::string out;
      const bool changed = normalize_unicode(text, form, out);
      CHECK_MESSAGE((changed ? out : text) == expected, text);
      CHECK(changed == (expected != text));
    }
  }
}

TEST_CASE("unicode_normalizer is configured by form, and a bad form is refused with its line") {
  const auto filters = make_filters(parse_config("filters:\n  unicode_normalizer: {form: NFKC}\n", "t.yaml"));
  REQUIRE(filters.size() == 1);
  Document doc;
  doc.text = "\xEF\xAC\x81";
  filters[0]->keep(doc);
  CHECK(doc.text == "fi");
  JsonBuilder json;
  json.begin_object();
  filters[0]->write_stats(json);
  json.end_object();
  CHECK(json.str() == "{\"form\":\"NFKC\",\"documents_changed\":1}");
  CHECK(make_filters(parse_config("filters:\n  unicode_normalizer:\n", "t.yaml")).size() == 1);
  CHECK_THROWS_WITH_AS(make_filters(parse_config("filters:\n  unicode_normalizer: {form: nfc}\n", "t.yaml")),
                       doctest::Contains("t.yaml:2"), Error);
}

}  // namespace
}  // namespace winnow::filters
