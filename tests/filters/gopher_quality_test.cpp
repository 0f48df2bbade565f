#include <doctest/doctest.h>

#include <random>
#include <set>

#include "filter_test_util.h"
#include "filters/text_analysis.h"

namespace winnow::filters::test {
namespace {

TEST_CASE("gopher_quality: min_doc_words drops 49 words and keeps 50 and 51") {
  GopherQualityConfig c = gopher_quality_all_off();
  c.min_doc_words = 50;
  const auto f = make_gopher_quality_filter(c);
  const Verdict under = run(*f, repeat_words("word", 49));
  CHECK(under.reason == "gopher_short_doc");
  CHECK(under.fields == "\"value\":49,\"min\":50");
  CHECK(run(*f, repeat_words("word", 50)).kept);
  CHECK(run(*f, repeat_words("word", 51)).kept);
}

TEST_CASE("gopher_quality: symbol words do not count toward the word count") {
  GopherQualityConfig c = gopher_quality_all_off();
  c.min_doc_words = 3;
  const auto f = make_gopher_quality_filter(c);
  CHECK(run(*f, "one two , ; !").reason == "gopher_short_doc");
  CHECK(run(*f, "one two three , ;").kept);
}

TEST_CASE("gopher_quality: max_doc_words keeps 100 and drops 101 words") {
  GopherQualityConfig c = gopher_quality_all_off();
  c.max_doc_words = 100;
  const auto f = make_gopher_quality_filter(c);
  CHECK(run(*f, repeat_words("word", 100)).kept);
  CHECK(run(*f, repeat_words("word", 101)).reason == "gopher_long_doc");
}

TEST_CASE("gopher_quality: mean word length is compared strictly at 3 and 10") {
  GopherQualityConfig c = gopher_quality_all_off();
  c.min_avg_word_length = 3;
  c.max_avg_word_length = 10;
  const auto f = make_gopher_quality_filter(c);
  CHECK(run(*f, "ab abc").reason == "gopher_below_avg_threshold");  // 2.5
  CHECK(run(*f, "abc abc").kept);                                    // 3
  CHECK(run(*f, "abcdefghij abcdefghij").kept);                      // 10
  const Verdict over = run(*f, "abcdefghij abcdefghijk");           // 10.5
  CHECK(over.reason == "gopher_above_avg_threshold");
  CHECK(over.fields == "\"value\":10.5,\"max\":10");
}

TEST_CASE("gopher_quality: hash ratio drops above 0.1 of words, not at it") {
  GopherQualityConfig c = gopher_quality_all_off();
  c.max_symbol_word_ratio = 0.1;
  const auto f = make_gopher_quality_filter(c);
  // "#" is its own word: 1 hash in 10 words is 0.1 (kept), 2 hashes in 11 words is over.
  CHECK(run(*f, "# " + repeat_words("word", 9)).kept);
  CHECK(run(*f, "# # " + repeat_words("word", 9)).reason == "gopher_too_many_hashes");
}

TEST_CASE("gopher_quality: bullet and end-ellipsis line ratios") {
  GopherQualityConfig c = gopher_quality_all_off();
  c.max_bullet_lines_ratio = 0.5;
  c.max_ellipsis_lines_ratio = 0.5;
  const auto f = make_gopher_quality_filter(c);
  CHECK(run(*f, "• a\nb").kept);                            // 0.5
  CHECK(run(*f, "• a\n  - b\nc").reason == "gopher_too_many_bullets");
  CHECK(run(*f, "a...\nb").kept);
  CHECK(run(*f, "a...\nb…  \nc").reason == "gopher_too_many_end_ellipsis");
}

TEST_CASE("gopher_quality: alphabetic word ratio at 0.8 keeps, under drops") {
  GopherQualityConfig c = gopher_quality_all_off();
  c.max_non_alpha_words_ratio = 0.8;
  const auto f = make_gopher_quality_filter(c);
  CHECK(run(*f, "a b c d 1").kept);                         // 4/5 = 0.8
  CHECK(run(*f, "a b c 1 2").reason == "gopher_below_alpha_threshold");
  CHECK(run(*f, "东 京 是 首 1").kept);                      // CJK characters are alphabetic (str.isalpha)
}

TEST_CASE("gopher_quality: stop words are distinct and case-sensitive") {
  GopherQualityConfig c = gopher_quality_all_off();
  c.min_stop_words = 2;
  const auto f = make_gopher_quality_filter(c);
  CHECK(run(*f, "the the the").reason == "gopher_enough_stop_words");
  CHECK(run(*f, "The and").reason == "gopher_enough_stop_words");
  CHECK(run(*f, "the and").kept);
}

TEST_CASE("gopher_quality: empty, whitespace-only, one character, 10 MB") {
  const auto f = make_gopher_quality_filter(GopherQualityConfig{});
  CHECK(run(*f, "").reason == "gopher_short_doc");
  CHECK(run(*f, " \n\t ").reason == "gopher_short_doc");
  CHECK(run(*f, std::string(100000, 'a')).reason == "gopher_short_doc");
  const Verdict big = run(*f, repeat_words("the cat and the dog", 500000));
  CHECK(big.reason == "gopher_long_doc");
  GopherQualityConfig off = gopher_quality_all_off();
  CHECK(run(*make_gopher_quality_filter(off), "").kept);  // every rule off: no division by zero
}

TEST_CASE("gopher_quality: stop words sharing a first byte, repeated in the list, or longer than 63 bytes") {
  GopherQualityConfig c = gopher_quality_all_off();
  const std::string long_stop(70, 'q');
  c.stop_words = {"to", "the", "that", "the", "t", long_stop, std::string(71, 'q')};
  Document doc;
  auto stop_words_in = [&](const std::string& text) {
    doc.text = text;
    return measure_gopher_quality(TextAnalysis::of(doc), c).stop_words;
  };
  CHECK(stop_words_in("tea ton thee th tt") == 0);  // first byte and length match some stop word, text does not
  CHECK(stop_words_in("the the the") == 1);          // "the" listed twice counts once
  CHECK(stop_words_in("that to t the x") == 4);
  CHECK(stop_words_in(std::string(69, 'q') + " " + std::string(72, 'q')) == 0);
  CHECK(stop_words_in(long_stop + " " + std::string(71, 'q') + " " + long_stop) == 2);
  CHECK(stop_words_in("") == 0);
  // The table is cleared after each document: another config with other first bytes is not affected.
  GopherQualityConfig other = gopher_quality_all_off();
  other.stop_words = {"of"};
  doc.text = "to the that";
  CHECK(measure_gopher_quality(TextAnalysis::of(doc), other).stop_words == 0);
}

TEST_CASE("gopher_quality: distinct stop words counted exactly, as integers and as strings") {
  // The default eight, a list with repeats and stop words longer than 8 bytes, and 70 distinct stop words (more
  // than the 64 the integer path takes); words of 1..12 bytes that share first bytes and lengths with them,
  // case variants, and the last words of the buffer (loaded without the 8-byte read).
  std::vector<std::vector<std::string>> lists = {
      GopherQualityConfig{}.stop_words,
      {"the", "the", "internationally", "abcdefgh", "abcdefghi", "a", "The"},
  };
  std::vector<std::string> many;
  for (int k = 0; k < 70; ++k) many.push_back("w" + std::to_string(k));
  lists.push_back(many);
  const std::vector<std::string> vocabulary = {"the", "The", "THE", "them", "then", "be", "by", "to", "too", "of",
                                               "on", "and", "any", "that", "this", "have", "here", "with", "when",
                                               "a", "abcdefgh", "abcdefghi", "abcdefgx", "internationally", "w1",
                                               "w69", "w70", "w7", "x", "w"};
  std::mt19937 rng(5150);
  for (const std::vector<std::string>& list : lists) {
    GopherQualityConfig config;
    config.stop_words = list;
    const std::set<std::string> stops(list.begin(), list.end());
    for (int round = 0; round < 300; ++round) {
      std::string text;
      std::set<std::string> present;
      const std::size_t length = 1 + rng() % 40;
      for (std::size_t i = 0; i < length; ++i) {
        const std::string& w = vocabulary[rng() % vocabulary.size()];
        text += (i ? " " : "") + w;
        if (stops.count(w)) present.insert(w);
      }
      Document doc;
      doc.text = text;
      const GopherQualitySignals s = measure_gopher_quality(TextAnalysis::of(doc), config);
      CHECK_MESSAGE(s.stop_words == present.size(), text);
    }
  }
}

// The dropping filter's verdict on `text` (which may stop measuring early) against the decision on the full
// measurement: the same keep, reason and value. Returns the full decision.
Verdict dropping_verdict_equals_full_measurement(const std::string& text, const GopherQualityConfig& c) {
  Document doc;
  doc.text = text;
  const Verdict full = decide_gopher_quality(measure_gopher_quality(TextAnalysis::of(doc), c), c);
  const Verdict dropping = make_gopher_quality_filter(c)->keep(doc);
  INFO(text);
  REQUIRE(dropping.kept == full.kept);
  REQUIRE(dropping.reason == full.reason);
  REQUIRE(dropping.fields == full.fields);
  return full;
}

TEST_CASE("gopher_quality: dropping counts stop words only up to min_stop_words, with the same verdicts") {
  // Random documents with 0..all of the stop words (the default eight, 70 distinct ones for the string path),
  // min_stop_words off, 1, 2, 2.5, 8, 9 and 71: the dropping filter, which stops counting at the minimum,
  // gives the verdict (reason and reported value) of the decision on the full count.
  std::vector<std::vector<std::string>> lists = {GopherQualityConfig{}.stop_words};
  std::vector<std::string> many;
  for (int k = 0; k < 70; ++k) many.push_back("w" + std::to_string(k));
  lists.push_back(many);
  const std::vector<Threshold> minimums = {std::nullopt, 1.0, 2.0, 2.5, 8.0, 9.0, 71.0};
  std::mt19937 rng(5);
  int dropped = 0, kept = 0;
  for (int round = 0; round < 3000; ++round) {
    const std::vector<std::string>& stops = lists[rng() % lists.size()];
    const std::size_t present = rng() % (stops.size() + 1);
    std::string text;
    for (int w = 0, count = 1 + static_cast<int>(rng() % 60); w < count; ++w) {
      text += (rng() % 3 == 0 && present > 0) ? stops[rng() % present] : "word";
      text += ' ';
    }
    GopherQualityConfig c = gopher_quality_all_off();
    c.stop_words = stops;
    c.min_stop_words = minimums[rng() % minimums.size()];
    const Verdict full = dropping_verdict_equals_full_measurement(text, c);
    (full.kept ? kept : dropped) += 1;
  }
  CHECK(dropped > 300);
  CHECK(kept > 300);
}

TEST_CASE("gopher_quality: dropping stops measuring once a rule decides, with the verdict of every rule measured") {
  // Random documents made to fail each rule now and then (short, symbol-only words, long words, "#", "...",
  // "…", bullet and ellipsis lines, no letters, few stop words), under the default thresholds, each rule off
  // at random, and random thresholds: the dropping filter's verdict, reason and value equal the decision on the
  // full measurement.
  const std::vector<std::string> vocabulary = {"the", "of", "and", "to", "word", "words", "x", "#", "##", "...", "…",
                                               "!!", "42", "2024", "supercalifragilistic", "-", "•", "be", "that"};
  std::mt19937 rng(17);
  std::set<std::string> reasons;
  for (int round = 0; round < 4000; ++round) {
    std::string text;
    for (int w = 0, count = static_cast<int>(rng() % 120); w < count; ++w) {
      const int r = static_cast<int>(rng() % 20);
      if (r == 0) {
        text += "\n- ";
      } else if (r == 1) {
        text += "...\n";
      } else {
        text += vocabulary[rng() % vocabulary.size()] + " ";
      }
    }
    GopherQualityConfig c;
    const auto maybe = [&](Threshold& t, std::vector<double> values) {
      const std::size_t k = rng() % (values.size() + 2);
      if (k == values.size()) t = std::nullopt;
      else if (k < values.size()) t = values[k];  // else: the default
    };
    maybe(c.min_doc_words, {1, 20, 50});
    maybe(c.max_doc_words, {30, 100});
    maybe(c.min_avg_word_length, {2, 3, 4});
    maybe(c.max_avg_word_length, {4, 10});
    maybe(c.max_symbol_word_ratio, {0, 0.05, 0.1, 0.3});
    maybe(c.max_bullet_lines_ratio, {0, 0.2, 0.9});
    maybe(c.max_ellipsis_lines_ratio, {0, 0.1, 0.3});
    maybe(c.max_non_alpha_words_ratio, {0.5, 0.8, 1});
    maybe(c.min_stop_words, {1, 2, 4});
    const Verdict full = dropping_verdict_equals_full_measurement(text, c);
    reasons.insert(full.kept ? "kept" : std::string(full.reason));
  }
  CHECK(reasons.size() >= 9);  // kept and most of the ten reasons came up
}

}  // namespace
}  // namespace winnow::filters::test
