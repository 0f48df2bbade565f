#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "filter_test_util.h"
#include "filters/char_class.h"
#include "filters/cjk_quality.h"
#include "filters/cjk_script.h"
#include "filters/text_lines.h"
#include "filters/cjk_words.h"
#include "filters/text_analysis.h"
#include "src/error.h"
#include "support/test_support.h"

namespace winnow::filters::test {
namespace {

CjkQualityConfig cjk_all_off() {
  CjkQualityConfig c;
  c.min_cjk_char_ratio = c.max_traditional_char_ratio = c.min_mean_line_length = c.max_mean_line_length =
      c.max_top_char_ngram_ratio = c.max_dup_char_ngram_ratio = std::nullopt;
  return c;
}

// `n` distinct Han characters, starting at U+4E00 + first.
std::string distinct_han(int n, int first = 0) {
  std::string out;
  for (int i = 0; i < n; ++i) append_utf8(out, static_cast<char32_t>(0x4E00 + first + i));
  return out;
}

TEST_CASE("cjk_quality: cjk_char_ratio just under, at and just over 0.3") {
  CjkQualityConfig c = cjk_all_off();
  c.min_cjk_char_ratio = 0.3;
  const auto f = make_cjk_quality_filter(c);
  const Verdict under = run(*f, "中中中 abcdefgh");  // 3 / 11 non-space characters
  CHECK_FALSE(under.kept);
  CHECK(under.reason == "cjk_char_ratio");
  CHECK(under.fields.find("\"min\":0.3") != std::string::npos);
  CHECK(run(*f, "中中中 abcdefg").kept);  // 3 / 10
  CHECK(run(*f, "中中中 abcdef").kept);   // 3 / 9
}

TEST_CASE("cjk_quality: traditional share just under, at and just over the maximum") {
  CjkQualityConfig c = cjk_all_off();
  c.max_traditional_char_ratio = 0.5;
  const auto f = make_cjk_quality_filter(c);
  // 國 (traditional) becomes 国 under t2s; 中 stays.
  CHECK(run(*f, "國中中中").kept);  // 0.25
  CHECK(run(*f, "國國中中").kept);  // 0.5
  const Verdict over = run(*f, "國國國中");
  CHECK_FALSE(over.kept);
  CHECK(over.reason == "cjk_traditional_char_ratio");
  CHECK(over.fields == "\"value\":0.75,\"max\":0.5");
  CHECK(run(*f, "no Han at all").kept);  // ratio 0 without Han
}

TEST_CASE("cjk_quality: mean line length at both bounds") {
  CjkQualityConfig c = cjk_all_off();
  c.min_mean_line_length = 10;
  c.max_mean_line_length = 12;
  const auto f = make_cjk_quality_filter(c);
  const Verdict short_lines = run(*f, distinct_han(9) + "\n\n  \n" + distinct_han(9));  // blank lines skipped
  CHECK_FALSE(short_lines.kept);
  CHECK(short_lines.reason == "cjk_short_lines");
  CHECK(short_lines.fields == "\"value\":9,\"min\":10");
  CHECK(run(*f, distinct_han(9) + "\n" + distinct_han(11)).kept);  // mean 10
  CHECK(run(*f, "  " + distinct_han(11) + "  ").kept);            // stripped: 11
  CHECK(run(*f, distinct_han(12)).kept);
  const Verdict long_lines = run(*f, distinct_han(13));
  CHECK_FALSE(long_lines.kept);
  CHECK(long_lines.reason == "cjk_long_lines");
}

TEST_CASE("cjk_quality: top character n-gram share just under, at and just over the maximum") {
  CjkQualityConfig c = cjk_all_off();
  c.max_top_char_ngram_ratio = 0.2;
  c.top_char_ngram_size = 3;
  const auto f = make_cjk_quality_filter(c);
  const std::string abc = "甲乙丙";  // twice in each text, every other trigram once: 2 x 3 characters
  CHECK(run(*f, abc + distinct_han(25) + abc).kept);  // 6 / 31
  CHECK(run(*f, abc + distinct_han(24) + abc).kept);  // 6 / 30 = 0.2
  const Verdict over = run(*f, abc + distinct_han(23) + abc);  // 6 / 29
  CHECK_FALSE(over.kept);
  CHECK(over.reason == "cjk_top_char_ngram");
  // Whitespace is not a character here: spaces and breaks do not hide the repetition.
  CHECK_FALSE(run(*f, abc + "\n" + distinct_han(23) + " " + abc).kept);
}

TEST_CASE("cjk_quality: duplicated character n-gram share just under, at and just over the maximum") {
  CjkQualityConfig c = cjk_all_off();
  c.max_dup_char_ngram_ratio = 0.2;
  c.dup_char_ngram_size = 10;
  const auto f = make_cjk_quality_filter(c);
  const std::string block = distinct_han(10, 1000);  // repeated once: 10 duplicated characters
  CHECK(run(*f, block + distinct_han(31) + block).kept);  // 10 / 51
  CHECK(run(*f, block + distinct_han(30) + block).kept);  // 10 / 50 = 0.2
  const Verdict over = run(*f, block + distinct_han(29) + block);
  CHECK_FALSE(over.kept);
  CHECK(over.reason == "cjk_dup_char_ngram");
  CHECK(over.fields == "\"value\":0.20408163265306123,\"max\":0.2");
}

TEST_CASE("cjk_quality: the defaults on empty and one-character documents") {
  const auto f = make_cjk_quality_filter(CjkQualityConfig{});
  const Verdict empty = run(*f, "");
  CHECK_FALSE(empty.kept);
  CHECK(empty.reason == "cjk_char_ratio");
  CHECK(empty.fields == "\"value\":0,\"min\":0.3");
  const Verdict one = run(*f, "中");
  CHECK_FALSE(one.kept);
  CHECK(one.reason == "cjk_short_lines");
  const auto signals = measure_cjk_quality("中", CjkQualityConfig{}, nullptr);
  CHECK(signals.top_char_ngram_ratio == 0);  // shorter than n
  CHECK(signals.dup_char_ngram_ratio == 0);
}

// The signals by their plain definitions (the header's), each measured on its own: what measure_cjk_quality's
// one pass over the text must equal. Repeated n-grams are compared as strings here (no hash).
CjkQualitySignals plain_cjk_signals(std::string_view text, std::size_t top_n, std::size_t dup_n) {
  CjkQualitySignals s;
  s.cjk_char_ratio = count_cjk(text).share();
  std::vector<std::string_view> lines;
  split_on(text, '\n', lines);
  std::size_t line_chars = 0, non_blank = 0;
  for (const std::string_view line : lines) {
    const std::string_view stripped = strip(line);
    if (stripped.empty()) continue;
    line_chars += code_point_count(stripped);
    ++non_blank;
  }
  s.mean_line_length = non_blank == 0 ? 0 : static_cast<double>(line_chars) / static_cast<double>(non_blank);
  std::vector<std::string> chars;  // the non-whitespace characters, in order
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t begin = pos;
    if (!has_class(next_code_point(text, pos), kSpace)) chars.emplace_back(text.substr(begin, pos - begin));
  }
  const auto gram = [&](std::size_t i, std::size_t n) {
    std::string g;
    for (std::size_t k = i; k < i + n; ++k) g += chars[k];
    return g;
  };
  const double total = static_cast<double>(chars.size());
  if (chars.size() >= top_n) {
    std::map<std::string, std::size_t> counts;
    std::size_t top = 0;
    for (std::size_t i = 0; i + top_n <= chars.size(); ++i) top = std::max(top, ++counts[gram(i, top_n)]);
    s.top_char_ngram_ratio = static_cast<double>(top * top_n) / total;
  }
  if (chars.size() >= dup_n) {
    std::set<std::string> seen;
    std::size_t repeated = 0;
    for (std::size_t i = 0; i + dup_n <= chars.size();) {
      if (seen.insert(gram(i, dup_n)).second) {
        ++i;
      } else {
        repeated += dup_n;
        i += dup_n;
      }
    }
    s.dup_char_ngram_ratio = static_cast<double>(repeated) / total;
  }
  return s;
}

TEST_CASE("cjk_quality: the one-pass signals equal their plain definitions on random texts") {
  // Pieces from a small alphabet, so that n-grams repeat: Han (common and Extension B), kana, Hangul, ASCII,
  // CJK punctuation, and the whitespace that strips and splits lines (ASCII, ideographic space, NBSP, CR,
  // line separator) next to line breaks and blank lines.
  const std::vector<std::string> pieces = {"中", "文", "字", "の", "カ", "한", "\U00020000", "a", "Z", "7", "，", "。",
                                           "é", "🙂", " ", "\t", "\u3000", "\u00A0", "\r", "\u2028", "\n", "\n\n",
                                           " \n ", "中文", "文字中"};
  std::uint64_t state = 2024;
  const auto next = [&](std::size_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((state >> 33) % bound);
  };
  CjkQualityConfig config;
  int compared = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const std::size_t length = next(round < 100 ? 8 : 120);
    for (std::size_t i = 0; i < length; ++i) text += pieces[next(pieces.size())];
    config.top_char_ngram_size = 1 + next(4);
    config.dup_char_ngram_size = 1 + next(12);
    const CjkQualitySignals fast = measure_cjk_quality(text, config, nullptr);
    const CjkQualitySignals plain = plain_cjk_signals(text, config.top_char_ngram_size, config.dup_char_ngram_size);
    INFO("text: " << text);
    CHECK(fast.cjk_char_ratio == plain.cjk_char_ratio);
    CHECK(fast.mean_line_length == plain.mean_line_length);
    CHECK(fast.top_char_ngram_ratio == plain.top_char_ngram_ratio);
    CHECK(fast.dup_char_ngram_ratio == plain.dup_char_ngram_ratio);
    // With the n-gram rules off and not annotating, the text is not compacted: the same two counts.
    CjkQualityConfig counts_only = config;
    counts_only.max_top_char_ngram_ratio = counts_only.max_dup_char_ngram_ratio = std::nullopt;
    const CjkQualitySignals light = measure_cjk_quality(text, counts_only, nullptr, /*all_signals=*/false);
    CHECK(light.cjk_char_ratio == plain.cjk_char_ratio);
    CHECK(light.mean_line_length == plain.mean_line_length);
    CHECK(light.top_char_ngram_ratio == 0);
    ++compared;
  }
  CHECK(compared == 3000);
}

