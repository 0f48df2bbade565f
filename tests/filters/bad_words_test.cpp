#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "filters/bad_words.h"
#include "filters/filter_factory.h"
#include "src/error.h"
#include "src/records/json_text.h"
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
  CHECK_FALSE(judge(*filter, "darned, darning and then darn").kept);  // inside words first, then a whole word
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
                       doctest::Contains("needs lists, words_file or regex_file"), Error);
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

// Language lists written by the test into dir/lists (the fetched LDNOOBW lists have the same layout).
std::unique_ptr<Filter> language_lists(const TempDir& dir, std::vector<std::string> languages,
                                       std::map<std::string, std::vector<std::string>> allowlist =
                                           BadWordsConfig::datatrove_list_allowlist()) {
  const std::string lists = dir / "lists";
  std::filesystem::create_directories(lists);
  write_file(lists + "/en.txt", "darn\nheck\n#hashtag\nhi \n");
  write_file(lists + "/de.txt", "mist\nverflixt\n");
  write_file(lists + "/ja.txt", "ばか\nsm\nグロ\nばか\n");  // "ばか" twice: counted once
  write_file(lists + "/zh.txt", "黄色\n性\n");
  write_file(lists + "/ko.txt", "욕\n");
  BadWordsConfig config;
  config.lists = std::move(languages);
  config.lists_dir = lists;
  config.list_allowlist = std::move(allowlist);
  return make_bad_words_filter(config);
}

Verdict judge_in(const Filter& filter, const std::string& text, const std::string& record,
                 const std::string& added_language = "") {
  Document doc;
  doc.text = text;
  doc.record = record;
  if (!added_language.empty()) doc.added_metadata["language"] = json_string(added_language);
  return filter.keep(doc);
}

std::string stats_of(const Filter& filter) {
  JsonBuilder json;
  json.begin_object();
  filter.write_stats(json);
  json.end_object();
  return json.str();
}

TEST_CASE("bad_words lists: each document is checked against the list of its language only") {
  TempDir dir;
  const auto filter = language_lists(dir, {"en", "de", "ja"});
  // No language anywhere: default_language (en).
  const Verdict english = judge(*filter, "well, darn it");
  CHECK_FALSE(english.kept);
  CHECK(english.fields == "\"value\":1,\"min\":1,\"terms\":[\"darn\"],\"language\":\"en\"");
  CHECK(judge(*filter, "so ein Mist").kept);  // German word, English list
  // The record's own language field.
  CHECK_FALSE(judge_in(*filter, "so ein Mist", R"({"text":"x","language":"de"})").kept);
  CHECK(judge_in(*filter, "well, darn it", R"({"text":"x","language":"de"})").kept);
  // added_metadata (language_id) wins over the record's field.
  CHECK_FALSE(judge_in(*filter, "well, darn it", R"({"text":"x","language":"de"})", "en").kept);
  CHECK(judge_in(*filter, "so ein Mist", R"({"text":"x","language":"de"})", "en").kept);
  // An escaped language value is decoded; a non-string one is ignored (default: en).
  CHECK_FALSE(judge_in(*filter, "so ein Mist", R"({"text":"x","language":"\u0064e"})").kept);
  CHECK_FALSE(judge_in(*filter, "darn", R"({"text":"x","language":7})").kept);
  // Entries are trimmed; the LDNOOBW lists have no comment lines: "#hashtag" is an entry.
  CHECK_FALSE(judge(*filter, "say hi").kept);
  CHECK_FALSE(judge(*filter, "a #hashtag here").kept);
}

TEST_CASE("bad_words lists: spaced languages match whole words, ja zh ko th match substrings") {
  TempDir dir;
  const auto filter = language_lists(dir, {"en", "ja", "zh", "ko"});
  CHECK(judge(*filter, "darned undarn darnit").kept);
  CHECK_FALSE(judge(*filter, "DARN!").kept);
  CHECK_FALSE(judge_in(*filter, "あいつはばかだ", "", "ja").kept);
  CHECK_FALSE(judge_in(*filter, "这是黄色网站", "", "zh").kept);
  CHECK_FALSE(judge_in(*filter, "욕이 많다", "", "ko").kept);
  // A region tag falls back to the language's list.
  CHECK_FALSE(judge_in(*filter, "這是黄色網站", "", "zh-Hant").kept);
  // datatrove's allow-list: "sm" and "グロ" (ja), "性" (zh) are not counted.
  CHECK(judge_in(*filter, "smartグローバル", "", "ja").kept);
  CHECK(judge_in(*filter, "性别和性格", "", "zh").kept);
  const Verdict twice = judge_in(*filter, "ばかばか", "", "ja");
  CHECK(twice.fields == "\"value\":1,\"min\":1,\"terms\":[\"ばか\"],\"language\":\"ja\"");
  // Without the allow-list they count, as substrings.
  TempDir other;
  const auto strict = language_lists(other, {"ja", "zh"}, {});
  CHECK_FALSE(judge_in(*strict, "smart", "", "ja").kept);
  CHECK_FALSE(judge_in(*strict, "性别", "", "zh").kept);
}

