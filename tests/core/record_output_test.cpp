#include <doctest/doctest.h>
#include <simdjson.h>

#include "src/records/json_scan.h"
#include "src/records/json_text.h"
#include "src/records/record_output.h"

using namespace winnow;

namespace {
bool valid_json(const std::string& text) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  return parser.parse(text).get(root) == simdjson::SUCCESS;
}
}  // namespace

TEST_CASE("an unchanged kept record is written byte for byte") {
  Document doc;
  const std::string record = R"({ "text" : "a\u0041" ,"n":1.50})";
  doc.record = record;
  std::string out;
  append_kept_record(out, doc, "text");
  CHECK(out == record + "\n");
}

TEST_CASE("a changed text is spliced in place and other fields keep their exact bytes") {
  Document doc;
  const std::string record = R"({"id":"x","text":"old \"text\"","n":1.50,"nested":{"text":"inner"}})";
  doc.record = record;
  doc.set_text("new\ttext");
  doc.added_metadata["lang"] = "\"en\"";
  std::string out;
  append_kept_record(out, doc, "text");
  CHECK(out == R"({"id":"x","text":"new\ttext","n":1.50,"nested":{"text":"inner"},"lang":"en"})"
               "\n");
  CHECK(valid_json(out));
}

TEST_CASE("an added field the record has already replaces its value where it stands, once") {
  Document doc;
  const std::string record = R"({"language":"xx","text":"t","meta":{"language":"inner"},"n":1})";
  doc.record = record;
  doc.set_text("u");
  doc.added_metadata["language"] = "\"en\"";
  doc.added_metadata["language_score"] = "0.97";
  std::string out;
  append_kept_record(out, doc, "text");
  CHECK(out == R"({"language":"en","text":"u","meta":{"language":"inner"},"n":1,"language_score":0.97})"
               "\n");
  CHECK(valid_json(out));
}

TEST_CASE("find_member_values finds several members in one pass, missing ones stay empty") {
  const std::string object = R"({"b":[1,{"a":2}],"a":"x","c":null})";
  const auto spans = find_member_values(object, {"a", "missing", "c", "b"});
  REQUIRE(spans.size() == 4);
  REQUIRE(spans[0].has_value());
  CHECK(object.substr(spans[0]->offset, spans[0]->size) == "\"x\"");
  CHECK_FALSE(spans[1].has_value());
  REQUIRE(spans[2].has_value());
  CHECK(object.substr(spans[2]->offset, spans[2]->size) == "null");
  REQUIRE(spans[3].has_value());
  CHECK(object.substr(spans[3]->offset, spans[3]->size) == "[1,{\"a\":2}]");
}

TEST_CASE("member values are found after strings ending in escaped quotes and escaped backslashes") {
  // "\\" ends a string (an escaped backslash); "\"" does not; "\\\"" does not either (then an escaped quote).
  const std::string object = R"({"a":"x\"y\\","b":"\\\"}\\","c":1})";
  const auto spans = find_member_values(object, {"a", "b", "c"});
  REQUIRE(spans[0].has_value());
  CHECK(object.substr(spans[0]->offset, spans[0]->size) == R"("x\"y\\")");
  REQUIRE(spans[1].has_value());
  CHECK(object.substr(spans[1]->offset, spans[1]->size) == R"("\\\"}\\")");
  REQUIRE(spans[2].has_value());
  CHECK(object.substr(spans[2]->offset, spans[2]->size) == "1");
}

TEST_CASE("find_member_value finds top-level members only, escaped names included") {
  const std::string object = R"({"a":{"text":1},"t\u0065xt":"yes","z":[1,"}"]})";
  const auto span = find_member_value(object, "text");
  REQUIRE(span.has_value());
  CHECK(object.substr(span->offset, span->size) == "\"yes\"");
  CHECK_FALSE(find_member_value(object, "missing").has_value());
}

TEST_CASE("an object reject keeps every original byte and gains a winnow field") {
  const RejectNote note{"missing_text", "parse", "web-00", 12, "no field named \"text\"", ""};
  std::string out;
  append_annotated_reject(out, R"({"id":"k","body":"x"})", note);
  CHECK(out.rfind(R"({"id":"k","body":"x","winnow":{"reason":"missing_text")", 0) == 0);
  CHECK(valid_json(out));
  out.clear();
  append_annotated_reject(out, "{ }", note);
  CHECK(valid_json(out));
}

TEST_CASE("a non-object reject is wrapped, invalid UTF-8 goes to raw_base64, a prefix says truncated") {
  const RejectNote note{"invalid_json", "parse", "web-00", 3, "", ""};
  std::string out;
  append_wrapped_reject(out, "not \"json\"", note, 0);
  CHECK(valid_json(out));
  CHECK(out.find(R"("raw":"not \"json\"")") != std::string::npos);
  out.clear();
  append_wrapped_reject(out, "bad \xFF", note, 0);
  CHECK(valid_json(out));
  CHECK(out.find("\"raw_base64\":\"" + base64_encode("bad \xFF") + "\"") != std::string::npos);
  out.clear();
  append_wrapped_reject(out, "xxxx", note, 1000);
  CHECK(out.find(R"("truncated":true,"size":1000)") != std::string::npos);
}

TEST_CASE("base64 matches RFC 4648 test vectors") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
}

TEST_CASE("JSON strings escape quotes, backslashes and control characters") {
  CHECK(json_string("a\"b\\c\n\x01") == R"("a\"b\\c\n\u0001")");
}