TEST_CASE("cjk_quality: a 10 MB CJK document is decided, not crashed on") {
  // Sentences of common characters from a fixed generator: varied enough that no n-gram rule fires.
  const std::string common = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种";
  std::vector<std::string> chars;
  for (std::size_t pos = 0; pos < common.size();) {
    const std::size_t begin = pos;
    next_code_point(common, pos);
    chars.push_back(common.substr(begin, pos - begin));
  }
  std::string text;
  std::uint64_t state = 12345;
  while (text.size() < 10'000'000) {
    for (int i = 0; i < 40; ++i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      text += chars[(state >> 33) % chars.size()];
    }
    text += "。\n";
  }
  Document doc;
  doc.text = text;
  const auto f = make_cjk_quality_filter(CjkQualityConfig{});
  CHECK(f->keep(doc).kept);
  // One character repeated 10 MB long: the top trigram covers every character (overlapping occurrences).
  doc.text.clear();
  for (int i = 0; i < 3'400'000; ++i) doc.text += "中";
  const Verdict repeated = f->keep(doc);
  CHECK_FALSE(repeated.kept);
  CHECK(repeated.reason == "cjk_top_char_ngram");
  // The word-based families on it through ICU: decided too.
  doc.text = text;
  const WordSplitScope scope(WordSplit::kIcu);
  const auto gopher = make_gopher_quality_filter(GopherQualityConfig{});
  CHECK(gopher->keep(doc).reason == "gopher_long_doc");  // over a million ICU words
  CHECK(TextAnalysis::of(doc).words().size() > 1'000'000);
}

