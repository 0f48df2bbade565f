#include <doctest/doctest.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "filter_test_util.h"
#include "filters/c4_phrases.h"
#include "filters/char_class.h"
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

TEST_CASE("c4_quality: counting each line's sentences only up to the missing ones decides as counting all") {
  // Lines of one to four sentences (some ending in closing quotes, which Punkt's realignment moves), with
  // minimums that are reached inside a line, at its end, or not at all.
  const std::vector<std::string> sentences = {"This is one.", "Is it two?", "He said \"three.\"", "Four (yes.)",
                                              "Mr. Smith came.", "It ends here!"};
  std::mt19937 rng(61);
  int dropped = 0, kept = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    const int lines = 1 + static_cast<int>(rng() % 4);
    for (int l = 0; l < lines; ++l) {
      const int count = 1 + static_cast<int>(rng() % 4);
      for (int k = 0; k < count; ++k) text += (k ? " " : "") + sentences[rng() % sentences.size()];
      text += "\n";
    }
    C4QualityConfig c;
    c.min_num_sentences = std::vector<double>{1, 2, 2.5, 3, 5, 7, 12}[rng() % 7];
    const C4QualityResult capped = apply_c4_quality(text, c, false);
    const C4QualityResult all = apply_c4_quality(text, c, true);
    REQUIRE_MESSAGE(capped.verdict.kept == all.verdict.kept, text);
    CHECK(capped.verdict.reason == all.verdict.reason);
    CHECK(capped.verdict.fields == all.verdict.fields);
    if (all.verdict.kept) {
      ++kept;
      CHECK(capped.text == all.text);
      CHECK(capped.sentences >= *c.min_num_sentences);
      CHECK(capped.sentences <= all.sentences);
    } else {
      ++dropped;
      CHECK(capped.sentences == all.sentences);
    }
  }
  CHECK(kept > 500);
  CHECK(dropped > 500);
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


TEST_CASE("c4_quality: ASCII lines' words counted 16 bytes at a time agree with str.split() on every ASCII byte") {
  // Lines of random ASCII bytes (every byte that is not a line break for str.splitlines, the control and
  // separator bytes next to the whitespace ranges weighted up), of 1..100 bytes (every position in a 16-byte
  // block, the padded tail) and some of several KB (the bytewise start counters are folded every 255 blocks).
  std::vector<char> bytes;
  for (int b = 0; b < 0x80; ++b) {
    if (b == '\n' || b == '\r' || b == 0x0B || b == 0x0C || b == 0x1C || b == 0x1D || b == 0x1E) continue;
    if (b == '.') continue;  // the line ends in one "." (no "...": the punctuation rule would remove it)
    bytes.push_back(static_cast<char>(b));
  }
  for (const char b : {'\t', '\x1f', ' ', ' ', ' ', '\x08', '\x0e', '\x1b', '!', 'a', 'b'}) {
    for (int k = 0; k < 8; ++k) bytes.push_back(b);
  }
  C4QualityConfig c;
  c.min_num_sentences = std::nullopt;
  c.max_word_length = std::nullopt;  // so that long lines take the 16-byte count too
  std::mt19937 rng(42);
  for (int round = 0; round < 20000; ++round) {
    const std::size_t size = round % 50 == 0 ? 2000 + rng() % 8000 : 1 + rng() % 100;
    std::string line;
    for (std::size_t k = 0; k < size; ++k) line += bytes[rng() % bytes.size()];
    line += '.';
    std::size_t words = 0;  // str.split() of the stripped line: the same count
    bool in_word = false;
    for (const char ch : line) {
      const bool space = has_class(static_cast<unsigned char>(ch), kSpace);
      words += !space && !in_word;
      in_word = !space;
    }
    INFO(line);
    c.min_words_per_line = static_cast<double>(words);
    REQUIRE(apply_c4_quality(line, c).removed_too_few_words == 0);
    c.min_words_per_line = static_cast<double>(words + 1);
    REQUIRE(apply_c4_quality(line, c).removed_too_few_words == 1);
  }
}

