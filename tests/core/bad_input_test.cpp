// Every kind of bad input named in the foundation issue, each in a file the test builds: the run goes on,
// exits 0, counts it under errors, writes what could be recovered to rejects/, and the ledger balances.
#include <doctest/doctest.h>

#include <filesystem>

#include "support/test_support.h"

using namespace winnow;
using namespace winnow::test;

namespace {

std::string records(int first, int count) {
  std::string text;
  for (int i = first; i < first + count; ++i) {
    text += "{\"id\":\"r" + std::to_string(i) + "\",\"text\":\"record number " + std::to_string(i) + "\"}\n";
  }
  return text;
}

RunOutputs run_ok(const TempDir& dir, const std::vector<std::string>& inputs, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"run"};
  args.insert(args.end(), inputs.begin(), inputs.end());
  args.insert(args.end(), {"--output", dir / "out", "--no-progress"});
  args.insert(args.end(), extra.begin(), extra.end());
  const CommandResult result = run_winnow(args);
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  return check_outputs(dir / "out");
}

std::uint64_t errors(const RunOutputs& outputs, const std::string& reason) {
  const auto found = outputs.totals.errors.find(reason);
  return found == outputs.totals.errors.end() ? 0 : found->second;
}

bool any_contains(const std::vector<std::string>& lines, std::string_view text) {
  for (const auto& line : lines) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a truncated .zst: the decodable records are kept, the cut is one error") {
  TempDir dir;
  const std::string whole = zstd_compress(records(0, 50000));  // ~2.5 MB: many 128 KiB blocks
  write_file(dir / "cut.jsonl.zst", whole.substr(0, whole.size() * 2 / 3));
  const RunOutputs outputs = run_ok(dir, {dir / "cut.jsonl.zst"});
  CHECK(outputs.totals.kept > 10000);
  CHECK(outputs.totals.kept < 50000);
  CHECK(errors(outputs, "truncated_input") == 1);
  CHECK(any_contains(outputs.rejects, "\"reason\":\"truncated_input\""));
}

TEST_CASE("a corrupt zstd frame in the middle: records of the frames after it are recovered") {
  TempDir dir;
  std::string middle = zstd_compress(records(1000, 1000));
  for (std::size_t i = 24; i < middle.size() - 8; i += 5) middle[i] = static_cast<char>(middle[i] ^ 0x42);
  write_file(dir / "x.jsonl.zst", zstd_compress(records(0, 1000)) + middle + zstd_compress(records(2000, 1000)));
  const RunOutputs outputs = run_ok(dir, {dir / "x.jsonl.zst"});
  CHECK(errors(outputs, "zstd_corrupt_frame") == 1);
  CHECK(any_contains(outputs.kept, "\"id\":\"r999\""));
  CHECK(any_contains(outputs.kept, "\"id\":\"r2000\""));
  CHECK(any_contains(outputs.kept, "\"id\":\"r2999\""));
  CHECK_FALSE(any_contains(outputs.kept, "\"id\":\"r1500\""));
}

TEST_CASE("a gzip with trailing garbage: all records kept, the garbage is one error") {
  TempDir dir;
  write_file(dir / "x.jsonl.gz", gzip_compress(records(0, 300)) + std::string(4096, '\x07'));
  const RunOutputs outputs = run_ok(dir, {dir / "x.jsonl.gz"});
  CHECK(outputs.totals.kept == 300);
  CHECK(errors(outputs, "gzip_trailing_garbage") == 1);
}

TEST_CASE("an empty file: nothing read, valid empty outputs, a warning") {
  TempDir dir;
  write_file(dir / "empty.jsonl.zst", "");
  const RunOutputs outputs = run_ok(dir, {dir / "empty.jsonl.zst"});
  CHECK(outputs.totals.read == 0);
  CHECK(outputs.totals.warnings.at("empty_input") == 1);
  CHECK(std::filesystem::exists(dir / "out/kept/empty.jsonl.zst"));
}