TEST_CASE("cjk_quality: annotate-only writes each signal under its rule's reason and keeps the document") {
  const auto f = make_cjk_quality_filter(CjkQualityConfig{}, /*annotate_only=*/true);
  Document doc;
  doc.text = "國";
  CHECK(f->keep(doc).kept);
  const std::string& signals = doc.added_metadata.at("winnow_signals");
  CHECK(signals.find("\"cjk_traditional_char_ratio\":1") != std::string::npos);
  CHECK(signals.find("\"drop\":\"cjk_short_lines\"") != std::string::npos);
}

TEST_CASE("cjk_quality: config keys, 0 switching a rule off, errors with file and line") {
  const YamlValues values("t.yaml");
  const YAML::Node node = YAML::Load("{min_cjk_char_ratio: 0, top_char_ngram_size: 4, max_mean_line_length: 80}");
  const CjkQualityConfig c = CjkQualityConfig::from_yaml(values, node, "filters.cjk_quality");
  CHECK_FALSE(c.min_cjk_char_ratio.has_value());
  CHECK(c.top_char_ngram_size == 4);
  CHECK(*c.max_mean_line_length == 80);
  CHECK_THROWS_WITH_AS(CjkQualityConfig::from_yaml(values, YAML::Load("min_cjk_char_ratio: 0.5\nmin_cjk_ratio: 0.2"), "f"),
                       doctest::Contains("t.yaml:2"), Error);
  CHECK_THROWS_AS(CjkQualityConfig::from_yaml(values, YAML::Load("{min_cjk_char_ratio: 1.5}"), "f"), Error);
  CHECK_THROWS_AS(CjkQualityConfig::from_yaml(values, YAML::Load("{dup_char_ngram_size: 0}"), "f"), Error);
  CHECK_THROWS_WITH_AS(CjkQualityConfig::from_yaml(values, YAML::Load("{opencc_config: nope.json}"), "f"),
                       doctest::Contains("nope.json"), Error);
}

}  // namespace
}  // namespace winnow::filters::test
