#include <doctest/doctest.h>

#include <string>

#include "filters/filter_factory.h"
#include "filters/language_overrides.h"
#include "src/error.h"
#include "support/test_support.h"

namespace winnow {
namespace {

// Two lines of 8 CJK characters: mean line length 8.
const std::string kChinese = "我们今天去北京看\n他们明天回上海了";

Verdict decide(const Filter& f, const std::string& record, std::string language_metadata = "") {
  Document doc;
  doc.text = kChinese;
  doc.record = record;
  if (!language_metadata.empty()) doc.added_metadata["language"] = language_metadata;
  return f.keep(doc);
}

const char* const kOverrideConfig =
    "filters:\n"
    "  cjk_quality: {min_mean_line_length: 10}\n"
    "  languages:\n"
    "    zh:\n"
    "      cjk_quality: {min_mean_line_length: 5}\n";

TEST_CASE("language_overrides: a document dropped under the defaults is kept under its language's override") {
  const auto filters = make_filters(parse_config(kOverrideConfig, "t.yaml"));
  REQUIRE(filters.size() == 1);
  CHECK(filters[0]->name() == "cjk_quality");
  const Verdict by_default = decide(*filters[0], R"({"text":"x"})");
  CHECK_FALSE(by_default.kept);
  CHECK(by_default.reason == "cjk_short_lines");
  CHECK(by_default.fields == "\"value\":8,\"min\":10");
  CHECK(decide(*filters[0], R"({"text":"x","language":"zh"})").kept);        // the record's field
  CHECK(decide(*filters[0], R"({"text":"x"})", "\"zh\"").kept);             // a language-id filter's
  CHECK(decide(*filters[0], R"({"text":"x"})", "\"zh-Hant\"").kept);        // by the code's first part
  CHECK(decide(*filters[0], R"({"text":"x","language":"en"})", "\"zh\"").kept);  // metadata comes first
  CHECK_FALSE(decide(*filters[0], R"({"text":"x","language":"zh"})", "\"en\"").kept);
  CHECK_FALSE(decide(*filters[0], R"({"text":"x","language":"ja"})").kept);  // no override: the defaults
  CHECK_FALSE(decide(*filters[0], R"({"text":"x","language":7})").kept);     // not a string: none
}

TEST_CASE("language_overrides: a language variant's reject names the language, and stats count per language") {
  const auto filters = make_filters(parse_config(
      "filters:\n  cjk_quality: {min_mean_line_length: 5}\n  languages:\n    ja: {cjk_quality: {min_mean_line_length: 9}}\n",
      "t.yaml"));
  const Verdict dropped = decide(*filters[0], R"({"language":"ja"})");
  CHECK_FALSE(dropped.kept);
  CHECK(dropped.fields == "\"value\":8,\"min\":9,\"language\":\"ja\"");
  JsonBuilder json;
  json.begin_object();
  filters[0]->write_stats(json);
  json.end_object();
  CHECK(json.str().find("\"languages\":{\"ja\":{\"documents\":1") != std::string::npos);
}

TEST_CASE("language_overrides: the override is merged over the defaults key by key") {
  // The default's max_mean_line_length stays in force for zh; only min_mean_line_length changes.
  const auto filters = make_filters(parse_config(
      "filters:\n  cjk_quality: {min_mean_line_length: 10, max_mean_line_length: 7}\n"
      "  languages:\n    zh: {cjk_quality: {min_mean_line_length: 5}}\n",
      "t.yaml"));
  const Verdict zh = decide(*filters[0], R"({"language":"zh"})");
  CHECK_FALSE(zh.kept);
  CHECK(zh.reason == "cjk_long_lines");
}

TEST_CASE("language_overrides: false switches a family off for one language") {
  const auto filters = make_filters(parse_config(
      "filters:\n  cjk_quality: {min_mean_line_length: 10}\n  languages:\n    zh: {cjk_quality: false}\n", "t.yaml"));
  CHECK(decide(*filters[0], R"({"language":"zh"})").kept);
  CHECK_FALSE(decide(*filters[0], R"({"language":"ko"})").kept);
}

TEST_CASE("language_overrides: word_split per language changes what the word-based families count") {
  // gopher_quality with only the word-count rule: NLTK sees each line as one word, ICU sees its words.
  const std::string config =
      "filters:\n"
      "  gopher_quality: {min_doc_words: 6, max_doc_words: 0, min_avg_word_length: 0, max_avg_word_length: 0,\n"
      "    max_symbol_word_ratio: 0, max_bullet_lines_ratio: 0, max_ellipsis_lines_ratio: 0,\n"
      "    max_non_alpha_words_ratio: 0, min_stop_words: 0}\n"
      "  languages:\n"
      "    zh: {word_split: icu}\n";
  const auto filters = make_filters(parse_config(config, "t.yaml"));
  const Verdict nltk = decide(*filters[0], R"({"language":"en"})");
  CHECK_FALSE(nltk.kept);
  CHECK(nltk.reason == "gopher_short_doc");
  CHECK(decide(*filters[0], R"({"language":"zh"})").kept);
  // word_split: auto at the top level: ICU for this document (all CJK), whatever its language.
  const auto automatic = make_filters(parse_config(config + "  word_split: auto\n", "t.yaml"));
  CHECK(decide(*automatic[0], R"({"language":"en"})").kept);
}

TEST_CASE("language_overrides: without languages or word_split the families are built as before") {
  const auto filters = make_filters(parse_config("filters:\n  cjk_quality: {}\n", "t.yaml"));
  JsonBuilder json;
  json.begin_object();
  filters.at(0)->write_stats(json);
  json.end_object();
  CHECK(json.str().find("word_split") == std::string::npos);
}

TEST_CASE("language_overrides: mistakes name the file and line") {
  const auto fails_at = [](const std::string& yaml, const std::string& where) {
    CHECK_THROWS_WITH_AS(make_filters(parse_config(yaml, "t.yaml")), doctest::Contains(where.c_str()), Error);
  };
  // A family not listed in filters:
  fails_at("filters:\n  cjk_quality: {}\n  languages:\n    zh:\n      gopher_quality: {}\n", "t.yaml:5");
  // An unknown key inside an override, and a bad value inside one.
  fails_at("filters:\n  cjk_quality: {}\n  languages:\n    zh:\n      cjk_quality:\n        min_line: 3\n", "t.yaml:6");
  fails_at("filters:\n  cjk_quality: {}\n  languages:\n    zh:\n      cjk_quality:\n        min_cjk_char_ratio: 7\n",
           "t.yaml:6");
  fails_at("filters:\n  cjk_quality: {}\n  word_split: jieba\n", "t.yaml:3");
  fails_at("filters:\n  cjk_quality: {}\n  languages:\n    zh: {word_split: fast}\n", "t.yaml:4");
  fails_at("filters:\n  cjk_quality: {}\n  languages:\n    \"z h\": {}\n", "t.yaml:4");
  fails_at("filters:\n  cjk_quality: {}\n  languages:\n    zh: {cjk_quality: 3}\n", "t.yaml:4");
}

TEST_CASE("language_overrides: document_language reads metadata first, then the record's field") {
  std::string scratch;
  Document doc;
  doc.record = R"({"text":"a","language":"fr"})";
  CHECK(filters::document_language(doc, scratch) == "fr");
  doc.added_metadata["language"] = "\"de\"";
  CHECK(filters::document_language(doc, scratch) == "de");
  doc.added_metadata["language"] = "\"d\\u0065\"";  // escaped: decoded
  CHECK(filters::document_language(doc, scratch) == "de");
  doc.added_metadata.clear();
  doc.record = R"({"text":"language"})";
  CHECK(filters::document_language(doc, scratch).empty());
  doc.record = "not json \"language\"";
  CHECK(filters::document_language(doc, scratch).empty());
}

}  // namespace
}  // namespace winnow
