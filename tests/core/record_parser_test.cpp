#include <doctest/doctest.h>

#include "src/io/line_batch.h"
#include "src/records/record_parser.h"

using namespace winnow;

namespace {
ParseResult parse(const std::string& line, Document& doc, RecordParser& parser) {
  static std::string padded;
  padded = line + std::string(kParsePadding, ' ');
  return parser.parse(std::string_view(padded.data(), line.size()), "src", 7, doc);
}

std::string_view reason_of(const std::string& line) {
  RecordParser parser("text", "id");
  Document doc;
  const ParseResult result = parse(line, doc, parser);
  return result.ok ? std::string_view("ok") : result.reason;
}
}  // namespace

TEST_CASE("a record's text is unescaped and its id read from a string or a number") {
  RecordParser parser("text", "id");
  Document doc;
  REQUIRE(parse(R"({"id":"doc-1","text":"caf\u00e9\n\"quoted\"","meta":{"a":[1,2.5,null,true]}})", doc, parser).ok);
  CHECK(doc.text == "caf\xC3\xA9\n\"quoted\"");
  CHECK(doc.id == "doc-1");
  REQUIRE(parse(R"({"id": 12345, "text": "x"})", doc, parser).ok);
  CHECK(doc.id == "12345");
}

TEST_CASE("a record without an id gets <file>:<line>") {
  RecordParser parser("text", "id");
  Document doc;
  REQUIRE(parse(R"({"text":"no id here"})", doc, parser).ok);
  CHECK(doc.id == "src:7");
  CHECK(doc.line == 7);
}

TEST_CASE("text and id keys are configurable") {
  RecordParser parser("content", "doc_id");
  Document doc;
  REQUIRE(parse(R"({"doc_id":"k","content":"body","text":"not this"})", doc, parser).ok);
  CHECK(doc.text == "body");
  CHECK(doc.id == "k");
}

TEST_CASE("each kind of bad record gets its own reason") {
  CHECK(reason_of("not json") == "invalid_json");
  CHECK(reason_of(R"({"text":"a",})") == "invalid_json");
  CHECK(reason_of(R"({"text":"a"} trailing)") == "invalid_json");
  CHECK(reason_of(R"({"text":"a","meta":{"broken": tru}})") == "invalid_json");
  CHECK(reason_of(R"([1,2,3])") == "not_an_object");
  CHECK(reason_of(R"("just a string")") == "not_an_object");
  CHECK(reason_of(R"({"id":"x"})") == "missing_text");
  CHECK(reason_of(R"({"text":42})") == "text_not_string");
  CHECK(reason_of(R"({"text":null})") == "text_not_string");
  CHECK(reason_of("{\"text\":\"bad \xFF byte\"}") == "invalid_utf8");
  CHECK(reason_of("{\"text\":\"ok\",\"meta\":\"\xC3\"}") == "invalid_utf8");
  CHECK(reason_of(std::string(2000, '[') + std::string(2000, ']')) == "json_too_deep");
  CHECK(reason_of(R"({"text":"fine"})") == "ok");
}
