// input.invalid_utf8: reject (the default) or repair. Repair substitutes U+FFFD for each maximal subpart of an
// ill-formed sequence (Unicode 15.0 section 3.9; what WHATWG decoders and Python's errors="replace" do), in
// keys and values alike, and the kept record is the repaired line.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "src/config/config.h"
#include "src/error.h"
#include "src/io/line_batch.h"
#include "src/records/json_text.h"
#include "src/records/record_parser.h"
#include "src/text/utf8.h"
#include "support/test_support.h"

using namespace winnow;
using namespace winnow::test;

namespace {

const std::string kFffd = "\xEF\xBF\xBD";

std::string repaired(const std::string& bytes, std::size_t expected_replacements) {
  std::string out;
  CHECK(repair_utf8(bytes, out) == expected_replacements);
  CHECK(is_valid_utf8(out));
  return out;
}

std::string fffd(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += kFffd;
  return out;
}

ParseResult parse(RecordParser& parser, const std::string& line, Document& doc) {
  static std::string padded;
  padded = line + std::string(kParsePadding, ' ');
  return parser.parse(std::string_view(padded.data(), line.size()), "src", 3, doc);
}

}  // namespace

TEST_CASE("repair_utf8 replaces each maximal subpart, as in the Unicode standard's table of examples") {
  // Unicode 15.0 Table 3-11: 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64 -> a FFFD FFFD FFFD b FFFD c FFFD FFFD d.
  CHECK(repaired("a\xF1\x80\x80\xE1\x80\xC2" "b\x80" "c\x80\xBF" "d", 6) ==
        "a" + fffd(3) + "b" + fffd(1) + "c" + fffd(2) + "d");
}

TEST_CASE("repair_utf8: truncated sequences are one replacement each, at the end or before other bytes") {
  CHECK(repaired("\xE2\x82", 1) == fffd(1));                    // a euro sign cut after two bytes
  CHECK(repaired("x\xF0\x9F\x98y", 1) == "x" + fffd(1) + "y");  // an emoji cut after three bytes
  CHECK(repaired("\xC3", 1) == fffd(1));
  CHECK(repaired("\xC3\xC3\xA9", 1) == fffd(1) + "\xC3\xA9");  // the second C3 starts a valid sequence
}

TEST_CASE("repair_utf8: overlongs, surrogates and code points above U+10FFFF are replaced byte by byte") {
  CHECK(repaired("\xC0\xAF", 2) == fffd(2));                 // overlong "/": C0 is never a lead byte
  CHECK(repaired("\xE0\x80\xAF", 3) == fffd(3));             // overlong 3-byte: 80 is below E0's A0
  CHECK(repaired("\xF0\x80\x80\xAF", 4) == fffd(4));         // overlong 4-byte
  CHECK(repaired("\xED\xA0\x80", 3) == fffd(3));             // U+D800, a surrogate
  CHECK(repaired("\xF4\x90\x80\x80", 4) == fffd(4));         // U+110000
  CHECK(repaired("\xF5\x80\x80\x80", 4) == fffd(4));         // F5 is never a lead byte
  CHECK(repaired("\xED\x9F\xBF", 0) == "\xED\x9F\xBF");      // U+D7FF, just below the surrogates: valid
  CHECK(repaired("\xF4\x8F\xBF\xBF\xF4\x8F", 1) == "\xF4\x8F\xBF\xBF" + fffd(1));  // U+10FFFF valid, then cut
}

TEST_CASE("repair_utf8: lone continuation bytes and FE FF are one replacement each, valid text is unchanged") {
  CHECK(repaired("a\x80\x80" "b", 2) == "a" + fffd(2) + "b");
  CHECK(repaired("\xFE\xFF", 2) == fffd(2));
  const std::string valid = "caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80 " + kFffd;
  CHECK(repaired(valid, 0) == valid);
  CHECK(repaired("", 0).empty());
}

