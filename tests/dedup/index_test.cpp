// Saved indexes (--save-index / --against-index, dedup/index_file.h), end to end through `winnow run`: a run
// against the index of an earlier run removes exactly what one run over both inputs would remove from the
// later input; damaged, truncated, foreign and incompatible indexes are refused with a message.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "dedup/band_table.h"
#include "dedup/exact_table.h"
#include "src/error.h"
#include "src/io/file_checksum.h"
#include "support/test_support.h"

namespace {

using namespace winnow::test;
namespace fs = std::filesystem;

const std::string kSampleData = std::string(WINNOW_SOURCE_DIR) + "/sample_data";

// What a dedup reject says about its removal; equal across the two ways of running when the decisions are.
struct Removal {
  std::string reason;
  std::string duplicate_of;
  std::string detail;  // bands_matched and estimated_similarity, as written
  bool operator==(const Removal&) const = default;
};

// (input name, id) -> removal, for every dedup reject of a run.
std::map<std::pair<std::string, std::string>, Removal> dedup_removals(const RunOutputs& outputs) {
  std::map<std::pair<std::string, std::string>, Removal> removed;
  simdjson::dom::parser parser;
  for (const std::string& line : outputs.rejects) {
    simdjson::dom::element record;
    REQUIRE(parser.parse(line).get(record) == simdjson::SUCCESS);
    std::string_view stage;
    if (record["winnow"]["stage"].get(stage) != simdjson::SUCCESS || stage != "dedup") continue;
    std::string_view id, file, reason, duplicate_of;
    REQUIRE(record["id"].get(id) == simdjson::SUCCESS);
    REQUIRE(record["winnow"]["file"].get(file) == simdjson::SUCCESS);
    REQUIRE(record["winnow"]["reason"].get(reason) == simdjson::SUCCESS);
    REQUIRE(record["winnow"]["duplicate_of"].get(duplicate_of) == simdjson::SUCCESS);
    std::string detail;
    std::int64_t bands = 0;
    double similarity = 0;
    if (record["winnow"]["bands_matched"].get(bands) == simdjson::SUCCESS) detail += "bands=" + std::to_string(bands);
    if (record["winnow"]["estimated_similarity"].get(similarity) == simdjson::SUCCESS) {
      detail += " similarity=" + std::to_string(similarity);
    }
    removed[{std::string(file), std::string(id)}] = {std::string(reason), std::string(duplicate_of), detail};
  }
  return removed;
}

CommandResult winnow_run(const TempDir& dir, const std::vector<std::string>& inputs, const std::string& yaml,
                         const std::string& out_name, const std::vector<std::string>& extra = {}) {
  write_file(dir / (out_name + ".yaml"), yaml);
  std::vector<std::string> args = {"run"};
  args.insert(args.end(), inputs.begin(), inputs.end());
  for (const std::string& arg : {std::string("--output"), dir / out_name, std::string("--config"),
                                 dir / (out_name + ".yaml"), std::string("--threads"), std::string("2"),
                                 std::string("--quiet")}) {
    args.push_back(arg);
  }
  args.insert(args.end(), extra.begin(), extra.end());
  return run_winnow(args);
}

RunOutputs run_ok(const TempDir& dir, const std::vector<std::string>& inputs, const std::string& yaml,
                  const std::string& out_name, const std::vector<std::string>& extra = {}) {
  const CommandResult result = winnow_run(dir, inputs, yaml, out_name, extra);
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  return check_outputs(dir / out_name);
}

// Runs A then B against A's index, and A + B as one input; B's removals and kept records must be the same.
// B runs with `b_yaml` when given (else `yaml`, as the other two runs).
void check_split_equals_combined(const TempDir& dir, const std::vector<std::string>& a,
                                 const std::vector<std::string>& b, const std::string& yaml,
                                 const std::set<std::string>& b_names, const std::string& b_yaml = "") {
  std::vector<std::string> both = a;
  both.insert(both.end(), b.begin(), b.end());
  const RunOutputs combined = run_ok(dir, both, yaml, "combined");
  run_ok(dir, a, yaml, "a", {"--save-index", dir / "index-a"});
  REQUIRE(fs::exists(dir / "index-a/index.json"));
  const RunOutputs later = run_ok(dir, b, b_yaml.empty() ? yaml : b_yaml, "b", {"--against-index", dir / "index-a"});

  std::map<std::pair<std::string, std::string>, Removal> expected;
  for (const auto& [key, removal] : dedup_removals(combined)) {
    if (b_names.count(key.first)) expected.emplace(key, removal);
  }
  const auto actual = dedup_removals(later);
  CHECK(actual.size() == expected.size());
  CHECK(actual == expected);
  std::size_t against_index = 0;
  for (const std::string& line : later.rejects) against_index += line.find("\"index\":") != std::string::npos;
  MESSAGE(actual.size() << " removals in B, " << against_index << " of them against the index");

  // B's kept records are the combined run's kept records of B.
  const std::set<std::string> later_kept(later.kept.begin(), later.kept.end());
  std::size_t combined_kept_of_b = 0;
  for (const std::string& line : combined.kept) combined_kept_of_b += later_kept.count(line);
  CHECK(combined_kept_of_b == later.kept.size());
}

}  // namespace

