#include <doctest/doctest.h>

#include "filter_test_util.h"

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

}  // namespace
}  // namespace winnow::filters::test
