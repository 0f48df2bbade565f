#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "filter_test_util.h"
#include "filters/char_class.h"
#include "filters/text_analysis.h"

namespace winnow::filters::test {
namespace {

FineWebQualityConfig fineweb_only(void (*set)(FineWebQualityConfig&)) {
  FineWebQualityConfig c;
  c.line_punct_thr = c.short_line_thr = c.char_duplicates_ratio = c.new_line_ratio = std::nullopt;
  set(c);
  return c;
}

TEST_CASE("fineweb_quality: line punctuation ratio keeps at the threshold, drops under") {
  const auto f = make_fineweb_quality_filter(fineweb_only([](FineWebQualityConfig& c) { c.line_punct_thr = 0.25; }));
  CHECK(run(*f, "a.\nb\nc\nd").kept);  // 1 of 4
  const Verdict v = run(*f, "a.\nb\nc\nd\ne");
  CHECK(v.reason == "fineweb_line_punct_ratio");
  CHECK(v.fields == "\"value\":0.2,\"min\":0.25");
  CHECK(run(*f, "a\"\nb'\nc\nd").reason == "fineweb_line_punct_ratio");  // quotes are not terminal in v0.10
  CHECK(run(*f, "a。\nb\nc\nd").kept);                                     // CJK full stop is
}

TEST_CASE("fineweb_quality: short line ratio at 30 characters") {
  const auto f = make_fineweb_quality_filter(fineweb_only([](FineWebQualityConfig& c) { c.short_line_thr = 0.5; }));
  const std::string s30(30, 'x'), s31(31, 'x');
  CHECK(run(*f, s30 + "\n" + s31).kept);                                  // 1 of 2 short
  CHECK(run(*f, s30 + "\n" + s30 + "\n" + s31).reason == "fineweb_short_line_ratio");
}

TEST_CASE("fineweb_quality: duplicated line characters over the text without newlines") {
  const auto f = make_fineweb_quality_filter(fineweb_only([](FineWebQualityConfig& c) { c.char_duplicates_ratio = 0.1; }));
  const std::string a(10, 'a'), b(80, 'b');
  CHECK(run(*f, a + "\n" + b + "\n" + a).kept);                           // 10 / 100
  CHECK(run(*f, a + "\n" + std::string(79, 'b') + "\n" + a).reason == "fineweb_char_dup_ratio");  // 10 / 99
}

TEST_CASE("fineweb_quality: newline to word ratio") {
  const auto f = make_fineweb_quality_filter(fineweb_only([](FineWebQualityConfig& c) { c.new_line_ratio = 0.5; }));
  CHECK(run(*f, "a b\nc d").kept);                                        // 1 / 4
  CHECK(run(*f, "a\nb\nc").reason == "fineweb_list_ratio");              // 2 / 3
}

TEST_CASE("fineweb_quality: empty and whitespace-only documents are dropped as empty") {
  const auto f = make_fineweb_quality_filter(FineWebQualityConfig{});
  CHECK(run(*f, "").reason == "fineweb_empty");
  CHECK(run(*f, " \n\t\n").reason == "fineweb_empty");
}

TEST_CASE("fineweb_quality: line signals by byte shortcuts agree with counting every line's code points") {
  // Lines of 1..130 bytes around the 30-character limit and its 120-byte bound, of ASCII and 2-, 3- and 4-byte
  // characters, some whitespace only (ASCII, U+3000, U+0085, 0x1F) or starting with whitespace, many repeated.
  const std::vector<std::string> pieces = {"a", "b ", " ", "\t", "\x1f", "\xC3\xA9", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80",
                                           "\xE3\x80\x80", "\xC2\x85", ".", "!"};
  std::mt19937 rng(11);
  for (int doc = 0; doc < 400; ++doc) {
    std::vector<std::string> lines;
    for (int k = 0, count = 1 + static_cast<int>(rng() % 30); k < count; ++k) {
      if (!lines.empty() && rng() % 4 == 0) {
        lines.push_back(lines[rng() % lines.size()]);
        continue;
      }
      std::string line;
      const std::size_t target = 1 + rng() % 130;
      const bool blank_only = rng() % 6 == 0;
      while (line.size() < target) {
        const std::string& p = pieces[blank_only ? 2 + rng() % 3 : rng() % pieces.size()];
        line += p;
      }
      lines.push_back(line);
    }
    std::string text;
    for (std::size_t k = 0; k < lines.size(); ++k) text += (k ? "\n" : "") + lines[k];
    // The plain definitions over text.split("\n") without whitespace-only lines.
    std::vector<std::string> kept;
    for (const std::string& line : lines) {
      if (!strip(line).empty()) kept.push_back(line);
    }
    std::size_t short_lines = 0, dup_chars = 0;
    for (std::size_t k = 0; k < kept.size(); ++k) {
      short_lines += code_point_count(kept[k]) <= 30;
      for (std::size_t e = 0; e < k; ++e) {
        if (kept[e] == kept[k]) {
          dup_chars += code_point_count(kept[k]);
          break;
        }
      }
    }
    Document d;
    d.text = text;
    const FineWebQualitySignals s = measure_fineweb_quality(TextAnalysis::of(d), false);
    INFO(text);
    REQUIRE(s.lines == kept.size());
    if (kept.empty()) continue;
    CHECK(s.short_line_ratio == static_cast<double>(short_lines) / static_cast<double>(kept.size()));
    const std::size_t newlines = lines.size() - 1;
    CHECK(s.char_dup_ratio == static_cast<double>(dup_chars) / static_cast<double>(code_point_count(text) - newlines));
  }
}

}  // namespace
}  // namespace winnow::filters::test
