#include <doctest/doctest.h>

#include "filter_test_util.h"
#include "filters/text_analysis.h"
#include "filters/text_lines.h"

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

TEST_CASE("c4_quality: the filter on the shared lines gives what apply_c4_quality gives on the text") {
  const std::vector<std::string> texts = {
      kFiveSentences, "Menu\r\n" + kFiveSentences + "\u2028Tail line without end",
      "A line with [1] a citation [edit] in it.\n" + kFiveSentences,
      "Lorem ipsum dolor sit amet.\n" + kFiveSentences, "\u212aELVIN javascript here, really.\n" + kFiveSentences,
      std::string(1001, 'x') + " is a long word.\n" + kFiveSentences, "", " \n\t "};
  for (const bool annotate : {false, true}) {
    const auto f = make_c4_quality_filter(C4QualityConfig{}, annotate);
    for (const std::string& text : texts) {
      const C4QualityResult expected = apply_c4_quality(text, C4QualityConfig{}, annotate);
      Document doc;
      doc.text = text;
      const Verdict v = f->keep(doc);
      if (annotate) {
        CHECK(v.kept);
        CHECK(doc.text == text);
        continue;
      }
      CHECK_MESSAGE(v.kept == expected.verdict.kept, text);
      CHECK_MESSAGE(v.reason == expected.verdict.reason, text);
      if (v.kept) CHECK_MESSAGE(doc.text == expected.text, text);
      std::vector<std::string_view> lines;
      split_lines_python(text, lines);
      Document fresh;
      fresh.text = text;
      CHECK(TextAnalysis::of(fresh).lines() == lines);
    }
  }
}

TEST_CASE("c4_quality: words per line are str.split() words, Unicode and ASCII-control whitespace included") {
  C4QualityConfig c;
  c.min_num_sentences = std::nullopt;
  c.min_words_per_line = 3;
  auto too_few = [&](const std::string& line) { return apply_c4_quality(line, c).removed_too_few_words; };
  CHECK(too_few("a\u00a0b c.") == 0);        // NO-BREAK SPACE separates words: 3
  CHECK(too_few("a\u3000b\u2003c.") == 0);  // IDEOGRAPHIC SPACE, EM SPACE
  CHECK(too_few("a\u1680b\u205fc.") == 0);  // OGHAM SPACE MARK, MEDIUM MATHEMATICAL SPACE
  CHECK(too_few("a\u180eb c.") == 1);        // MONGOLIAN VOWEL SEPARATOR is not whitespace (Unicode 6.3+)
  CHECK(too_few("\u4e2d\u3002\u6587\u5b57\u3001\u8bcd c.") == 1);  // CJK punctuation is not whitespace
  CHECK(too_few("a\x1f" "b c.") == 0);       // U+001F is whitespace to Python (not a line break)
  CHECK(too_few("a\x01" "b c.") == 1);       // U+0001 is not: 2 words
  CHECK(too_few("a\u00e9b c.") == 1);        // a letter, not a space
  CHECK(too_few("  a  b \t c.  ") == 0);
  CHECK(too_few("a b.") == 1);
  c.max_word_length = 5;
  CHECK(apply_c4_quality("abcde fgh ij.", c).removed_too_long_word == 0);
  CHECK(apply_c4_quality("abcdef gh ij.", c).removed_too_long_word == 1);
  CHECK(apply_c4_quality("\u00e9\u00e9\u00e9\u00e9\u00e9 gh ij.", c).removed_too_long_word == 0);  // 5 code points
}

}  // namespace
}  // namespace winnow::filters::test
