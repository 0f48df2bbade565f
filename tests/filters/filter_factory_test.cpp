#include <doctest/doctest.h>

#include "filters/filter_factory.h"
#include "src/error.h"
#include "support/test_support.h"

namespace winnow {
namespace {

TEST_CASE("filter_factory: builds the families in the order the config lists them") {
  const Config config = parse_config(
      "filters:\n  fineweb_quality: {}\n  c4_quality: {preset: c4}\n  gopher_quality:\n  gopher_repetition:\n",
      "t.yaml");
  const auto filters = make_filters(config);
  REQUIRE(filters.size() == 4);
  CHECK(filters[0]->name() == "fineweb_quality");
  CHECK(filters[1]->name() == "c4_quality");
  CHECK(filters[2]->name() == "gopher_quality");
  CHECK(filters[3]->name() == "gopher_repetition");
}

TEST_CASE("filter_factory: 0 or null switches a rule off") {
  const Config config = parse_config("filters:\n  gopher_quality: {min_doc_words: 0, min_stop_words: null,\n"
                                     "    max_non_alpha_words_ratio: 0}\n", "t.yaml");
  const auto filters = make_filters(config);
  Document doc;
  doc.text = "short text here";
  CHECK(filters.at(0)->keep(doc).kept);
}

TEST_CASE("filter_factory: unknown filters, keys and bad values name the file and line") {
  CHECK_THROWS_WITH_AS(make_filters(parse_config("filters:\n  gopher_qualty: {}\n", "t.yaml")),
                       doctest::Contains("t.yaml:2"), Error);
  CHECK_THROWS_WITH_AS(make_filters(parse_config("filters:\n  gopher_quality:\n    min_words: 3\n", "t.yaml")),
                       doctest::Contains("t.yaml:3"), Error);
  CHECK_THROWS_WITH_AS(make_filters(parse_config("filters:\n  c4_quality: {preset: big}\n", "t.yaml")),
                       doctest::Contains("preset"), Error);
  CHECK_THROWS_AS(make_filters(parse_config("filters:\n  fineweb_quality: {line_punct_thr: 2}\n", "t.yaml")), Error);
}

}  // namespace
}  // namespace winnow
