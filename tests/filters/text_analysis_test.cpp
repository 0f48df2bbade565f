#include <doctest/doctest.h>

#include <random>

#include "filter_test_util.h"
#include "filters/char_class.h"
#include "filters/text_analysis.h"
#include "filters/text_lines.h"

namespace winnow::filters::test {
namespace {

TEST_CASE("code_point_count and count_byte agree with a byte-by-byte count at every length and offset") {
  // The vectorised counts take 16 bytes at a time and sum their lane counters every 255 blocks: lengths around
  // 16, 4080 (255 blocks) and beyond, at unaligned starts, with ASCII, continuation bytes and line feeds.
  std::mt19937 rng(11);
  const std::string pieces[] = {"a", "\n", "\xC3\xA9", "\xE2\x80\xA6", "\xF0\x9F\x98\x80", " ", "\x7F"};
  std::string text;
  while (text.size() < 9000) text += pieces[rng() % 7];
  for (const std::size_t length : {0, 1, 15, 16, 17, 31, 32, 33, 100, 4079, 4080, 4081, 4096, 8191, 8500}) {
    for (const std::size_t offset : {0, 1, 7}) {
      const std::string_view view = std::string_view(text).substr(offset, length);
      std::size_t starts = 0, feeds = 0;
      for (const char c : view) {
        starts += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        feeds += c == '\n';
      }
      CHECK_MESSAGE(code_point_count(view) == starts, length, " ", offset);
      CHECK_MESSAGE(count_byte(view, '\n') == feeds, length, " ", offset);
    }
  }
  CHECK(count_byte(std::string(5000, '#'), '#') == 5000);
  CHECK(code_point_count(std::string(5000, 'x')) == 5000);
}

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

TEST_CASE("text_lines: every str.splitlines break is found at every offset of the 16-byte scan") {
  const std::vector<std::string> breaks = {"\n", "\r\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e",
                                           "\u0085", "\u2028", "\u2029"};
  for (const std::string& brk : breaks) {
    for (std::size_t pad = 0; pad < 40; ++pad) {
      // Tabs, \u00e9 (0xC3) and \u2019 (0xE2 0x80 0x99) are near misses for the scan: not breaks.
      const std::string first = std::string(pad, 'x') + "\t\u00e9\u2019";
      const std::string text = first + brk + "second line" + brk + brk + "last";
      std::vector<std::string_view> lines;
      split_lines_python(text, lines);
      REQUIRE(lines.size() == 4);
      CHECK(lines[0] == first);
      CHECK(lines[1] == "second line");
      CHECK(lines[2].empty());
      CHECK(lines[3] == "last");
    }
  }
  std::vector<std::string_view> parts;
  const std::string paragraphs = std::string(20, 'a') + "\n\n\nb\nc\n";  // outlives the views into it
  split_on_newline_runs(paragraphs, 2, parts);
  REQUIRE(parts.size() == 2);
  CHECK(parts[1] == "b\nc\n");
}

}  // namespace
}  // namespace winnow::filters::test