TEST_CASE("a plain file named .zst is read as what it is, with a warning") {
  TempDir dir;
  write_file(dir / "liar.jsonl.zst", records(0, 20));
  const RunOutputs outputs = run_ok(dir, {dir / "liar.jsonl.zst"});
  CHECK(outputs.totals.kept == 20);
  CHECK(outputs.totals.warnings.at("content_is_plain_not_zstd") == 1);
}

TEST_CASE("record-level problems: each counted under its reason and kept in rejects whole") {
  TempDir dir;
  std::string text = records(0, 3);
  text += "this is not json\n";
  text += "[\"an\", \"array\"]\n";
  text += "{\"id\":\"no-text\"}\n";
  text += "{\"id\":\"num\",\"text\":12}\n";
  text += "{\"id\":\"bad-utf8\",\"text\":\"caf\xE9\"}\n";
  text += records(3, 2);
  write_file(dir / "mixed.jsonl", text);
  const RunOutputs outputs = run_ok(dir, {dir / "mixed.jsonl"});
  CHECK(outputs.totals.kept == 5);
  CHECK(errors(outputs, "invalid_json") == 1);
  CHECK(errors(outputs, "not_an_object") == 1);
  CHECK(errors(outputs, "missing_text") == 1);
  CHECK(errors(outputs, "text_not_string") == 1);
  CHECK(errors(outputs, "invalid_utf8") == 1);
  CHECK(any_contains(outputs.rejects, R"("raw":"this is not json")"));
  CHECK(any_contains(outputs.rejects, R"({"id":"no-text","winnow":{"reason":"missing_text")"));
  CHECK(any_contains(outputs.rejects, "\"raw_base64\":"));
}

TEST_CASE("a line over input.max_line_bytes is rejected as line_too_long, with bounded memory") {
  TempDir dir;
  // 200 MB of text in one line, limit 1 MiB: the run must not hold the line.
  std::size_t line_size = 0;
  {
    std::string line = "{\"id\":\"huge\",\"text\":\"";
    line.append(std::size_t{200} << 20, 'a');
    line += "\"}";
    line_size = line.size();
    write_file(dir / "huge.jsonl", records(0, 2) + line + "\n" + records(2, 2));
  }
  write_file(dir / "limit.yaml", "input:\n  max_line_bytes: 1048576\n");
  const CommandResult result = run_winnow({"run", dir / "huge.jsonl", "--output", dir / "out", "--config",
                                           dir / "limit.yaml", "--threads", "2", "--no-progress"});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const RunOutputs outputs = check_outputs(dir / "out");
  CHECK(outputs.totals.kept == 4);
  CHECK(errors(outputs, "line_too_long") == 1);
  CHECK(any_contains(outputs.rejects, "\"truncated\":true,\"size\":" + std::to_string(line_size) + "}"));
  MESSAGE("peak RSS with a 200 MB line and a 1 MiB limit: " << result.peak_rss_kb << " KiB");
  if (kMemoryBoundsMeasurable) CHECK(result.peak_rss_kb < 100 * 1024);
}

TEST_CASE("a 100 MB line under the default limit is processed and kept") {
  TempDir dir;
  {
    std::string line = "{\"id\":\"big\",\"text\":\"";
    line.append(std::size_t{100} << 20, 'b');
    line += "\"}\n";
    write_file(dir / "big.jsonl", line + records(0, 1));
  }
  const RunOutputs outputs = run_ok(dir, {dir / "big.jsonl"});
  CHECK(outputs.totals.kept == 2);
  CHECK(outputs.kept[0].size() == (std::size_t{100} << 20) + 22);
}

TEST_CASE("a missing final newline and CRLF line ends lose no record") {
  TempDir dir;
  std::string crlf = records(0, 3);
  for (std::size_t at = crlf.find('\n'); at != std::string::npos; at = crlf.find('\n', at + 2)) crlf.insert(at, "\r");
  write_file(dir / "crlf.jsonl", crlf);
  std::string no_newline = records(10, 3);
  no_newline.pop_back();
  write_file(dir / "tail.jsonl.gz", gzip_compress(no_newline));
  const RunOutputs outputs = run_ok(dir, {dir / "crlf.jsonl", dir / "tail.jsonl.gz"});
  CHECK(outputs.totals.kept == 6);
  CHECK(outputs.totals.read == 6);
  for (const auto& line : outputs.kept) CHECK(line.find('\r') == std::string::npos);
  CHECK(any_contains(outputs.kept, "\"id\":\"r12\""));
}

