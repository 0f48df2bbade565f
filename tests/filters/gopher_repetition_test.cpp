#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "filter_test_util.h"
#include "filters/text_analysis.h"

namespace winnow::filters::test {
namespace {

GopherRepetitionConfig only(void (*set)(GopherRepetitionConfig&)) {
  GopherRepetitionConfig c;
  c.dup_line_frac = c.dup_para_frac = c.dup_line_char_frac = c.dup_para_char_frac = std::nullopt;
  c.top_n_grams.clear();
  c.dup_n_grams.clear();
  set(c);
  return c;
}

TEST_CASE("gopher_repetition: duplicate line fraction drops above 0.3, not at it") {
  const auto f = make_gopher_repetition_filter(only([](GopherRepetitionConfig& c) { c.dup_line_frac = 0.3; }));
  CHECK(run(*f, "a\nb\nc\nd\ne\nf\ng\na\nb\nc").kept);          // 3 of 10
  const Verdict v = run(*f, "a\nb\nc\nd\ne\nf\na\nb\nc\nd");    // 4 of 10
  CHECK(v.reason == "dup_line_frac");
  CHECK(v.fields == "\"value\":0.4,\"max\":0.3");
}

TEST_CASE("gopher_repetition: duplicate paragraph characters over len(text)") {
  const auto f = make_gopher_repetition_filter(only([](GopherRepetitionConfig& c) { c.dup_para_char_frac = 0.2; }));
  // "aaaa\n\nbbbbbbbbbb\n\naaaa": 4 repeated characters of 22 (0.18) kept; a longer repeat is over.
  CHECK(run(*f, "aaaa\n\nbbbbbbbbbb\n\naaaa").kept);
  CHECK(run(*f, "aaaaa\n\nbbbbbbbbb\n\naaaaa").reason == "dup_para_char_frac");  // 5 of 23
}

TEST_CASE("gopher_repetition: top 2-gram uses the space-joined n-gram") {
  const auto f = make_gopher_repetition_filter(only([](GopherRepetitionConfig& c) { c.top_n_grams = {{2, 0.5}}; }));
  // "ab cd ab cd": top 2-gram "ab cd" x2 = 10 chars of 11 -> over; reason names n.
  CHECK(run(*f, "ab cd ab cd").reason == "top_2_gram");
  CHECK(run(*f, "ab cd ef gh ij kl").kept);  // 5 of 17
}

TEST_CASE("gopher_repetition: duplicated n-grams count characters without spaces") {
  const auto f = make_gopher_repetition_filter(only([](GopherRepetitionConfig& c) { c.dup_n_grams = {{2, 0.3}}; }));
  // "a b a b" (7 chars): the 2-gram "ab" repeats once: 2 chars / 7 = 0.29 -> kept.
  CHECK(run(*f, "a b a b").kept);
  // "a b a b a b" (11 chars): repeats at words 2-3 and 4-5: 4 / 11 = 0.36 -> dropped.
  CHECK(run(*f, "a b a b a b").reason == "duplicated_2_n_grams");
}

TEST_CASE("gopher_repetition: empty, whitespace-only, one line, one repeated character") {
  const auto f = make_gopher_repetition_filter(GopherRepetitionConfig{});
  CHECK(run(*f, "").kept);
  CHECK(run(*f, "   ").kept);
  CHECK(run(*f, std::string(1000, 'x')).kept);                 // one word: no n-grams, no repeats
  CHECK(run(*f, repeat_words("x", 1000)).reason == "top_2_gram");
}

// datatrove's definitions written the plain way (strings in std::map / std::set), for the test below.
double naive_top_n_gram_frac(const std::vector<std::string>& words, std::size_t n, double text_chars) {
  if (words.size() < n) return 0;
  std::map<std::string, std::pair<std::size_t, std::size_t>> counts;  // n-gram -> (count, first position)
  for (std::size_t i = 0; i + n <= words.size(); ++i) {
    std::string gram;
    for (std::size_t k = 0; k < n; ++k) gram += (k ? " " : "") + words[i + k];
    auto [it, inserted] = counts.try_emplace(gram, 0, i);
    ++it->second.first;
  }
  std::size_t best_count = 0, best_first = 0, best_chars = 0;
  for (const auto& [gram, e] : counts) {
    if (e.first > best_count || (e.first == best_count && e.second < best_first)) {
      best_count = e.first;
      best_first = e.second;
      best_chars = gram.size();  // ASCII: bytes are characters
    }
  }
  return static_cast<double>(best_chars * best_count) / text_chars;
}

double naive_dup_n_gram_frac(const std::vector<std::string>& words, std::size_t n, double text_chars) {
  std::set<std::string> seen;
  std::size_t repeated = 0;
  for (std::size_t i = 0; i + n <= words.size();) {
    std::string gram;
    for (std::size_t k = 0; k < n; ++k) gram += words[i + k];
    if (!seen.insert(gram).second) {
      repeated += gram.size();
      i += n;
    } else {
      ++i;
    }
  }
  return text_chars == 0 ? 0 : static_cast<double>(repeated) / text_chars;
}

// The words joined by single spaces (ASCII: bytes are characters) are measured, and every top and duplicated
// n-gram fraction the config asks for must equal the plain definitions above.
void check_n_gram_fractions_against_plain(const std::vector<std::string>& words, const GopherRepetitionConfig& config) {
  std::string text;
  for (std::size_t i = 0; i < words.size(); ++i) text += (i ? " " : "") + words[i];
  Document doc;
  doc.text = text;
  const TextAnalysis& analysis = TextAnalysis::of(doc);
  REQUIRE(analysis.words().size() == words.size());
  const GopherRepetitionSignals s = measure_gopher_repetition(analysis, config);
  const double chars = static_cast<double>(text.size());
  const std::string shown = text.substr(0, 400);
  for (std::size_t k = 0; k < config.top_n_grams.size(); ++k) {
    const auto n = static_cast<std::size_t>(config.top_n_grams[k].first);
    CHECK_MESSAGE(s.top_n_gram_frac[k] == naive_top_n_gram_frac(words, n, chars), "top n=", n,
                  " words=", words.size(), " text=", shown);
  }
  for (std::size_t k = 0; k < config.dup_n_grams.size(); ++k) {
    const auto n = static_cast<std::size_t>(config.dup_n_grams[k].first);
    CHECK_MESSAGE(s.dup_n_gram_frac[k] == naive_dup_n_gram_frac(words, n, chars), "dup n=", n,
                  " words=", words.size(), " text=", shown);
  }
}

TEST_CASE("gopher_repetition: n-gram fractions equal the plain string definitions on random word sequences") {
  // A small vocabulary whose words concatenate ambiguously ("ab"+"c" == "a"+"bc"), so "".join collisions that
  // are not word-sequence matches occur often, and enough repetition that every n has duplicates and ties.
  const std::vector<std::string> vocabulary = {"a", "b", "c", "ab", "bc", "abc", "ca", "the", "of", "x"};
  GopherRepetitionConfig config;
  config.top_n_grams.clear();
  config.dup_n_grams.clear();
  for (int n = 1; n <= 6; ++n) config.top_n_grams.emplace_back(n, 1.0);
  for (int n = 1; n <= 12; ++n) config.dup_n_grams.emplace_back(n, 1.0);
  std::mt19937 rng(12345);
  for (int doc_index = 0; doc_index < 400; ++doc_index) {
    const std::size_t length = rng() % 200;
    const std::size_t vocabulary_used = 2 + rng() % vocabulary.size();
    std::vector<std::string> words;
    for (std::size_t i = 0; i < length; ++i) {
      words.push_back(vocabulary[rng() % std::min(vocabulary_used, vocabulary.size())]);
    }
    check_n_gram_fractions_against_plain(words, config);
  }
}

TEST_CASE("gopher_repetition: n-gram fractions equal the plain string definitions for long and near-equal words") {
  // Words of every length class of the distinct-word lookup (1-3, 4-7 and 8-16 bytes as integers, longer by
  // XXH3), pairs that differ in one byte only where the overlapping loads meet, and top n-grams asked out of
  // order (4 before 2: the candidate levels start over).
  const std::vector<std::string> vocabulary = {
      "a", "ab", "abc", "abcd", "abcdefg", "abcXefg", "abcdefgh", "aaaaXaaaa", "aaaaYaaaa", "0123456789abcdef",
      "0123456789abcdeF", "0123456789abcdefg", "0123456789abcdefh", "the", std::string(40, 'z')};
  GopherRepetitionConfig config;
  config.top_n_grams = {{4, 1.0}, {2, 1.0}, {3, 1.0}, {1, 1.0}, {6, 1.0}};
  config.dup_n_grams = {{2, 1.0}, {5, 1.0}, {3, 1.0}};
  std::mt19937 rng(777);
  for (int doc_index = 0; doc_index < 300; ++doc_index) {
    const std::size_t length = rng() % 150;
    const std::size_t vocabulary_used = 2 + rng() % vocabulary.size();
    std::vector<std::string> words;
    for (std::size_t i = 0; i < length; ++i) {
      words.push_back(vocabulary[rng() % std::min(vocabulary_used, vocabulary.size())]);
    }
    check_n_gram_fractions_against_plain(words, config);
  }
}

TEST_CASE("gopher_repetition: duplicated n-grams stay exact across the 8- and 16-byte window thresholds") {
  // The duplicated n-gram rules look only at word starts whose next 16 (or 8) bytes begin at another word start
  // too, or whose n-gram is under 8 bytes. Words of 3..8 bytes that join ambiguously ("abcd"+"efgh" ==
  // "abcde"+"fgh", "ijklmnop" == "ijkl"+"mnop") make equal "".join n-grams of 8..40 bytes from different word
  // sequences, and n from 1 to 8 moves the same start across both thresholds.
  const std::vector<std::string> vocabulary = {"abcd", "efgh", "abcde", "fgh", "ijklmnop", "ijkl", "mnop",
                                               "abc", "defgh", "qrs"};
  GopherRepetitionConfig config;
  config.top_n_grams.clear();
  config.dup_n_grams.clear();
  for (int n = 8; n >= 1; --n) config.dup_n_grams.emplace_back(n, 1.0);  // the smallest n is not the first
  std::mt19937 rng(2024);
  for (int doc_index = 0; doc_index < 300; ++doc_index) {
    const std::size_t length = rng() % 120;
    const std::size_t vocabulary_used = 2 + rng() % vocabulary.size();
    std::vector<std::string> words;
    for (std::size_t i = 0; i < length; ++i) {
      words.push_back(vocabulary[rng() % std::min(vocabulary_used, vocabulary.size())]);
    }
    check_n_gram_fractions_against_plain(words, config);
  }
}

TEST_CASE("gopher_repetition: n-gram fractions stay exact past 256 and 1,024 distinct words (the id set grows)") {
  GopherRepetitionConfig config;
  config.top_n_grams = {{1, 1.0}, {2, 1.0}, {3, 1.0}};
  config.dup_n_grams = {{2, 1.0}, {5, 1.0}};
  std::mt19937 rng(99);
  for (const std::size_t distinct : {255u, 256u, 257u, 1023u, 1024u, 1025u, 3000u}) {
    std::vector<std::string> vocabulary;
    for (std::size_t k = 0; k < distinct; ++k) {
      vocabulary.push_back((k % 2 ? "word" : "a-much-longer-word-") + std::to_string(k));
    }
    std::vector<std::string> words = vocabulary;  // every word once, then repeats in random order
    for (std::size_t k = 0; k < distinct / 2; ++k) words.push_back(vocabulary[rng() % (distinct / 8 + 1)]);
    check_n_gram_fractions_against_plain(words, config);
  }
}

TEST_CASE("gopher_repetition: n-gram fractions stay exact around a document of 20,000 distinct words") {
  // 20,000 distinct words grow the distinct-word table past 2^16 slots; the small document after it finds the
  // table 64x too large and gets a new one (the memory given back), then a large one grows it again.
  GopherRepetitionConfig config;
  config.top_n_grams = {{1, 1.0}, {2, 1.0}};
  config.dup_n_grams = {{1, 1.0}, {3, 1.0}};
  std::mt19937 rng(20000);
  const auto large = [&] {
    std::vector<std::string> words;
    for (std::size_t k = 0; k < 20000; ++k) words.push_back("w" + std::to_string(k));
    for (std::size_t k = 0; k < 5000; ++k) words.push_back("w" + std::to_string(rng() % 300));
    return words;
  };
  check_n_gram_fractions_against_plain(large(), config);
  for (int doc_index = 0; doc_index < 3; ++doc_index) {
    check_n_gram_fractions_against_plain({"a", "b", "a", "b", "c", "a"}, config);
  }
  check_n_gram_fractions_against_plain(large(), config);
}

TEST_CASE("gopher_repetition: distinct words of up to 16 bytes differing in any one byte stay distinct") {
  // The distinct-word lookup keys a word of up to 16 bytes by its bytes loaded 8 at a time and masked to its
  // length (copied first where fewer than 16 bytes follow it in the words' buffer: the last words of a text).
  // Words of 1..17 bytes and, for each, every variant with one byte changed, repeated in random order: the top
  // 1-gram (which counts a word's occurrences by its id) and 2-gram fractions must equal the plain definitions.
  const std::string letters = "abcdefghijklmnopq";
  std::vector<std::vector<std::string>> groups;  // per length: the word and its one-byte variants
  for (std::size_t length = 1; length <= letters.size(); ++length) {
    const std::string word = letters.substr(0, length);
    groups.push_back({word});
    for (std::size_t k = 0; k < length; ++k) {
      std::string variant = word;
      variant[k] = 'X';
      groups.back().push_back(variant);
    }
  }
  GopherRepetitionConfig config;
  config.top_n_grams = {{1, 1.0}, {2, 1.0}};
  config.dup_n_grams = {{1, 1.0}, {2, 1.0}};
  std::mt19937 rng(4242);
  for (int doc_index = 0; doc_index < 600; ++doc_index) {
    // One length's word and variants (so that near-equal words meet often), a few of them or all.
    const std::vector<std::string>& group = groups[rng() % groups.size()];
    const std::size_t first = rng() % group.size();
    const std::size_t used = rng() % 2 ? group.size() - first : std::min<std::size_t>(2 + rng() % 4, group.size() - first);
    const std::size_t length = 1 + rng() % 60;
    std::vector<std::string> words;
    for (std::size_t i = 0; i < length; ++i) {
      words.push_back(group[first + rng() % used]);
    }
    check_n_gram_fractions_against_plain(words, config);
  }
}

TEST_CASE("gopher_repetition: duplicated n-grams of 4 KB and more equal the plain definition") {
  // A "".join n-gram's key takes B^bytes from two tables below 4 KB and one more multiply per further 4 KB:
  // words of 700..2,100 bytes make 5- and 6-grams of 3.5..12 KB, some equal as strings across word boundaries.
  std::vector<std::string> vocabulary;
  for (const std::size_t length : {700u, 701u, 1400u, 2048u, 2100u}) {
    vocabulary.push_back(std::string(length, 'a'));
    vocabulary.push_back(std::string(length - 1, 'a') + "b");
  }
  GopherRepetitionConfig config;
  config.top_n_grams.clear();
  config.dup_n_grams = {{5, 1.0}, {6, 1.0}, {2, 1.0}};
  std::mt19937 rng(31337);
  for (int doc_index = 0; doc_index < 60; ++doc_index) {
    const std::size_t length = rng() % 40;
    const std::size_t vocabulary_used = 2 + rng() % (vocabulary.size() - 1);
    std::vector<std::string> words;
    for (std::size_t i = 0; i < length; ++i) {
      words.push_back(vocabulary[rng() % vocabulary_used]);
    }
    check_n_gram_fractions_against_plain(words, config);
  }
}


// datatrove's find_duplicates and its line and paragraph splits written the plain way, for the test below
// (ASCII texts: str.strip() strips " \t\n\r\v\f").
std::pair<std::size_t, std::size_t> naive_find_duplicates(const std::vector<std::string>& items) {
  std::set<std::string> seen;
  std::size_t repeats = 0, chars = 0;
  for (const std::string& item : items) {
    if (!seen.insert(item).second) {
      ++repeats;
      chars += item.size();
    }
  }
  return {repeats, chars};
}

// re.split("\n{min_run,}", text)
std::vector<std::string> naive_split_on_newline_runs(const std::string& text, std::size_t min_run) {
  std::vector<std::string> parts(1);
  for (std::size_t i = 0; i < text.size();) {
    std::size_t run = 0;
    while (i + run < text.size() && text[i + run] == '\n') ++run;
    if (run >= min_run) {
      parts.emplace_back();
      i += run;
    } else if (run > 0) {
      parts.back() += text.substr(i, run);
      i += run;
    } else {
      parts.back() += text[i++];
    }
  }
  return parts;
}

void check_line_and_paragraph_fractions_against_plain(const std::string& text) {
  Document doc;
  doc.text = text;
  const GopherRepetitionSignals s = measure_gopher_repetition(TextAnalysis::of(doc), GopherRepetitionConfig{});
  const char* const whitespace = " \t\n\r\v\f";
  const std::size_t first = text.find_first_not_of(whitespace);
  const std::string stripped =
      first == std::string::npos ? "" : text.substr(first, text.find_last_not_of(whitespace) + 1 - first);
  const auto paragraphs = naive_split_on_newline_runs(stripped, 2);
  const auto lines = naive_split_on_newline_runs(text, 1);
  const auto [para_repeats, para_chars] = naive_find_duplicates(paragraphs);
  const auto [line_repeats, line_chars] = naive_find_duplicates(lines);
  const auto chars = static_cast<double>(text.size());
  CHECK_MESSAGE(s.dup_para_frac == static_cast<double>(para_repeats) / static_cast<double>(paragraphs.size()),
                "text=", text);
  CHECK_MESSAGE(s.dup_para_char_frac == (chars == 0 ? 0 : static_cast<double>(para_chars) / chars), "text=", text);
  CHECK_MESSAGE(s.dup_line_frac == static_cast<double>(line_repeats) / static_cast<double>(lines.size()),
                "text=", text);
  CHECK_MESSAGE(s.dup_line_char_frac == (chars == 0 ? 0 : static_cast<double>(line_chars) / chars), "text=", text);
}

TEST_CASE("gopher_repetition: duplicate line and paragraph fractions equal the plain definitions on random texts") {
  // Only lines whose length and first and last 8 bytes another line shares are hashed: lines that share all
  // three but differ in the middle, lines under 8 and 16 bytes (their ends overlap), equal lines, and empty and
  // blank lines, joined by runs of 1..3 newlines (lines and paragraphs), between whitespace and newline runs
  // that strip() removes for the paragraphs and not for the lines.
  const std::vector<std::string> vocabulary = {
      "the first line of text here", "the first line X text here", "the first line Y text here",
      "the first lineXof text here", "a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "abcdefgXabcdefg",
      "abcdefgYabcdefg", " ", "  ", "x y z", "0123456789abcdef0123456789", "0123456789abcdeX0123456789"};
  std::mt19937 rng(8080);
  for (int doc_index = 0; doc_index < 3000; ++doc_index) {
    const std::vector<std::string> ends = {"", "", "", "\n", "\n\n", " ", "\t\n", " \n\n\t", "\v\f\r\n"};
    std::string text = ends[rng() % ends.size()];
    const std::size_t lines = rng() % 12;
    const std::size_t vocabulary_used = 1 + rng() % vocabulary.size();
    for (std::size_t i = 0; i < lines; ++i) {
      if (i > 0) text += std::string(1 + rng() % 3, '\n');
      text += vocabulary[rng() % vocabulary_used];
    }
    text += ends[rng() % ends.size()];
    check_line_and_paragraph_fractions_against_plain(text);
  }
}

TEST_CASE("gopher_repetition: n-gram fractions stay exact when the distinct-word table's generation wraps") {
  // The distinct-word table marks its live slots with a 16-bit generation, one per document on a thread (small
  // documents never grow it): the 65,536th document wraps to generation 1 again, so the table must clear its
  // slots then, or the first document's slot for "bword" would be found live, with its entry (number 1, which
  // no document in between overwrote) equal, and the next new word numbered 1 too. On a new thread (a fresh
  // table): document 1 "c bword", documents 2 .. 65,535 "c c", then the documents around the wrap are measured.
  GopherRepetitionConfig config;
  config.top_n_grams = {{1, 1.0}, {2, 1.0}};
  config.dup_n_grams = {{1, 1.0}};
  const std::vector<std::string> checked_words = {"c", "bword", "d", "e", "bword", "e"};
  std::vector<GopherRepetitionSignals> measured;
  std::thread([&] {
    for (int doc_index = 1; doc_index <= 65540; ++doc_index) {
      Document doc;
      doc.text = doc_index == 1 ? "c bword" : doc_index < 65536 ? "c c" : "c bword d e bword e";
      const GopherRepetitionSignals s = measure_gopher_repetition(TextAnalysis::of(doc), config);
      if (doc_index >= 65536) measured.push_back(s);
    }
  }).join();
  const double chars = 19;
  REQUIRE(measured.size() == 5);
  for (const GopherRepetitionSignals& s : measured) {
    CHECK(s.top_n_gram_frac[0] == naive_top_n_gram_frac(checked_words, 1, chars));
    CHECK(s.top_n_gram_frac[1] == naive_top_n_gram_frac(checked_words, 2, chars));
    CHECK(s.dup_n_gram_frac[0] == naive_dup_n_gram_frac(checked_words, 1, chars));
  }
}

}  // namespace
}  // namespace winnow::filters::test
