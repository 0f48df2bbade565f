#include <doctest/doctest.h>

#include "src/io/byte_source.h"
#include "support/test_support.h"

using namespace winnow;
using namespace winnow::test;

namespace {
struct Drained {
  std::string bytes;
  std::vector<std::string> damages;
};

Drained drain(const std::string& path) {
  auto source = open_byte_source(path);
  Drained drained;
  std::vector<char> buffer(1000);
  for (int guard = 0; guard < 1000000; ++guard) {
    ReadResult result = source->read(buffer);
    if (result.end) return drained;
    if (result.damage) drained.damages.push_back(result.damage->reason);
    drained.bytes.append(buffer.data(), result.size);
  }
  FAIL("the source never ended");
  return drained;
}

std::string numbered_lines(int first, int count) {
  std::string text;
  for (int i = first; i < first + count; ++i) text += "{\"text\":\"line " + std::to_string(i) + "\"}\n";
  return text;
}
}  // namespace

TEST_CASE("zstd: several frames decode as one stream") {
  TempDir dir;
  const std::string a = numbered_lines(0, 100), b = numbered_lines(100, 100);
  write_file(dir / "x.jsonl.zst", zstd_compress(a) + zstd_compress(b));
  const Drained drained = drain(dir / "x.jsonl.zst");
  CHECK(drained.bytes == a + b);
  CHECK(drained.damages.empty());
}

TEST_CASE("zstd: a corrupt frame in the middle is reported once and the next frame is recovered") {
  TempDir dir;
  const std::string a = numbered_lines(0, 500), b = numbered_lines(500, 500), c = numbered_lines(1000, 500);
  std::string middle = zstd_compress(b);
  for (std::size_t i = 20; i < middle.size() - 8; i += 7) middle[i] = static_cast<char>(middle[i] ^ 0x5A);
  write_file(dir / "x.jsonl.zst", zstd_compress(a) + middle + zstd_compress(c));
  const Drained drained = drain(dir / "x.jsonl.zst");
  REQUIRE(drained.damages.size() == 1);
  CHECK(drained.damages[0] == "zstd_corrupt_frame");
  CHECK(drained.bytes.substr(0, a.size()) == a);
  CHECK(drained.bytes.size() >= a.size() + c.size());
  CHECK(drained.bytes.substr(drained.bytes.size() - c.size()) == c);
}

TEST_CASE("zstd: a truncated file reports truncated_input after what could be decoded") {
  TempDir dir;
  const std::string text = numbered_lines(0, 2000);
  const std::string whole = zstd_compress(text);
  write_file(dir / "x.jsonl.zst", whole.substr(0, whole.size() / 2));
  const Drained drained = drain(dir / "x.jsonl.zst");
  REQUIRE(drained.damages.size() == 1);
  CHECK(drained.damages[0] == "truncated_input");
  CHECK(text.compare(0, drained.bytes.size(), drained.bytes) == 0);  // a correct prefix
}

TEST_CASE("gzip: members concatenated decode as one stream") {
  TempDir dir;
  const std::string a = numbered_lines(0, 50), b = numbered_lines(50, 50);
  write_file(dir / "x.jsonl.gz", gzip_compress(a) + gzip_compress(b));
  const Drained drained = drain(dir / "x.jsonl.gz");
  CHECK(drained.bytes == a + b);
  CHECK(drained.damages.empty());
}

TEST_CASE("gzip: trailing garbage is reported once, the data before it is intact") {
  TempDir dir;
  const std::string a = numbered_lines(0, 50);
  write_file(dir / "x.jsonl.gz", gzip_compress(a) + std::string("this is not gzip at all, just junk"));
  const Drained drained = drain(dir / "x.jsonl.gz");
  CHECK(drained.bytes == a);
  REQUIRE(drained.damages.size() == 1);
  CHECK(drained.damages[0] == "gzip_trailing_garbage");
}

TEST_CASE("gzip: a corrupt member is skipped and the next member recovered") {
  TempDir dir;
  const std::string a = numbered_lines(0, 300), b = numbered_lines(300, 300), c = numbered_lines(600, 300);
  std::string middle = gzip_compress(b);
  for (std::size_t i = 30; i < middle.size() - 10; i += 5) middle[i] = static_cast<char>(middle[i] ^ 0x33);
  write_file(dir / "x.jsonl.gz", gzip_compress(a) + middle + gzip_compress(c));
  const Drained drained = drain(dir / "x.jsonl.gz");
  CHECK(drained.damages.size() >= 1);
  CHECK(drained.bytes.substr(0, a.size()) == a);
  CHECK(drained.bytes.substr(drained.bytes.size() - c.size()) == c);
}

TEST_CASE("gzip: a truncated file reports truncated_input") {
  TempDir dir;
  const std::string whole = gzip_compress(numbered_lines(0, 3000));
  write_file(dir / "x.jsonl.gz", whole.substr(0, whole.size() - 100));
  const Drained drained = drain(dir / "x.jsonl.gz");
  REQUIRE(drained.damages.size() == 1);
  CHECK(drained.damages[0] == "truncated_input");
}

TEST_CASE("the content, not the name, picks the decoder") {
  TempDir dir;
  const std::string text = numbered_lines(0, 10);
  write_file(dir / "plain-named.jsonl.zst", text);
  write_file(dir / "zstd-named.jsonl", zstd_compress(text));
  write_file(dir / "gzip-named.jsonl.zst", gzip_compress(text));
  CHECK(open_byte_source(dir / "plain-named.jsonl.zst")->encoding() == Encoding::plain);
  CHECK(open_byte_source(dir / "zstd-named.jsonl")->encoding() == Encoding::zstd);
  CHECK(open_byte_source(dir / "gzip-named.jsonl.zst")->encoding() == Encoding::gzip);
  CHECK(drain(dir / "plain-named.jsonl.zst").bytes == text);
  CHECK(drain(dir / "zstd-named.jsonl").bytes == text);
  CHECK(drain(dir / "gzip-named.jsonl.zst").bytes == text);
}

TEST_CASE("an empty file of any name yields nothing and no damage") {
  TempDir dir;
  for (const char* name : {"e.jsonl", "e.jsonl.zst", "e.jsonl.gz"}) {
    write_file(dir / name, "");
    const Drained drained = drain(dir / name);
    CHECK(drained.bytes.empty());
    CHECK(drained.damages.empty());
  }
}
