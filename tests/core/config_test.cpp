#include <doctest/doctest.h>

#include "src/config/config.h"
#include "src/error.h"

using namespace winnow;

TEST_CASE("an empty config gives the documented defaults") {
  const Config config = parse_config("", "empty.yaml");
  CHECK(config.input.text_key == "text");
  CHECK(config.input.id_key == "id");
  CHECK(config.input.max_line_bytes == (std::size_t{128} << 20));
  CHECK(config.output.compression_level == 3);
  CHECK(config.output.write_rejects);
  CHECK(config.output.fsync);
}

TEST_CASE("keys are read from their sections") {
  const Config config = parse_config(
      "input:\n  text_key: content\n  max_line_bytes: 4096\noutput:\n  compression_level: 9\n"
      "  write_rejects: false\npipeline:\n  batch_bytes: 65536\n",
      "c.yaml");
  CHECK(config.input.text_key == "content");
  CHECK(config.input.max_line_bytes == 4096);
  CHECK(config.output.compression_level == 9);
  CHECK_FALSE(config.output.write_rejects);
  CHECK(config.pipeline.batch_bytes == 65536);
}

TEST_CASE("mistakes are refused with the file and line") {
  CHECK_THROWS_WITH_AS(parse_config("output:\n  compresion_level: 3\n", "p.yaml"),
                       doctest::Contains("p.yaml:2: unknown key 'output.compresion_level'"), Error);
  CHECK_THROWS_WITH_AS(parse_config("output:\n  compression_level: fast\n", "p.yaml"),
                       doctest::Contains("p.yaml:2: output.compression_level must be an integer"), Error);
  CHECK_THROWS_WITH_AS(parse_config("output:\n  compression_level: 99\n", "p.yaml"),
                       doctest::Contains("between 1 and 19"), Error);
  CHECK_THROWS_WITH_AS(parse_config("filterz: {}\n", "p.yaml"), doctest::Contains("p.yaml:1: unknown section"),
                       Error);
  CHECK_THROWS_WITH_AS(parse_config("input: [1\n", "p.yaml"), doctest::Contains("p.yaml:"), Error);
}

TEST_CASE("the fingerprint follows settings that change output, not speed settings") {
  const Config base = parse_config("", "a");
  CHECK(base.fingerprint() == parse_config("pipeline:\n  batch_bytes: 8192\n", "b").fingerprint());
  CHECK(base.fingerprint() != parse_config("output:\n  compression_level: 5\n", "c").fingerprint());
  CHECK(base.fingerprint().rfind("xxh3:", 0) == 0);
}

TEST_CASE("stage sections are kept for their layers and count in the fingerprint") {
  const Config config = parse_config("filters:\n  gopher_quality: {min_words: 50}\n", "s.yaml");
  CHECK(config.filters.present());
  CHECK_FALSE(config.dedup.present());
  CHECK(config.filters.file == "s.yaml");
  CHECK(config.fingerprint() != parse_config("", "t").fingerprint());
  CHECK(config.fingerprint() == parse_config("filters: {gopher_quality: {min_words: 50}}\n", "u").fingerprint());
  CHECK(config.fingerprint() != parse_config("filters: {gopher_quality: {min_words: 51}}\n", "v").fingerprint());
}
