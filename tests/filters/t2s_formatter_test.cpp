#include <doctest/doctest.h>

#include <string>

#include "filters/cjk_opencc.h"
#include "src/error.h"
#include "src/records/json_text.h"

namespace winnow::filters::test {
namespace {

TEST_CASE("t2s_formatter: rewrites Traditional characters to Simplified and counts the document") {
  const auto f = make_t2s_formatter(T2sConfig{});
  Document doc;
  doc.text = "漢語是國語。Latin stays.";
  CHECK(f->keep(doc).kept);
  CHECK(doc.text_changed);
  CHECK(doc.text == "汉语是国语。Latin stays.");
  CHECK(is_valid_utf8(doc.text));
  JsonBuilder json;
  json.begin_object();
  f->write_stats(json);
  json.end_object();
  CHECK(json.str().find("\"documents_changed\":1") != std::string::npos);
}

TEST_CASE("t2s_formatter: Simplified, non-CJK and empty texts are left untouched") {
  const auto f = make_t2s_formatter(T2sConfig{});
  for (const std::string text : {"汉语是国语。", "plain English text", "", "中"}) {
    Document doc;
    doc.text = text;
    CHECK(f->keep(doc).kept);
    CHECK_FALSE(doc.text_changed);
    CHECK(doc.text == text);
  }
}

TEST_CASE("t2s_formatter: NUL bytes survive and the text on both sides is converted") {
  Document doc;
  doc.text = std::string("國\0國", 7);
  CHECK(make_t2s_formatter(T2sConfig{})->keep(doc).kept);
  CHECK(doc.text == std::string("国\0国", 7));
}

TEST_CASE("t2s_formatter: other OpenCC configs, and an unknown one refused with its line") {
  CHECK(opencc_convert("tw2s.json", "國語") == "国语");
  const YamlValues values("t.yaml");
  CHECK_THROWS_WITH_AS(T2sConfig::from_yaml(values, YAML::Load("\nopencc_config: missing.json"), "filters.t2s_formatter"),
                       doctest::Contains("t.yaml:2"), Error);
  CHECK_THROWS_AS(T2sConfig::from_yaml(values, YAML::Load("{config: t2s.json}"), "filters.t2s_formatter"), Error);
}

TEST_CASE("traditional_chars: a character is traditional when t2s changes it alone") {
  const TraditionalChars table("t2s.json");
  CHECK(table.changes(U'國'));
  CHECK(table.changes(U'語'));
  CHECK_FALSE(table.changes(U'国'));
  CHECK_FALSE(table.changes(U'中'));
  CHECK_FALSE(table.changes(U'a'));
  CHECK_FALSE(table.changes(U'\U0010FFFF'));
}

}  // namespace
}  // namespace winnow::filters::test