TEST_CASE("a directory with no matching files: a warning, and exit 2 when it was the only input") {
  TempDir dir;
  std::filesystem::create_directories(dir / "nothing");
  write_file(dir / "nothing/readme.txt", "not an input");
  write_file(dir / "real/a.jsonl", records(0, 2));
  const RunOutputs outputs = run_ok(dir, {dir / "nothing", dir / "real"});
  CHECK(outputs.totals.kept == 2);
  CHECK(outputs.totals.warnings.at("input_matched_no_files") == 1);
  CHECK(outputs.stats.find("\"inputs_matched_nothing\": [\n    \"" + (dir / "nothing")) != std::string::npos);

  const CommandResult alone = run_winnow({"run", dir / "nothing", "--output", dir / "out2"});
  CHECK(alone.exit_code == 2);
  CHECK(alone.err.find("no input files") != std::string::npos);
}

TEST_CASE("--strict stops at the first bad record naming file and line, and leaves no partial output") {
  TempDir dir;
  write_file(dir / "a.jsonl", records(0, 5));
  write_file(dir / "b.jsonl.zst", zstd_compress(records(0, 3) + "{broken\n" + records(3, 3)));
  const CommandResult result =
      run_winnow({"run", dir / "a.jsonl", dir / "b.jsonl.zst", "--output", dir / "out", "--strict"});
  CHECK(result.exit_code == 1);
  CHECK(result.err.find(dir / "b.jsonl.zst" + ":4: invalid_json") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "out/kept/b.jsonl.zst"));
  CHECK_FALSE(std::filesystem::exists(dir / "out/.done/b"));
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir / "out")) {
    CHECK_MESSAGE(entry.path().string().find(".tmp.") == std::string::npos, "left behind: " << entry.path());
  }
}

TEST_CASE("a decompression bomb is cut at the configured limits, in bounded memory") {
  TempDir dir;
  // ~1 GB of one repeated record, compressed to ~100 KB: an expansion ratio near 10,000.
  {
    const std::string record = "{\"text\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}\n";
    std::string chunk;
    while (chunk.size() < (std::size_t{16} << 20)) chunk += record;
    std::string frames;
    const std::string frame = zstd_compress(chunk, 19);
    for (int i = 0; i < 64; ++i) frames += frame;
    write_file(dir / "bomb.jsonl.zst", frames);
  }
  write_file(dir / "ratio.yaml", "input:\n  max_expansion_ratio: 1000\n");
  CommandResult result = run_winnow({"run", dir / "bomb.jsonl.zst", "--output", dir / "out", "--config",
                                     dir / "ratio.yaml", "--threads", "2", "--no-progress"});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  RunOutputs outputs = check_outputs(dir / "out");
  CHECK(errors(outputs, "decompression_limit") == 1);
  CHECK(outputs.totals.kept > 0);
  CHECK(outputs.totals.kept < 64 * 270000);  // not all of it
  if (kMemoryBoundsMeasurable) CHECK(result.peak_rss_kb < 300 * 1024);

  write_file(dir / "size.yaml", "input:\n  max_decoded_bytes: 50000000\n  max_expansion_ratio: 0\n");
  result = run_winnow({"run", dir / "bomb.jsonl.zst", "--output", dir / "out2", "--config", dir / "size.yaml",
                       "--no-progress"});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  outputs = check_outputs(dir / "out2");
  CHECK(errors(outputs, "decompression_limit") == 1);
  CHECK(outputs.totals.decoded_bytes <= 50000000 + (256 << 10));  // one read chunk past the limit at most
  CHECK(any_contains(outputs.rejects, "input.max_decoded_bytes"));
}
