#include <doctest/doctest.h>

#include <string>

#include "filters/bad_words.h"
#include "filters/filter_factory.h"
#include "src/error.h"
#include "support/test_support.h"

namespace winnow::filters {
namespace {

using test::TempDir;
using test::write_file;

// A bad_words filter over lists written by the test: words (and optionally regexes and allowed words).
std::unique_ptr<Filter> bad_words(const TempDir& dir, const std::string& words, const std::string& regexes = "",
                                  const std::string& allowed = "", double min_matched_terms = 1,
                                  bool annotate_only = false) {
  BadWordsConfig config;
  config.words_file = dir / "words.txt";
  write_file(config.words_file, words);
  if (!regexes.empty()) write_file(config.regex_file = dir / "regexes.txt", regexes);
  if (!allowed.empty()) write_file(config.allow_file = dir / "allow.txt", allowed);
  config.min_matched_terms = min_matched_terms;
  return make_bad_words_filter(config, annotate_only);
}

Verdict judge(const Filter& filter, const std::string& text) {
  Document doc;
  doc.text = text;
  return filter.keep(doc);
}

TEST_CASE("bad_words: a spaced-language term matches as a whole word, in any case") {
  TempDir dir;
  const auto filter = bad_words(dir, "# comment line\n\n  darn  \ncafé\ntwo words\n");
  CHECK_FALSE(judge(*filter, "Well, darn.").kept);
  CHECK_FALSE(judge(*filter, "DARN it").kept);
  CHECK_FALSE(judge(*filter, "darn").kept);  // the whole text
  CHECK(judge(*filter, "darned darning undarn darn_it 3darn").kept);
  CHECK_FALSE(judge(*filter, "a café!").kept);
  CHECK(judge(*filter, "cafés and caféine").kept);  // a following letter, even non-ASCII, is no boundary
  CHECK_FALSE(judge(*filter, "these two words here").kept);
  CHECK(judge(*filter, "two  words").kept);  // terms are literal: the spacing counts
  CHECK(judge(*filter, "# comment line").kept);
}

TEST_CASE("bad_words: the reject counts the distinct terms matched and names them") {
  TempDir dir;
  const auto filter = bad_words(dir, "darn\nheck\ndrat\n");
  const Verdict verdict = judge(*filter, "heck, darn, darn and heck");
  CHECK_FALSE(verdict.kept);
  CHECK(verdict.reason == "bad_words");
  CHECK(verdict.fields == "\"value\":2,\"min\":1,\"terms\":[\"darn\",\"heck\"]");
  const auto two = bad_words(dir, "darn\nheck\ndrat\n", "", "", 2);
  CHECK(judge(*two, "darn darn darn").kept);           // just under: one term, however often
  CHECK_FALSE(judge(*two, "darn and heck").kept);      // at the threshold
  CHECK_FALSE(judge(*two, "darn, heck, drat").kept);   // over
  const auto never = bad_words(dir, "darn\n", "", "", 0);
  CHECK(judge(*never, "darn").kept);
}

TEST_CASE("bad_words: CJK and Thai terms match as substrings, except inside allow-listed words") {
  TempDir dir;
  const auto filter = bad_words(dir, "黄色\nควย\nばか\n", "", "黄色的花\n");
  CHECK_FALSE(judge(*filter, "这是黄色网站").kept);
  CHECK(judge(*filter, "他喜欢黄色的花").kept);                  // inside the allowed word
  CHECK_FALSE(judge(*filter, "他喜欢黄色的花，也看黄色网站").kept);  // one occurrence outside it
  CHECK_FALSE(judge(*filter, "ไอ้ควยนี่").kept);
  CHECK_FALSE(judge(*filter, "あいつはばかだ").kept);
  CHECK(judge(*filter, "黄 色").kept);
}

TEST_CASE("bad_words: regex_file patterns match anywhere, case-insensitively") {
  TempDir dir;
  const auto filter = bad_words(dir, "zzz\n", "c[a@]t+\\b\n\\bd[o0]g\\b\n");
  CHECK_FALSE(judge(*filter, "a C@TTT here").kept);
  CHECK_FALSE(judge(*filter, "the d0g").kept);
  CHECK(judge(*filter, "catalog, dogma").kept);
  const Verdict verdict = judge(*filter, "cat and dog");
  CHECK(verdict.fields == "\"value\":2,\"min\":1,\"terms\":[\"c[a@]t+\\\\b\",\"\\\\bd[o0]g\\\\b\"]");
}

TEST_CASE("bad_words: annotate_only counts the terms and keeps the document") {
  TempDir dir;
  const auto filter = bad_words(dir, "darn\nheck\n", "", "", 1, true);
  Document doc;
  doc.text = "darn and heck";
  CHECK(filter->keep(doc).kept);
  CHECK(doc.added_metadata.at("winnow_signals") == "{\"bad_words\":{\"bad_words\":2,\"drop\":\"bad_words\"}}");
  doc.added_metadata.clear();
  doc.text = "fine";
  CHECK(filter->keep(doc).kept);
  CHECK(doc.added_metadata.at("winnow_signals") == "{\"bad_words\":{\"bad_words\":0,\"drop\":null}}");
}

TEST_CASE("bad_words: config errors name the config or list file and line") {
  TempDir dir;
  write_file(dir / "words.txt", "darn\n");
  write_file(dir / "bad.txt", "fine\n(unclosed\n");
  CHECK_THROWS_WITH_AS(make_filters(parse_config("filters:\n  bad_words: {}\n", dir / "c.yaml")),
                       doctest::Contains("needs words_file or regex_file"), Error);
  CHECK_THROWS_WITH_AS(make_filters(parse_config("filters:\n  bad_words: {words_file: missing.txt}\n", dir / "c.yaml")),
                       doctest::Contains("missing.txt"), Error);
  CHECK_THROWS_WITH_AS(
      make_filters(parse_config("filters:\n  bad_words: {words_file: words.txt, regex_file: bad.txt}\n", dir / "c.yaml")),
      doctest::Contains("bad.txt:2"), Error);
  // Relative paths are read from the config file's folder.
  const auto filters =
      make_filters(parse_config("filters:\n  bad_words: {words_file: words.txt, min_matched_terms: 1}\n", dir / "c.yaml"));
  REQUIRE(filters.size() == 1);
  CHECK_FALSE(judge(*filters[0], "oh darn").kept);
}

}  // namespace
}  // namespace winnow::filters