TEST_CASE("a run against a saved index removes what one run over both inputs removes from the later input") {
  TempDir dir;
  const std::vector<std::string> a = {kSampleData + "/web-00.jsonl.zst", kSampleData + "/web-01.jsonl.gz"};
  const std::vector<std::string> b = {kSampleData + "/web-02.jsonl"};
  SUBCASE("datatrove mode, default settings") {
    check_split_equals_combined(dir, a, b, "dedup:\n  mode: datatrove\n", {"web-02"});
  }
  SUBCASE("fast mode with verification and URL dedup") {
    check_split_equals_combined(dir, a, b, "dedup:\n  mode: fast\n  verify: signature\n  url_field: url\n",
                                {"web-02"});
  }
  SUBCASE("exact duplicates only, compared after the word normalization") {
    check_split_equals_combined(dir, a, b, "dedup:\n  near: false\n  exact_normalization: minhash\n", {"web-02"});
  }
}

// A word without digits (digits all normalize to "0"): "q" + the number in base 26.
std::string word(int number) {
  std::string text = "q";
  for (int n = number + 1; n > 0; n /= 26) text += static_cast<char>('a' + n % 26);
  return text;
}

std::string words(int from, int to) {
  std::string text;
  for (int i = from; i < to; ++i) text += (text.empty() ? "" : " ") + word(i);
  return text;
}

TEST_CASE("with verification, a band key of an indexed and a later kept document still belongs to the indexed one") {
  // X (A) and Y (B) share a third of their words: they share some of the 20 one-row bands, and verification
  // (0.9) refuses the pair, so Y is kept. Z is Y plus one word. In one run over A then B, the bands where X
  // and Y agree belong to X, so Z is removed as Y's duplicate with only the bands where Y differs from X
  // matched; an implementation that let the run's own table answer first would count all of Y's bands.
  TempDir dir;
  fs::create_directories(dir / "in");
  auto record = [](const std::string& id, const std::string& text) {
    return "{\"id\":\"" + id + "\",\"text\":\"" + text + "\"}\n";
  };
  write_file(dir / "in/a.jsonl", record("X", words(0, 200)));
  write_file(dir / "in/b.jsonl",
             record("Y", words(100, 300)) + record("Z", words(100, 300) + " " + word(999)));
  const std::string yaml =
      "dedup:\n  exact: false\n  ngram: 1\n  bands: 20\n  rows: 1\n  verify: signature\n  verify_threshold: 0.9\n";
  check_split_equals_combined(dir, {dir / "in/a.jsonl"}, {dir / "in/b.jsonl"}, yaml, {"b"});
  const auto removed = dedup_removals(check_outputs(dir / "b"));
  REQUIRE(removed.size() == 1);
  const Removal& z = removed.begin()->second;
  CHECK(removed.begin()->first.second == "Z");
  CHECK(z.duplicate_of == "Y");
  // Not all 20 bands: some of Y's keys belong to X.
  CHECK(z.detail.find("bands=20") == std::string::npos);
  const RunOutputs a = check_outputs(dir / "a");
  CHECK(a.kept.size() == 1);
}

TEST_CASE("an index matches within scopes: another folder's input only with scope global") {
  TempDir dir;
  fs::create_directories(dir / "new-crawl");
  fs::copy_file(kSampleData + "/web-02.jsonl", dir / "new-crawl/web-02.jsonl");
  const std::vector<std::string> a = {kSampleData + "/web-00.jsonl.zst", kSampleData + "/web-01.jsonl.gz"};
  const std::vector<std::string> b = {dir / "new-crawl"};
  SUBCASE("scope global") {
    check_split_equals_combined(dir, a, b, "dedup:\n  scope: global\n", {"web-02"});
  }
  SUBCASE("scope source (the default): no document of B is removed as a duplicate of A's") {
    check_split_equals_combined(dir, a, b, "dedup:\n  mode: datatrove\n", {"web-02"});
    const RunOutputs later = check_outputs(dir / "b");
    for (const std::string& line : later.rejects) CHECK(line.find("\"index\":") == std::string::npos);
  }
}