// The plain definition: Python's line.lower() for what can reach an ASCII phrase (ASCII letters, KELVIN SIGN to
// "k"), then a substring search per phrase.
C4Phrases plain_c4_phrases(const std::string& line) {
  std::string lower;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line.compare(i, 3, "\xE2\x84\xAA") == 0) {
      lower += 'k';
      i += 2;
    } else {
      const char c = line[i];
      lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
  }
  const auto has = [&](const char* p) { return lower.find(p) != std::string::npos; };
  C4Phrases r;
  r.lorem_ipsum = has("lorem ipsum");
  r.javascript = has("javascript");
  r.curly_bracket = line.find('{') != std::string::npos;
  r.policy = has("terms of use") || has("privacy policy") || has("cookie policy") || has("uses cookies") ||
             has("use of cookies") || has("use cookies");
  return r;
}

TEST_CASE("c4_quality: the one-pass phrase search agrees with lower() and a search per phrase") {
  // Pieces that make whole phrases, near misses (a wrong last or first letter, a phrase cut short), other
  // cases, KELVIN SIGNs (inside "cookie" they make a phrase), U+0130 and bytes whose OR 0x20 is a letter's.
  const std::vector<std::string> pieces = {
      "lorem ipsum", "LOREM IPSUM", "Lorem Ipsu", "lorem ipsun", "javascript", "JavaScript", "javascrip",
      "javascripT", "terms of use", "Terms Of Use", "terms of us", "privacy policy", "PRIVACY POLICY",
      "privacy polic", "cookie", "Cookie", "cookies", "coo\xE2\x84\xAAie", "\xE2\x84\xAA", " policy",
      "use ", "uses ", "use of ", "{", "}", "\xC4\xB0", "\xC3\xA9", " ", "x", "L", "l", "m", ".", "\x0C", "\x19",
      "\xE2\x84", "\xAA", "y", "e", "t", "c", "p", "j"};
  std::mt19937 rng(20261129);
  int seen_lorem = 0, seen_js = 0, seen_curly = 0, seen_policy = 0, seen_none = 0;
  for (int round = 0; round < 40000; ++round) {
    std::string line;
    const std::size_t count = rng() % 14;
    for (std::size_t k = 0; k < count; ++k) line += pieces[rng() % pieces.size()];
    // Filler in front moves the phrases across the 16-byte blocks and into the copied tail.
    line.insert(0, std::string(rng() % 40, 'a'));
    // An exact-size heap copy, so that a read past the line is a read past the allocation (ASan).
    const auto exact = std::make_unique<char[]>(line.size() + 1);
    std::memcpy(exact.get(), line.data(), line.size());
    const C4Phrases fast = find_c4_phrases(std::string_view(exact.get(), line.size()));
    const C4Phrases plain = plain_c4_phrases(line);
    INFO(line);
    REQUIRE(fast.lorem_ipsum == plain.lorem_ipsum);
    REQUIRE(fast.javascript == plain.javascript);
    REQUIRE(fast.curly_bracket == plain.curly_bracket);
    REQUIRE(fast.policy == plain.policy);
    seen_lorem += plain.lorem_ipsum;
    seen_js += plain.javascript;
    seen_curly += plain.curly_bracket;
    seen_policy += plain.policy;
    seen_none += !plain.lorem_ipsum && !plain.javascript && !plain.curly_bracket && !plain.policy;
  }
  // The inputs exercised both answers of every phrase.
  CHECK(seen_lorem > 1000);
  CHECK(seen_js > 1000);
  CHECK(seen_curly > 1000);
  CHECK(seen_policy > 1000);
  CHECK(seen_none > 1000);
  CHECK(find_c4_phrases("We use coo\xE2\x84\xAAies.").policy);  // KELVIN SIGN lowercases to k
  CHECK_FALSE(find_c4_phrases("We use co\xE2\x84\xAAies.").policy);  // "cokies"
}

}  // namespace
}  // namespace winnow::filters::test
