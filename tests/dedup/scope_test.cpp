// dedup scopes end to end: `source` (the default: the folder an input came from) compares documents of one
// folder only, `input` of one file only, `global` everything; and the report's per-input counts under them.
//
// The corpus, built here below in/: folder d1 holds a.jsonl and b.jsonl, folder d2 holds c.jsonl.
//   a: a1 = T1, a2 = T2, a3 = T1        b: b1 = T2, b2 = T3        c: c1 = T3, c2 = T4, c3 = T1
// Every duplicate is exact; T1..T4 are unrelated random texts (no near duplicates among them).
#include <doctest/doctest.h>
#include <simdjson.h>

#include <filesystem>
#include <map>
#include <set>

#include "dedup_test_support.h"
#include "src/records/json_text.h"
#include "support/test_support.h"

namespace {

using namespace winnow::test;
namespace fs = std::filesystem;

struct Corpus {
  TempDir dir;
  std::vector<std::string> texts;  // T1..T4 at 0..3
  Corpus() {
    for (std::uint64_t seed = 1; seed <= 4; ++seed) texts.push_back(winnow::dedup::test::random_text(seed * 101, 300));
    fs::create_directories(dir / "in/d1");
    fs::create_directories(dir / "in/d2");
    write_file(dir / "in/d1/a.jsonl", record("a1", 0) + record("a2", 1) + record("a3", 0));
    write_file(dir / "in/d1/b.jsonl", record("b1", 1) + record("b2", 2));
    write_file(dir / "in/d2/c.jsonl", record("c1", 2) + record("c2", 3) + record("c3", 0));
  }
  std::string record(const std::string& id, std::size_t text) const {
    std::string line = "{\"id\":\"" + id + "\",\"text\":";
    winnow::append_json_string(line, texts[text]);
    return line + "}\n";
  }
  std::uint64_t bytes(std::size_t text) const { return texts[text].size(); }
};

// id -> duplicate_of for every dedup removal of a run.
std::map<std::string, std::string> removed_ids(const RunOutputs& outputs) {
  std::map<std::string, std::string> removed;
  simdjson::dom::parser parser;
  for (const std::string& line : outputs.rejects) {
    simdjson::dom::element record;
    REQUIRE(parser.parse(line).get(record) == simdjson::SUCCESS);
    std::string_view id, duplicate_of;
    REQUIRE(record["id"].get(id) == simdjson::SUCCESS);
    if (record["winnow"]["duplicate_of"].get(duplicate_of) != simdjson::SUCCESS) continue;
    removed[std::string(id)] = std::string(duplicate_of);
  }
  return removed;
}

RunOutputs run_scope(const Corpus& corpus, const std::vector<std::string>& inputs, const std::string& yaml,
                     const std::string& out) {
  write_file(corpus.dir / (out + ".yaml"), yaml);
  std::vector<std::string> args = {"run"};
  for (const std::string& input : inputs) args.push_back(corpus.dir / ("in/" + input));
  for (const std::string& arg : {std::string("--output"), corpus.dir / out, std::string("--config"),
                                 corpus.dir / (out + ".yaml"), std::string("--quiet")}) {
    args.push_back(arg);
  }
  const CommandResult result = run_winnow(args);
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  return check_outputs(corpus.dir / out);
}

struct SourceNumbers {
  std::uint64_t documents_in = 0, bytes_in = 0, documents_out = 0, bytes_out = 0, exact_duplicates = 0;
  bool operator==(const SourceNumbers&) const = default;
};

std::map<std::string, SourceNumbers> report_sources(const std::string& dedup_json) {
  simdjson::dom::parser parser;
  simdjson::dom::element report;
  REQUIRE(parser.parse(dedup_json).get(report) == simdjson::SUCCESS);
  std::map<std::string, SourceNumbers> sources;
  for (const simdjson::dom::element source : report["sources"].get_array()) {
    SourceNumbers& numbers = sources[std::string(source["name"].get_string().value())];
    numbers.documents_in = source["documents_in"].get_uint64().value();
    numbers.bytes_in = source["bytes_in"].get_uint64().value();
    numbers.documents_out = source["documents_out"].get_uint64().value();
    numbers.bytes_out = source["bytes_out"].get_uint64().value();
    numbers.exact_duplicates = source["exact_duplicates"].get_uint64().value();
  }
  return sources;
}

}  // namespace

