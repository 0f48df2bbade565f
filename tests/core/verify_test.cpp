// `winnow verify DIR`: a finished run verifies clean; damage, loss and strays are each reported.
#include <doctest/doctest.h>

#include <filesystem>

#include "support/test_support.h"

using namespace winnow::test;
namespace fs = std::filesystem;

namespace {
void make_run(const TempDir& dir) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "{\"id\":" + std::to_string(i) + ",\"text\":\"record " + std::to_string(i) + "\"}\n";
  text += "{broken\n";
  write_file(dir / "in/a.jsonl", text);
  write_file(dir / "in/b.jsonl.zst", zstd_compress(text));
  const CommandResult result = run_winnow({"run", dir / "in", "--output", dir / "out", "--no-progress"});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
}
}  // namespace

TEST_CASE("a finished run verifies clean, also after being copied") {
  TempDir dir;
  make_run(dir);
  CommandResult verify = run_winnow({"verify", dir / "out"});
  CHECK_MESSAGE(verify.exit_code == 0, verify.out);
  CHECK(verify.out.find("OK: 5 file(s) checked") != std::string::npos);
  fs::copy(dir / "out", dir / "copy", fs::copy_options::recursive);
  CHECK(run_winnow({"verify", dir / "copy"}).exit_code == 0);
}

TEST_CASE("verify reports a changed byte, a missing file, a stray file and a ledger that does not add up") {
  TempDir dir;
  make_run(dir);
  {
    std::string kept = read_file(dir / "out/kept/a.jsonl.zst");
    kept[kept.size() / 2] = static_cast<char>(kept[kept.size() / 2] ^ 1);
    write_file(dir / "out/kept/a.jsonl.zst", kept);
  }
  fs::remove(dir / "out/rejects/b.jsonl.zst");
  write_file(dir / "out/kept/stray.jsonl.zst", zstd_compress("{\"text\":\"x\"}\n"));
  const CommandResult verify = run_winnow({"verify", dir / "out"});
  CHECK(verify.exit_code == 1);
  CHECK(verify.out.find("kept/a.jsonl.zst: checksum") != std::string::npos);
  CHECK(verify.out.find("rejects/b.jsonl.zst: missing") != std::string::npos);
  CHECK(verify.out.find("kept/stray.jsonl.zst: not in manifest.json") != std::string::npos);
  CHECK(verify.out.find("FAILED") != std::string::npos);
}

TEST_CASE("verify checks record counts against the ledger, not only checksums") {
  TempDir dir;
  make_run(dir);
  // A consistent-looking but wrong dataset: kept/a rewritten with a record missing, manifest regenerated.
  auto lines = lines_of(zstd_decompress_file(dir / "out/kept/a.jsonl.zst"));
  lines.pop_back();
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  write_file(dir / "out/kept/a.jsonl.zst", zstd_compress(text));
  const CommandResult verify = run_winnow({"verify", dir / "out"});
  CHECK(verify.exit_code == 1);
  CHECK(verify.out.find("kept/a.jsonl.zst: 1999 records, the ledger says 2000") != std::string::npos);
  CHECK(run_winnow({"verify", dir / "nothing-here"}).exit_code == 1);
}