TEST_CASE("an index saved with scope global matches every document of a run with scope source") {
  // B is one folder, so within B scope source compares what scope global compares: B against a global index
  // in scope source must remove what one global run over A then B removes from B.
  TempDir dir;
  fs::create_directories(dir / "eval");
  fs::copy_file(kSampleData + "/web-02.jsonl", dir / "eval/web-02.jsonl");
  const std::vector<std::string> a = {kSampleData + "/web-00.jsonl.zst", kSampleData + "/web-01.jsonl.gz"};
  SUBCASE("datatrove mode") {
    check_split_equals_combined(dir, a, {dir / "eval"}, "dedup:\n  scope: global\n", {"web-02"},
                                "dedup:\n  scope: source\n");
  }
  SUBCASE("fast mode with verification and URL dedup") {
    check_split_equals_combined(dir, a, {dir / "eval"},
                                "dedup:\n  mode: fast\n  verify: signature\n  url_field: url\n  scope: global\n",
                                {"web-02"}, "dedup:\n  mode: fast\n  verify: signature\n  url_field: url\n");
  }
  const RunOutputs later = check_outputs(dir / "b");
  std::size_t against_index = 0;
  for (const std::string& line : later.rejects) against_index += line.find("\"index\":") != std::string::npos;
  CHECK(against_index > 0);
  // The other way round is refused: a source-scoped index cannot serve a global run.
  run_ok(dir, a, "dedup:\n  scope: source\n", "a-source", {"--save-index", dir / "index-source"});
  const CommandResult refused =
      winnow_run(dir, {dir / "eval"}, "dedup:\n  scope: global\n", "refused", {"--against-index", dir / "index-source"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("dedup.scope = 'source', this run has 'global'") != std::string::npos);
}

TEST_CASE("the saved index lists its parameters, documents and checksummed files") {
  TempDir dir;
  const RunOutputs a = run_ok(dir, {kSampleData}, "dedup:\n  save_index: " + (dir / "index") + "\n", "a");
  simdjson::dom::parser parser;
  simdjson::dom::element manifest;
  REQUIRE(parser.load(dir / "index/index.json").get(manifest) == simdjson::SUCCESS);
  CHECK(manifest["format"].get_string().value() == "winnow-dedup-index");
  CHECK(manifest["version"].get_uint64().value() == 1);
  CHECK(manifest["parameters"]["scope"].get_string().value() == "source");
  CHECK(manifest["parameters"]["bands"].get_string().value() == "14");
  // Every document kept by the dedup stage is in the index.
  CHECK(manifest["documents"].get_uint64().value() == a.kept.size());
  std::size_t files = 0;
  for (const simdjson::dom::element file : manifest["files"].get_array()) {
    const std::string name(file["name"].get_string().value());
    const winnow::FileChecksum checksum = winnow::checksum_file(dir / ("index/" + name));
    CHECK(checksum.bytes == file["bytes"].get_uint64().value());
    CHECK(checksum.xxh3 == file["xxh3"].get_string().value());
    ++files;
  }
  CHECK(files == 1 + 1 + 14);  // documents, exact, 14 bands
}

TEST_CASE("a damaged, truncated, foreign or incompatible index is refused with a message naming the problem") {
  TempDir dir;
  run_ok(dir, {kSampleData + "/web-00.jsonl.zst"}, "dedup:\n  mode: datatrove\n", "a",
         {"--save-index", dir / "index"});
  const std::string b = kSampleData + "/web-02.jsonl";
  auto refused = [&](const std::string& yaml, const std::string& index) {
    const CommandResult result = winnow_run(dir, {b}, yaml, "b", {"--against-index", index});
    CHECK(result.exit_code == 2);
    return result.err;
  };
  auto copy_index = [&](const std::string& name) {
    fs::copy(dir / "index", dir / name, fs::copy_options::recursive);
    return dir / name;
  };
  SUBCASE("another parameter") {
    const std::string err = refused("dedup:\n  mode: datatrove\n  bands: 20\n  rows: 5\n", dir / "index");
    CHECK(err.find("dedup.bands = '14', this run has '20'") != std::string::npos);
    CHECK(refused("dedup:\n  mode: fast\n", dir / "index").find("dedup.mode") != std::string::npos);
    CHECK(refused("dedup:\n  scope: global\n", dir / "index").find("dedup.scope") != std::string::npos);
    CHECK(refused("dedup:\n  url_field: url\n", dir / "index").find("dedup.url_field") != std::string::npos);
    CHECK(refused("dedup:\n  verify: signature\n", dir / "index").find("without it") != std::string::npos);
  }
  SUBCASE("a truncated band file") {
    const std::string index = copy_index("truncated");
    fs::resize_file(index + "/band-03.bin", fs::file_size(index + "/band-03.bin") - 8);
    const std::string err = refused("dedup:\n  mode: datatrove\n", index);
    CHECK(err.find("band-03.bin") != std::string::npos);
    CHECK(err.find("truncated") != std::string::npos);
  }
  SUBCASE("a changed byte") {
    const std::string index = copy_index("changed");
    std::string bytes = read_file(index + "/exact.bin");
    bytes[bytes.size() / 2] ^= 0x40;
    write_file(index + "/exact.bin", bytes);
    const std::string err = refused("dedup:\n  mode: datatrove\n", index);
    CHECK(err.find("exact.bin") != std::string::npos);
    CHECK(err.find("checksum") != std::string::npos);
  }
  SUBCASE("a missing file") {
    const std::string index = copy_index("missing");
    fs::remove(index + "/documents.bin");
    CHECK(refused("dedup:\n  mode: datatrove\n", index).find("documents.bin") != std::string::npos);
  }
  SUBCASE("another format version") {
    const std::string index = copy_index("version");
    std::string manifest = read_file(index + "/index.json");
    const auto at = manifest.find("\"version\": 1");
    REQUIRE(at != std::string::npos);
    manifest.replace(at, 12, "\"version\": 7");
    write_file(index + "/index.json", manifest);
    CHECK(refused("dedup:\n  mode: datatrove\n", index).find("index format version 7") != std::string::npos);
  }
  SUBCASE("no index.json, or not an index") {
    const std::string index = copy_index("interrupted");
    fs::remove(index + "/index.json");
    CHECK(refused("dedup:\n  mode: datatrove\n", index).find("not a winnow dedup index") != std::string::npos);
    write_file(index + "/index.json", "{\"format\":\"something else\"}");
    CHECK(refused("dedup:\n  mode: datatrove\n", index).find("not a winnow dedup index") != std::string::npos);
    write_file(index + "/index.json", "\x01garbage");
    CHECK(refused("dedup:\n  mode: datatrove\n", index).find("not a winnow dedup index") != std::string::npos);
    CHECK(refused("dedup:\n  mode: datatrove\n", dir / "no-such-folder").find("not a winnow dedup index") !=
          std::string::npos);
  }
  SUBCASE("index flags without a dedup section") {
    const CommandResult result = winnow_run(dir, {b}, "output:\n  compression_level: 1\n", "b",
                                            {"--save-index", dir / "index2"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("need a dedup: section") != std::string::npos);
  }
}

TEST_CASE("a saved index can be loaded by several runs and saving again replaces it") {
  TempDir dir;
  const std::string yaml = "dedup:\n  mode: datatrove\n";
  run_ok(dir, {kSampleData + "/web-02.jsonl"}, yaml, "first", {"--save-index", dir / "index"});
  run_ok(dir, {kSampleData + "/web-00.jsonl.zst"}, yaml, "second", {"--save-index", dir / "index"});
  simdjson::dom::parser parser;
  simdjson::dom::element manifest;
  REQUIRE(parser.load(dir / "index/index.json").get(manifest) == simdjson::SUCCESS);
  std::size_t sources = 0;
  for (const simdjson::dom::element source : manifest["sources"].get_array()) {
    CHECK(source.get_string().value() == "web-00");
    ++sources;
  }
  CHECK(sources == 1);
  // Two runs against it agree with each other (the index is read-only).
  const RunOutputs one = run_ok(dir, {kSampleData + "/web-01.jsonl.gz"}, yaml, "one", {"--against-index", dir / "index"});
  const RunOutputs two = run_ok(dir, {kSampleData + "/web-01.jsonl.gz"}, yaml, "two", {"--against-index", dir / "index"});
  CHECK(one.rejects == two.rejects);
  // A run against an index saves only its own kept documents, and names only its own inputs.
  const RunOutputs three = run_ok(dir, {kSampleData + "/web-01.jsonl.gz"}, yaml, "three",
                                  {"--against-index", dir / "index", "--save-index", dir / "index-three"});
  simdjson::dom::element saved;
  REQUIRE(parser.load(dir / "index-three/index.json").get(saved) == simdjson::SUCCESS);
  CHECK(saved["documents"].get_uint64().value() == three.kept.size());
  std::vector<std::string> names;
  for (const simdjson::dom::element source : saved["sources"].get_array()) names.emplace_back(source.get_string().value());
  CHECK(names == std::vector<std::string>{"web-01"});
  std::size_t against_index = 0;
  for (const std::string& line : one.rejects) against_index += line.find("\"index\":") != std::string::npos;
  CHECK(against_index > 0);
}

TEST_CASE("the saved index is byte-identical with 1 and 2 threads and after a --resume that replays every input") {
  TempDir dir;
  write_file(dir / "c.yaml", "dedup:\n  mode: fast\n  verify: signature\n  url_field: url\n");
  auto run = [&](const std::string& out, const std::string& index, const std::string& threads, bool resume) {
    std::vector<std::string> args = {"run", kSampleData, "--output", dir / out, "--config", dir / "c.yaml",
                                     "--threads", threads, "--quiet", "--save-index", dir / index};
    if (resume) args.push_back("--resume");
    const CommandResult result = run_winnow(args);
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  };
  run("one", "index-one", "1", false);
  run("two", "index-two", "2", false);
  auto files_of = [&](const std::string& index) {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::directory_iterator(dir / index)) {
      files[entry.path().filename().string()] = read_file(entry.path().string());
    }
    return files;
  };
  const auto two = files_of("index-two");
  CHECK(two.count("sketches.bin") == 1);
  CHECK(two.count("url.bin") == 1);
  CHECK(files_of("index-one") == two);
  // Every input of "one" is complete: the resumed run replays their kept records into the index it saves.
  fs::remove_all(dir / "index-one");
  run("one", "index-one", "2", true);
  CHECK(files_of("index-one") == two);
}

TEST_CASE("tables read from words refuse words that are not a table") {
  using winnow::dedup::BandTable;
  using winnow::dedup::ExactTable;
  BandTable band;
  for (std::uint32_t document = 0; document < 1000; ++document) {
    band.insert_if_absent(document * 0x9E3779B97F4A7C15ULL, document);
  }
  std::string bytes;
  band.write_words([&](std::string_view piece) { bytes.append(piece); });
  std::vector<std::uint64_t> words(bytes.size() / 8);
  std::memcpy(words.data(), bytes.data(), bytes.size());
  const BandTable loaded = BandTable::from_words(words, 1000);
  for (std::uint32_t document = 0; document < 1000; ++document) {
    CHECK(loaded.find(document * 0x9E3779B97F4A7C15ULL) == document);
  }
  CHECK_THROWS_WITH_AS(BandTable::from_words(words, 999), doctest::Contains("names document 999"), winnow::Error);
  CHECK_THROWS_AS(BandTable::from_words(std::span(words).first(words.size() - 1), 1000), winnow::Error);
  std::vector<std::uint64_t> full = words;
  for (std::size_t p = 0; p < 4096; ++p) {
    if (full[1 + p] > 0) {
      full[1 + 4096 + p] = full[1 + p];  // a partition without an empty slot: find() would never end
      break;
    }
  }
  CHECK_THROWS_WITH_AS(BandTable::from_words(full, 1000), doctest::Contains("impossible size"), winnow::Error);

  ExactTable exact;
  for (std::uint32_t document = 0; document < 100; ++document) {
    exact.insert_if_absent({document + 1ULL, document * 77ULL << 28}, document);
  }
  bytes.clear();
  exact.write_words([&](std::string_view piece) { bytes.append(piece); });
  words.assign(bytes.size() / 8, 0);
  std::memcpy(words.data(), bytes.data(), bytes.size());
  const ExactTable exact_loaded = ExactTable::from_words(words, 100);
  for (std::uint32_t document = 0; document < 100; ++document) {
    CHECK(exact_loaded.find({document + 1ULL, document * 77ULL << 28}) == document);
  }
  CHECK_THROWS_AS(ExactTable::from_words(words, 50), winnow::Error);
  words[1] += 1;
  CHECK_THROWS_AS(ExactTable::from_words(words, 100), winnow::Error);
}
