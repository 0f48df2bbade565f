#include <doctest/doctest.h>

#include "filter_test_util.h"

namespace winnow::filters::test {
namespace {

const std::string kFiveSentences =
    "The first line is a sentence.\nThe second one is too.\nHere is a third.\nAnd a fourth one here.\n"
    "Finally the fifth sentence ends.";

TEST_CASE("c4_quality: keeps a page of five sentences and rewrites away the lines it removes") {
  const auto f = make_c4_quality_filter(C4QualityConfig{});
  Document doc;
  doc.text = "Menu\n" + kFiveSentences + "\nPlease enable JavaScript to continue.\nRead our privacy policy here.\n";
  CHECK(f->keep(doc).kept);
  CHECK(doc.text == kFiveSentences);
  CHECK(doc.text_changed);
}

TEST_CASE("c4_quality: an unchanged text is not marked changed") {
  const auto f = make_c4_quality_filter(C4QualityConfig{});
  Document doc;
  doc.text = kFiveSentences;
  CHECK(f->keep(doc).kept);
  CHECK_FALSE(doc.text_changed);
}

TEST_CASE("c4_quality: min_num_sentences drops 4, keeps 5 and 6") {
  const auto f = make_c4_quality_filter(C4QualityConfig{});
  const Verdict four = run(*f, "One two three four. Five six seven eight.\nNine ten eleven. Twelve thirteen fourteen.");
  CHECK(four.reason == "c4_too_few_sentences");
  CHECK(four.fields == "\"value\":4,\"min\":5");
  CHECK(run(*f, kFiveSentences).kept);
  CHECK(run(*f, kFiveSentences + "\nA sixth sentence here.").kept);
}

TEST_CASE("c4_quality: min_words_per_line keeps 3 words, removes 2 (datatrove preset) and 4 (c4 preset)") {
  C4QualityConfig c;
  c.min_num_sentences = 1;
  const auto f = make_c4_quality_filter(c);
  CHECK(run(*f, "Two words.").reason == "c4_too_few_sentences");
  CHECK(run(*f, "Three words here.").kept);
  c.min_words_per_line = 5;  // the original C4 number
  CHECK(run(*make_c4_quality_filter(c), "Four words are here.").reason == "c4_too_few_sentences");
  CHECK(run(*make_c4_quality_filter(c), "Five words are right here.").kept);
}

TEST_CASE("c4_quality: lorem ipsum and curly brackets drop the page, naming the line") {
  const auto f = make_c4_quality_filter(C4QualityConfig{});
  const Verdict lorem = run(*f, kFiveSentences + "\nLorem Ipsum dolor sit amet.");
  CHECK(lorem.reason == "c4_lorem_ipsum");
  CHECK(lorem.fields == "\"text_line\":6");  // not "line": the reject note has the input line there
  CHECK(run(*f, kFiveSentences + "\nfunction f() { return 1; }.").reason == "c4_curly_bracket");
  // Only lines that reach the rule count: a brace on a line without terminal punctuation is removed first.
  CHECK(run(*f, kFiveSentences + "\n{ not a sentence").kept);
}

TEST_CASE("c4_quality: citations are removed before the terminal punctuation test") {
  C4QualityConfig c;
  c.min_num_sentences = 1;
  Document doc;
  doc.text = "This has a citation.[12] And an edit.[edit]";
  CHECK(make_c4_quality_filter(c)->keep(doc).kept);
  CHECK(doc.text == "This has a citation. And an edit.");
}

TEST_CASE("c4_quality: empty, whitespace-only, one long word") {
  const auto f = make_c4_quality_filter(C4QualityConfig{});
  CHECK(run(*f, "").reason == "c4_too_few_sentences");
  CHECK(run(*f, " \n \n").reason == "c4_too_few_sentences");
  C4QualityConfig c;
  c.min_num_sentences = std::nullopt;
  c.max_word_length = 1000;
  Document doc;
  doc.text = std::string(1001, 'a') + " b c.\nKeep this line.";
  CHECK(make_c4_quality_filter(c)->keep(doc).kept);
  CHECK(doc.text == "Keep this line.");
}

}  // namespace
}  // namespace winnow::filters::test