TEST_CASE("repair_utf8 always yields valid UTF-8 and keeps every valid sequence of random bytes") {
  std::mt19937 rng(11);
  for (int round = 0; round < 20000; ++round) {
    std::string bytes(rng() % 12, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() % 2 ? 0x80 + rng() % 0x80 : rng() % 0x100);
    std::string out;
    const std::size_t replaced = repair_utf8(bytes, out);
    REQUIRE(is_valid_utf8(out));
    CHECK((replaced == 0) == is_valid_utf8(bytes));
    // Removing the replacements leaves exactly the input's valid sequences, in order: nothing valid is lost.
    std::string kept_valid;
    for (std::size_t i = 0; i < bytes.size();) {
      const std::size_t n = valid_utf8_sequence_length(bytes, i);
      if (n > 0 && std::string_view(bytes).substr(i, n) != kFffd) kept_valid.append(bytes, i, n);
      i += n > 0 ? n : 1;
    }
    std::string out_without = out;
    for (std::size_t at; (at = out_without.find(kFffd)) != std::string::npos;) out_without.erase(at, 3);
    CHECK(out_without == kept_valid);
  }
}

TEST_CASE("the parser with repair: invalid bytes in the text value become U+FFFD and the record is the repaired line") {
  RecordParser parser("text", "id", /*repair_invalid_utf8=*/true);
  Document doc;
  const ParseResult result = parse(parser, "{\"id\":\"a\",\"text\":\"caf\xE9 ok\"}", doc);
  REQUIRE(result.ok);
  CHECK(doc.text == "caf" + kFffd + " ok");
  CHECK(doc.utf8_replacements == 1);
  CHECK(doc.record == "{\"id\":\"a\",\"text\":\"caf" + kFffd + " ok\"}");
  // The next record is valid: nothing of the repair is left on the reused document.
  REQUIRE(parse(parser, R"({"id":"b","text":"fine"})", doc).ok);
  CHECK(doc.utf8_replacements == 0);
  CHECK(doc.record == R"({"id":"b","text":"fine"})");
}

TEST_CASE("the parser with repair: invalid bytes inside a key repair the key, and may leave the text missing") {
  RecordParser parser("text", "id", true);
  Document doc;
  REQUIRE(parse(parser, "{\"te\xFFxt\":\"other\",\"text\":\"body\"}", doc).ok);
  CHECK(doc.text == "body");
  CHECK(doc.utf8_replacements == 1);
  CHECK(doc.record == "{\"te" + kFffd + "xt\":\"other\",\"text\":\"body\"}");
  // The only text key is the broken one: after the repair it is another key, so the text is missing.
  const ParseResult missing = parse(parser, "{\"tex\xC3\":\"body\"}", doc);
  CHECK_FALSE(missing.ok);
  CHECK(missing.reason == "missing_text");
  // Invalid bytes outside any string: repaired, the line is still not JSON.
  const ParseResult not_json = parse(parser, "{\"text\":\"a\"}\xFF", doc);
  CHECK_FALSE(not_json.ok);
  CHECK(not_json.reason == "invalid_json");
}

TEST_CASE("the parser without repair rejects invalid UTF-8 wherever it is, as before") {
  RecordParser parser("text", "id");
  Document doc;
  CHECK(parse(parser, "{\"text\":\"caf\xE9\"}", doc).reason == "invalid_utf8");
  CHECK(parse(parser, "{\"te\xFFxt\":\"a\",\"text\":\"b\"}", doc).reason == "invalid_utf8");
  CHECK(doc.utf8_replacements == 0);
}

TEST_CASE("input.invalid_utf8 accepts reject or repair, is in the fingerprint only when repair") {
  const Config defaults = parse_config("input: {}\n", "t.yaml");
  const Config reject = parse_config("input: {invalid_utf8: reject}\n", "t.yaml");
  const Config repair = parse_config("input: {invalid_utf8: repair}\n", "t.yaml");
  CHECK_FALSE(reject.input.repair_invalid_utf8);
  CHECK(repair.input.repair_invalid_utf8);
  CHECK(defaults.fingerprint() == reject.fingerprint());
  CHECK(repair.fingerprint() != reject.fingerprint());
  CHECK_THROWS_WITH_AS(parse_config("input:\n  invalid_utf8: fix\n", "t.yaml"), doctest::Contains("t.yaml:2"), Error);
}

