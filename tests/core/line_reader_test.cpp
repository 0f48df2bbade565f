#include <doctest/doctest.h>

#include "src/io/byte_source.h"
#include "src/io/line_reader.h"
#include "support/test_support.h"

using namespace winnow;
using namespace winnow::test;

namespace {
struct Cut {
  std::vector<std::string> lines;
  std::vector<LineProblem> problems;
  std::vector<std::uint64_t> numbers;
  std::uint64_t blank = 0;
  std::size_t batches = 0;
};

Cut cut(const std::string& path, LineReaderOptions options) {
  LineReader reader(open_byte_source(path), options);
  Cut result;
  LineBatch batch;
  while (reader.next(batch)) {
    ++result.batches;
    for (const auto& line : batch.lines) {
      result.lines.emplace_back(batch.line_bytes(line));
      result.problems.push_back(line.problem);
      result.numbers.push_back(line.line_number);
    }
    result.blank += batch.blank_lines;
    // The padding promise: at least kParsePadding readable bytes after the last line.
    if (!batch.lines.empty()) {
      const auto& last = batch.lines.back();
      CHECK(batch.bytes.size() >= last.offset + last.size + kParsePadding);
    }
  }
  return result;
}
}  // namespace

TEST_CASE("CRLF endings lose their CR, a last line without newline is still a line, blank lines are counted") {
  TempDir dir;
  write_file(dir / "x.jsonl", "{\"a\":1}\r\n\r\n  \n{\"b\":2}\n{\"c\":3}");
  const Cut result = cut(dir / "x.jsonl", {});
  REQUIRE(result.lines.size() == 3);
  CHECK(result.lines[0] == "{\"a\":1}");
  CHECK(result.lines[1] == "{\"b\":2}");
  CHECK(result.lines[2] == "{\"c\":3}");
  CHECK(result.numbers == std::vector<std::uint64_t>{1, 4, 5});
  CHECK(result.blank == 2);
}

TEST_CASE("a line over max_line_bytes keeps only a prefix and the following lines are intact") {
  TempDir dir;
  const std::string long_line(3 << 20, 'x');
  write_file(dir / "x.jsonl", "{\"a\":1}\n" + long_line + "\n{\"b\":2}\n");
  LineReaderOptions options;
  options.max_line_bytes = 1 << 20;
  options.reject_prefix_bytes = 100;
  const Cut result = cut(dir / "x.jsonl", options);
  REQUIRE(result.lines.size() == 3);
  CHECK(result.problems[1] == LineProblem::too_long);
  CHECK(result.lines[1] == std::string(100, 'x'));
  CHECK(result.lines[2] == "{\"b\":2}");
}

TEST_CASE("batches close at line ends after batch_bytes, and cutting does not change the lines") {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "{\"text\":\"record number " + std::to_string(i) + "\"}\n";
  write_file(dir / "x.jsonl.zst", zstd_compress(text));
  LineReaderOptions small;
  small.batch_bytes = 4096;
  LineReaderOptions large;
  const Cut many = cut(dir / "x.jsonl.zst", small);
  const Cut one = cut(dir / "x.jsonl.zst", large);
  CHECK(many.batches > 20);
  CHECK(one.batches == 1);
  CHECK(many.lines == one.lines);
  CHECK(many.lines.size() == 5000);
}