TEST_CASE("scope source, the default, compares documents of the same input folder only") {
  Corpus corpus;
  const std::map<std::string, std::string> expected = {{"a3", "a1"}, {"b1", "a2"}};
  // Folders as arguments, and the same files named one by one: a file's source is its parent folder.
  CHECK(removed_ids(run_scope(corpus, {"d1", "d2"}, "dedup:\n  mode: datatrove\n", "folders")) == expected);
  CHECK(removed_ids(run_scope(corpus, {"d1/a.jsonl", "d1/b.jsonl", "./d2/c.jsonl"}, "dedup:\n  scope: source\n",
                              "files")) == expected);
  // One folder argument above both: one source.
  CHECK(removed_ids(run_scope(corpus, {"."}, "dedup:\n  scope: source\n", "parent")) ==
        std::map<std::string, std::string>{{"a3", "a1"}, {"b1", "a2"}, {"c1", "b2"}, {"c3", "a1"}});
}

TEST_CASE("scope input compares within one file, scope global across folders") {
  Corpus corpus;
  CHECK(removed_ids(run_scope(corpus, {"d1", "d2"}, "dedup:\n  scope: input\n", "input")) ==
        std::map<std::string, std::string>{{"a3", "a1"}});
  const RunOutputs global = run_scope(corpus, {"d1", "d2"}, "dedup:\n  scope: global\n", "global");
  CHECK(removed_ids(global) ==
        std::map<std::string, std::string>{{"a3", "a1"}, {"b1", "a2"}, {"c1", "b2"}, {"c3", "a1"}});
  // The report's matrix shows the cross-folder pairs.
  simdjson::dom::parser parser;
  simdjson::dom::element report;
  REQUIRE(parser.parse(read_file(corpus.dir / "global/dedup.json")).get(report) == simdjson::SUCCESS);
  std::map<std::pair<std::string, std::string>, std::uint64_t> matrix;
  for (const simdjson::dom::element cell : report["duplicates_matrix"].get_array()) {
    matrix[{std::string(cell["removed_in"].get_string().value()),
            std::string(cell["duplicate_of_in"].get_string().value())}] = cell["documents"].get_uint64().value();
  }
  CHECK(matrix == std::map<std::pair<std::string, std::string>, std::uint64_t>{
                      {{"a", "a"}, 1}, {{"b", "a"}, 1}, {{"c", "a"}, 1}, {{"c", "b"}, 1}});
}

TEST_CASE("the report counts documents and bytes in and out per input under scope source and global") {
  Corpus corpus;
  run_scope(corpus, {"d1", "d2"}, "dedup:\n  mode: datatrove\n", "source");
  // a3 and b1 removed; everything of c kept (its duplicates are in the other folder).
  const std::map<std::string, SourceNumbers> per_source = {
      {"a", {3, 2 * corpus.bytes(0) + corpus.bytes(1), 2, corpus.bytes(0) + corpus.bytes(1), 1}},
      {"b", {2, corpus.bytes(1) + corpus.bytes(2), 1, corpus.bytes(2), 1}},
      {"c", {3, corpus.bytes(2) + corpus.bytes(3) + corpus.bytes(0), 3,
             corpus.bytes(2) + corpus.bytes(3) + corpus.bytes(0), 0}},
  };
  CHECK(report_sources(read_file(corpus.dir / "source/dedup.json")) == per_source);

  run_scope(corpus, {"d1", "d2"}, "dedup:\n  scope: global\n", "global");
  std::map<std::string, SourceNumbers> global = per_source;
  global["c"] = {3, corpus.bytes(2) + corpus.bytes(3) + corpus.bytes(0), 1, corpus.bytes(3), 2};
  CHECK(report_sources(read_file(corpus.dir / "global/dedup.json")) == global);
}
