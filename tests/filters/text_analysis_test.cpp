#include <doctest/doctest.h>

#include "filter_test_util.h"
#include "filters/text_analysis.h"

namespace winnow::filters::test {
namespace {

TEST_CASE("text_analysis: four word-based filters on one document split its words once") {
  Document doc;
  doc.text = "The quick brown fox jumps over the lazy dog. " + repeat_words("and the words go on", 20);
  const auto gq = make_gopher_quality_filter(GopherQualityConfig{});
  const auto gr = make_gopher_repetition_filter(GopherRepetitionConfig{});
  const auto fw = make_fineweb_quality_filter(FineWebQualityConfig{});
  const std::uint64_t before = TextAnalysis::word_splits_on_this_thread();
  gq->keep(doc);
  gr->keep(doc);
  fw->keep(doc);
  gq->keep(doc);
  CHECK(TextAnalysis::word_splits_on_this_thread() - before == 1);
}

TEST_CASE("text_analysis: a rewritten text or another record in the same Document is analysed afresh") {
  Document doc;
  doc.text = "one two three";
  CHECK(TextAnalysis::of(doc).words().size() == 3);
  doc.set_text("one two");
  CHECK(TextAnalysis::of(doc).words().size() == 2);
  doc.text = "uno dos";  // same length, same buffer: the hash tells them apart
  CHECK(TextAnalysis::of(doc).words()[0] == "uno");
}

}  // namespace
}  // namespace winnow::filters::test
