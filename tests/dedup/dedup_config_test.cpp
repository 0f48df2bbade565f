#include <doctest/doctest.h>

#include "dedup/dedup_config.h"
#include "dedup/dedup_factory.h"
#include "src/config/config.h"
#include "src/error.h"

namespace {

std::string config_error(const std::string& yaml) {
  try {
    winnow::make_deduplicator(winnow::parse_config(yaml, "pipeline.yaml"));
  } catch (const winnow::Error& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("no dedup section means no deduplicator and an empty section means the defaults") {
  CHECK(winnow::make_deduplicator(winnow::parse_config("input:\n  text_key: text\n", "pipeline.yaml")) == nullptr);
  const auto config = winnow::dedup::parse_dedup_config(
      winnow::parse_config("dedup:\n  url_field: url\n", "pipeline.yaml").dedup);
  CHECK(config.exact);
  CHECK(config.near);
  CHECK(config.url_field == "url");
  CHECK(config.minhash.bands == 14);
  CHECK(config.minhash.rows == 8);
  CHECK(config.minhash.ngram == 5);
  CHECK(config.minhash.seed == 1);
  CHECK(config.scope == winnow::dedup::Scope::source);
  CHECK(config.execution == winnow::dedup::Execution::automatic);
}

TEST_CASE("dedup.execution takes auto, streaming or staged") {
  auto execution = [](const std::string& value) {
    return winnow::dedup::parse_dedup_config(
               winnow::parse_config("dedup:\n  execution: " + value + "\n", "pipeline.yaml").dedup)
        .execution;
  };
  CHECK(execution("auto") == winnow::dedup::Execution::automatic);
  CHECK(execution("streaming") == winnow::dedup::Execution::streaming);
  CHECK(execution("staged") == winnow::dedup::Execution::staged);
  CHECK(config_error("dedup:\n  execution: disk\n").find("pipeline.yaml:2") == 0);
}

TEST_CASE("dedup config mistakes are refused with the file and line") {
  CHECK(config_error("dedup:\n  mode: datatrove\n  bandz: 14\n").find("pipeline.yaml:3") == 0);
  CHECK(config_error("dedup:\n  mode: quick\n").find("dedup.mode must be one of datatrove, fast") != std::string::npos);
  CHECK(config_error("dedup:\n  keep: oldest\n").find("dedup.keep must be one of first, longest, field") !=
        std::string::npos);
  CHECK(config_error("dedup:\n  annotate_kept_clusters: true\n").find("needs keep: longest or field") !=
        std::string::npos);
  CHECK(config_error("dedup:\n  bands: 100\n  rows: 20\n").find("at most 1024") != std::string::npos);
  CHECK(config_error("dedup:\n  verify_threshold: 1.5\n").find("pipeline.yaml:2") == 0);
  CHECK(config_error("dedup:\n  mode: fast\n  verify: signature\n  scope: field\n  scope_field: dump\n") == "");
}
