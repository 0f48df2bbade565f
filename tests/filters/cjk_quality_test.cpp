#include <doctest/doctest.h>

#include <string>

#include "filter_test_util.h"
#include "filters/char_class.h"
#include "filters/cjk_quality.h"
#include "filters/cjk_words.h"
#include "filters/text_analysis.h"
#include "src/error.h"
#include "support/test_support.h"

namespace winnow::filters::test {
namespace {

CjkQualityConfig cjk_all_off() {
  CjkQualityConfig c;
  c.min_cjk_char_ratio = c.max_traditional_char_ratio = c.min_mean_line_length = c.max_mean_line_length =
      c.max_top_char_ngram_ratio = c.max_dup_char_ngram_ratio = std::nullopt;
  return c;
}

// `n` distinct Han characters, starting at U+4E00 + first.
std::string distinct_han(int n, int first = 0) {
  std::string out;
  for (int i = 0; i < n; ++i) append_utf8(out, static_cast<char32_t>(0x4E00 + first + i));
  return out;
}

TEST_CASE("cjk_quality: cjk_char_ratio just under, at and just over 0.3") {
  CjkQualityConfig c = cjk_all_off();
  c.min_cjk_char_ratio = 0.3;
  const auto f = make_cjk_quality_filter(c);
  const Verdict under = run(*f, "中中中 abcdefgh");  // 3 / 11 non-space characters
  CHECK_FALSE(under.kept);
  CHECK(under.reason == "cjk_char_ratio");
  CHECK(under.fields.find("\"min\":0.3") != std::string::npos);
  CHECK(run(*f, "中中中 abcdefg").kept);  // 3 / 10
  CHECK(run(*f, "中中中 abcdef").kept);   // 3 / 9
}

TEST_CASE("cjk_quality: traditional share just under, at and just over the maximum") {
  CjkQualityConfig c = cjk_all_off();
  c.max_traditional_char_ratio = 0.5;
  const auto f = make_cjk_quality_filter(c);
  // 國 (traditional) becomes 国 under t2s; 中 stays.
  CHECK(run(*f, "國中中中").kept);  // 0.25
  CHECK(run(*f, "國國中中").kept);  // 0.5
  const Verdict over = run(*f, "國國國中");
  CHECK_FALSE(over.kept);
  CHECK(over.reason == "cjk_traditional_char_ratio");
  CHECK(over.fields == "\"value\":0.75,\"max\":0.5");
  CHECK(run(*f, "no Han at all").kept);  // ratio 0 without Han
}

TEST_CASE("cjk_quality: mean line length at both bounds") {
  CjkQualityConfig c = cjk_all_off();
  c.min_mean_line_length = 10;
  c.max_mean_line_length = 12;
  const auto f = make_cjk_quality_filter(c);
  const Verdict short_lines = run(*f, distinct_han(9) + "\n\n  \n" + distinct_han(9));  // blank lines skipped
  CHECK_FALSE(short_lines.kept);
  CHECK(short_lines.reason == "cjk_short_lines");
  CHECK(short_lines.fields == "\"value\":9,\"min\":10");
  CHECK(run(*f, distinct_han(9) + "\n" + distinct_han(11)).kept);  // mean 10
  CHECK(run(*f, "  " + distinct_han(11) + "  ").kept);            // stripped: 11
  CHECK(run(*f, distinct_han(12)).kept);
  const Verdict long_lines = run(*f, distinct_han(13));
  CHECK_FALSE(long_lines.kept);
  CHECK(long_lines.reason == "cjk_long_lines");
}

TEST_CASE("cjk_quality: top character n-gram share just under, at and just over the maximum") {
  CjkQualityConfig c = cjk_all_off();
  c.max_top_char_ngram_ratio = 0.2;
  c.top_char_ngram_size = 3;
  const auto f = make_cjk_quality_filter(c);
  const std::string abc = "甲乙丙";  // twice in each text, every other trigram once: 2 x 3 characters
  CHECK(run(*f, abc + distinct_han(25) + abc).kept);  // 6 / 31
  CHECK(run(*f, abc + distinct_han(24) + abc).kept);  // 6 / 30 = 0.2
  const Verdict over = run(*f, abc + distinct_han(23) + abc);  // 6 / 29
  CHECK_FALSE(over.kept);
  CHECK(over.reason == "cjk_top_char_ngram");
  // Whitespace is not a character here: spaces and breaks do not hide the repetition.
  CHECK_FALSE(run(*f, abc + "\n" + distinct_han(23) + " " + abc).kept);
}

TEST_CASE("cjk_quality: duplicated character n-gram share just under, at and just over the maximum") {
  CjkQualityConfig c = cjk_all_off();
  c.max_dup_char_ngram_ratio = 0.2;
  c.dup_char_ngram_size = 10;
  const auto f = make_cjk_quality_filter(c);
  const std::string block = distinct_han(10, 1000);  // repeated once: 10 duplicated characters
  CHECK(run(*f, block + distinct_han(31) + block).kept);  // 10 / 51
  CHECK(run(*f, block + distinct_han(30) + block).kept);  // 10 / 50 = 0.2
  const Verdict over = run(*f, block + distinct_han(29) + block);
  CHECK_FALSE(over.kept);
  CHECK(over.reason == "cjk_dup_char_ngram");
  CHECK(over.fields == "\"value\":0.20408163265306123,\"max\":0.2");
}

TEST_CASE("cjk_quality: the defaults on empty and one-character documents") {
  const auto f = make_cjk_quality_filter(CjkQualityConfig{});
  const Verdict empty = run(*f, "");
  CHECK_FALSE(empty.kept);
  CHECK(empty.reason == "cjk_char_ratio");
  CHECK(empty.fields == "\"value\":0,\"min\":0.3");
  const Verdict one = run(*f, "中");
  CHECK_FALSE(one.kept);
  CHECK(one.reason == "cjk_short_lines");
  const auto signals = measure_cjk_quality("中", CjkQualityConfig{}, nullptr);
  CHECK(signals.top_char_ngram_ratio == 0);  // shorter than n
  CHECK(signals.dup_char_ngram_ratio == 0);
}

TEST_CASE("cjk_quality: a 10 MB CJK document is decided, not crashed on") {
  // Sentences of common characters from a fixed generator: varied enough that no n-gram rule fires.
  const std::string common = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种";
  std::vector<std::string> chars;
  for (std::size_t pos = 0; pos < common.size();) {
    const std::size_t begin = pos;
    next_code_point(common, pos);
    chars.push_back(common.substr(begin, pos - begin));
  }
  std::string text;
  std::uint64_t state = 12345;
  while (text.size() < 10'000'000) {
    for (int i = 0; i < 40; ++i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      text += chars[(state >> 33) % chars.size()];
    }
    text += "。\n";
  }
  Document doc;
  doc.text = text;
  const auto f = make_cjk_quality_filter(CjkQualityConfig{});
  CHECK(f->keep(doc).kept);
  // One character repeated 10 MB long: the top trigram covers every character (overlapping occurrences).
  doc.text.clear();
  for (int i = 0; i < 3'400'000; ++i) doc.text += "中";
  const Verdict repeated = f->keep(doc);
  CHECK_FALSE(repeated.kept);
  CHECK(repeated.reason == "cjk_top_char_ngram");
  // The word-based families on it through ICU: decided too.
  doc.text = text;
  const WordSplitScope scope(WordSplit::kIcu);
  const auto gopher = make_gopher_quality_filter(GopherQualityConfig{});
  CHECK(gopher->keep(doc).reason == "gopher_long_doc");  // over a million ICU words
  CHECK(TextAnalysis::of(doc).words().size() > 1'000'000);
}

TEST_CASE("cjk_quality: annotate-only writes each signal under its rule's reason and keeps the document") {
  const auto f = make_cjk_quality_filter(CjkQualityConfig{}, /*annotate_only=*/true);
  Document doc;
  doc.text = "國";
  CHECK(f->keep(doc).kept);
  const std::string& signals = doc.added_metadata.at("winnow_signals");
  CHECK(signals.find("\"cjk_traditional_char_ratio\":1") != std::string::npos);
  CHECK(signals.find("\"drop\":\"cjk_short_lines\"") != std::string::npos);
}

TEST_CASE("cjk_quality: config keys, 0 switching a rule off, errors with file and line") {
  const YamlValues values("t.yaml");
  const YAML::Node node = YAML::Load("{min_cjk_char_ratio: 0, top_char_ngram_size: 4, max_mean_line_length: 80}");
  const CjkQualityConfig c = CjkQualityConfig::from_yaml(values, node, "filters.cjk_quality");
  CHECK_FALSE(c.min_cjk_char_ratio.has_value());
  CHECK(c.top_char_ngram_size == 4);
  CHECK(*c.max_mean_line_length == 80);
  CHECK_THROWS_WITH_AS(CjkQualityConfig::from_yaml(values, YAML::Load("min_cjk_char_ratio: 0.5\nmin_cjk_ratio: 0.2"), "f"),
                       doctest::Contains("t.yaml:2"), Error);
  CHECK_THROWS_AS(CjkQualityConfig::from_yaml(values, YAML::Load("{min_cjk_char_ratio: 1.5}"), "f"), Error);
  CHECK_THROWS_AS(CjkQualityConfig::from_yaml(values, YAML::Load("{dup_char_ngram_size: 0}"), "f"), Error);
  CHECK_THROWS_WITH_AS(CjkQualityConfig::from_yaml(values, YAML::Load("{opencc_config: nope.json}"), "f"),
                       doctest::Contains("nope.json"), Error);
}

}  // namespace
}  // namespace winnow::filters::test