TEST_CASE("a run with input.invalid_utf8: repair keeps the repaired records and counts them, keys and values alike") {
  TempDir dir;
  std::string text;
  text += "{\"id\":\"ok\",\"text\":\"valid\"}\n";
  text += "{\"id\":\"in-text\",\"text\":\"caf\xE9 \xF0\x9F\x98\"}\n";       // 2 replacements
  text += "{\"id\":\"in-key\",\"m\xED\xA0\x80\":1,\"text\":\"t\"}\n";       // a surrogate: 3 replacements
  text += "{\"id\":\"not-json\",\"text\":\"x\"}\xC0\n";                     // 1 replacement, still not JSON
  text += "{\"id\":\"no-text\",\"tex\xC3\":\"y\"}\n";                       // 1 replacement, missing_text
  write_file(dir / "in.jsonl", text);
  write_file(dir / "repair.yaml", "input: {invalid_utf8: repair}\n");
  const CommandResult result = run_winnow(
      {"run", dir / "in.jsonl", "--output", dir / "repair", "--config", dir / "repair.yaml", "--no-progress"});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const RunOutputs out = check_outputs(dir / "repair");
  CHECK(out.totals.read == 5);
  CHECK(out.totals.kept == 3);
  CHECK(out.totals.errors.at("invalid_json") == 1);
  CHECK(out.totals.errors.at("missing_text") == 1);
  CHECK(out.totals.errors.count("invalid_utf8") == 0);
  CHECK(out.totals.repaired.at("invalid_utf8") == 4);
  CHECK(out.totals.repaired.at("invalid_utf8_replacements") == 7);
  REQUIRE(out.kept.size() == 3);
  CHECK(out.kept[0] == "{\"id\":\"ok\",\"text\":\"valid\"}");
  CHECK(out.kept[1] == "{\"id\":\"in-text\",\"text\":\"caf" + kFffd + " " + kFffd + "\"}");
  CHECK(out.kept[2] == "{\"id\":\"in-key\",\"m" + fffd(3) + "\":1,\"text\":\"t\"}");
  for (const std::string& line : out.rejects) CHECK(is_valid_utf8(line));
  // The repaired object is rejected as repaired; the line that is not JSON keeps its original bytes in base64.
  bool saw_missing = false, saw_base64 = false;
  for (const std::string& line : out.rejects) {
    saw_missing |= line.find("{\"id\":\"no-text\",\"tex" + kFffd + "\":\"y\",\"winnow\"") == 0;
    saw_base64 |= line.find("\"raw_base64\":\"" + base64_encode("{\"id\":\"not-json\",\"text\":\"x\"}\xC0") + "\"") !=
                  std::string::npos;
  }
  CHECK(saw_missing);
  CHECK(saw_base64);

  // The default (reject): the four lines with invalid bytes are invalid_utf8 errors, nothing repaired.
  const CommandResult rejected = run_winnow({"run", dir / "in.jsonl", "--output", dir / "reject", "--no-progress"});
  REQUIRE_MESSAGE(rejected.exit_code == 0, rejected.err);
  const RunOutputs reject = check_outputs(dir / "reject");
  CHECK(reject.totals.kept == 1);
  CHECK(reject.totals.errors.at("invalid_utf8") == 4);
  CHECK(reject.totals.repaired.empty());
}

TEST_CASE("a repaired record dropped by a filter is rejected as repaired, in valid UTF-8") {
  TempDir dir;
  write_file(dir / "in.jsonl", "{\"id\":\"short\",\"text\":\"too short \xFF\"}\n");
  write_file(dir / "c.yaml", "input: {invalid_utf8: repair}\nfilters:\n  gopher_quality: {}\n");
  const CommandResult result =
      run_winnow({"run", dir / "in.jsonl", "--output", dir / "out", "--config", dir / "c.yaml", "--no-progress"});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const RunOutputs out = check_outputs(dir / "out");
  CHECK(out.totals.dropped.at("gopher_short_doc") == 1);
  CHECK(out.totals.repaired.at("invalid_utf8") == 1);
  REQUIRE(out.rejects.size() == 1);
  CHECK(out.rejects[0].find("{\"id\":\"short\",\"text\":\"too short " + kFffd + "\",\"winnow\":") == 0);
}
