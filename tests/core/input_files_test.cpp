#include <doctest/doctest.h>

#include <filesystem>

#include "src/error.h"
#include "src/io/input_files.h"
#include "support/test_support.h"

using namespace winnow;
using namespace winnow::test;

TEST_CASE("output stems drop the compression and JSON extensions") {
  CHECK(output_stem("/a/b/CC-MAIN-001.jsonl.zst") == "CC-MAIN-001");
  CHECK(output_stem("x.json.gz") == "x");
  CHECK(output_stem("x.ndjson") == "x");
  CHECK(output_stem("notes.txt") == "notes.txt");
}

TEST_CASE("directories are searched recursively for JSON lines files, sorted") {
  TempDir dir;
  write_file(dir / "in/b.jsonl.gz", "");
  write_file(dir / "in/a.jsonl.zst", "");
  write_file(dir / "in/sub/c.json", "");
  write_file(dir / "in/readme.txt", "");
  const InputListing listing = list_inputs({dir / "in"});
  REQUIRE(listing.files.size() == 3);
  CHECK(listing.files[0].name == "a");
  CHECK(listing.files[1].name == "b");
  CHECK(listing.files[2].name == "c");
}

TEST_CASE("globs expand, a file reached twice is read once, and an empty directory is reported") {
  TempDir dir;
  write_file(dir / "in/x-1.jsonl", "");
  write_file(dir / "in/x-2.jsonl", "");
  std::filesystem::create_directories(dir / "empty");
  const InputListing listing = list_inputs({dir / "in/x-*.jsonl", dir / "in/x-1.jsonl", dir / "empty"});
  CHECK(listing.files.size() == 2);
  REQUIRE(listing.matched_nothing.size() == 1);
  CHECK(listing.matched_nothing[0] == dir / "empty");
  CHECK_THROWS_AS(list_inputs({dir / "missing.jsonl"}), Error);
}

TEST_CASE("inputs sharing a name get names from their folders") {
  TempDir dir;
  write_file(dir / "dumps/2023/part-0.jsonl.zst", "");
  write_file(dir / "dumps/2024/part-0.jsonl.zst", "");
  write_file(dir / "same/a.jsonl", "");
  write_file(dir / "same/a.jsonl.gz", "");
  const InputListing listing = list_inputs({dir / "dumps", dir / "same"});
  REQUIRE(listing.files.size() == 4);
  CHECK(listing.files[0].name == "2023__part-0");
  CHECK(listing.files[1].name == "2024__part-0");
  CHECK(listing.files[2].name != listing.files[3].name);
}