TEST_CASE("bad_words lists: a language without a list is kept and counted, your own lists still apply") {
  TempDir dir;
  write_file(dir / "words.txt", "zut\n");
  BadWordsConfig config;
  config.lists = {"en"};
  std::filesystem::create_directories(dir / "lists");
  write_file(dir / "lists/en.txt", "darn\n");
  config.lists_dir = dir / "lists";
  config.words_file = dir / "words.txt";
  const auto filter = make_bad_words_filter(config);
  CHECK(judge_in(*filter, "darn", R"({"language":"fr"})").kept);
  CHECK(judge_in(*filter, "darn", R"({"language":"fr"})").kept);
  CHECK_FALSE(judge_in(*filter, "oh zut", R"({"language":"fr"})").kept);  // words_file: every language
  CHECK_FALSE(judge(*filter, "oh zut, darn").kept);
  const std::string stats = stats_of(*filter);
  CHECK(stats.find(R"("languages_without_list":{"fr":3})") != std::string::npos);
  CHECK(stats.find(R"("en":{"entries":1,"substring":false,"documents":1,"documents_matched":1})") != std::string::npos);
  CHECK(stats.find(R"("language_from":{"added_metadata":0,"record":3,"default":1})") != std::string::npos);
}

TEST_CASE("bad_words lists: config keys, lists all, and a missing list named with the fix") {
  TempDir dir;
  std::filesystem::create_directories(dir / "lists");
  write_file(dir / "lists/en.txt", "darn\n");
  write_file(dir / "lists/de.txt", "mist\n");
  const auto filters = make_filters(parse_config(
      "filters:\n  bad_words: {lists: all, lists_dir: lists, default_language: de, list_allowlist: {de: [mist]}}\n",
      dir / "c.yaml"));
  REQUIRE(filters.size() == 1);
  CHECK(judge(*filters[0], "so ein Mist").kept);  // allow-listed
  CHECK_FALSE(judge_in(*filters[0], "darn", R"({"language":"en"})").kept);
  CHECK_THROWS_WITH_AS(
      make_filters(parse_config("filters:\n  bad_words: {lists: [en, xx], lists_dir: lists}\n", dir / "c.yaml")),
      doctest::Contains("no bad-word list for language 'xx' (run scripts/fetch-filter-data"), Error);
  CHECK_THROWS_WITH_AS(
      make_filters(parse_config("filters:\n  bad_words: {lists: [\"../en\"], lists_dir: lists}\n", dir / "c.yaml")),
      doctest::Contains("is not a language code"), Error);
  CHECK_THROWS_WITH_AS(
      make_filters(parse_config("filters:\n  bad_words: {lists: all, lists_dir: nowhere}\n", dir / "c.yaml")),
      doctest::Contains("no <lang>.txt bad-word lists here"), Error);
}

// Needs `make data` (scripts/fetch-filter-data): fails, not skips, without the fetched lists.
TEST_CASE("bad_words lists: the fetched LDNOOBW lists (naughty-words 1.2.0) load with their known sizes") {
  BadWordsConfig config;
  config.lists = {"all"};
  const auto filter = make_bad_words_filter(config);
  const std::string stats = stats_of(*filter);
  INFO("lists_dir: " << default_lists_dir() << "\nstats: " << stats);
  CHECK(stats.find(R"("en":{"entries":403,"substring":false)") != std::string::npos);
  CHECK(stats.find(R"("de":{"entries":66,"substring":false)") != std::string::npos);
  CHECK(stats.find(R"("ja":{"entries":177,"substring":true)") != std::string::npos);  // 180 - sm, グロ, 女の子
  CHECK(stats.find(R"("zh":{"entries":317,"substring":true)") != std::string::npos);  // 319 - a duplicate - 性
  CHECK(stats.find(R"("th":{"entries":31,"substring":true)") != std::string::npos);
  CHECK(stats.find(R"("fr-CA-u-sd-caqc":{"entries":7)") != std::string::npos);
  CHECK_FALSE(judge(*filter, "they watched 2g1c yesterday").kept);
  CHECK(judge(*filter, "a classic glass of water, assessed by the class").kept);
  CHECK_FALSE(judge_in(*filter, "du Arschficker", R"({"language":"de"})").kept);
  CHECK_FALSE(judge_in(*filter, "这是三级片网站", R"({"language":"zh"})").kept);
  CHECK(judge_in(*filter, "性别平等", R"({"language":"zh"})").kept);
  CHECK_FALSE(judge_in(*filter, "그 개새끼가", R"({"language":"ko"})").kept);
}

}  // namespace
}  // namespace winnow::filters
