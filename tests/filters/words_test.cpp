#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "filters/char_class.h"
#include "filters/punkt.h"
#include "filters/treebank.h"
#include "filters/words.h"

#include <random>

namespace winnow::filters {
namespace {

std::vector<std::string> split(std::string_view text) {
  Words words;
  words.split(text);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < words.size(); ++i) out.emplace_back(words[i]);
  return out;
}

TEST_CASE("words: NLTK's documented example splits the same way") {
  const std::vector<std::string> expected = {"Good", "muffins", "cost", "$", "3.88", "in", "New", "York", ".",
                                             "Please", "buy", "me", "two", "of", "them", ".", "Thanks", "."};
  CHECK(split("Good muffins cost $3.88\nin New York.  Please buy me\ntwo of them.\nThanks.") == expected);
}

std::vector<std::string> treebank_tokens(std::string_view sentence, bool rules_only) {
  std::string bytes;
  std::vector<std::uint32_t> ends;
  if (rules_only) {
    treebank_tokenize_rules_only(sentence, bytes, ends);
  } else {
    treebank_tokenize(sentence, bytes, ends);
  }
  std::vector<std::string> out;
  std::uint32_t begin = 0;
  for (const std::uint32_t end : ends) {
    out.emplace_back(bytes.substr(begin, end - begin));
    begin = end;
  }
  return out;
}

// Random sentences of up to `max_pieces` pieces, and one in `end_one_in` ending on one of the pieces
// [end_first, end_first + end_count) (punctuation, so that sentence ends come up often).
struct RandomSentences {
  int rounds;
  unsigned max_pieces;
  unsigned end_one_in;
  std::size_t end_first;
  std::size_t end_count;
};

// Every random sentence of `shape` made of `pieces` gets the same tokens from the Treebank fast paths as from
// the rule engine alone.
void check_fast_paths_equal_rules(const std::vector<std::string>& pieces, const RandomSentences& shape,
                                  std::uint32_t seed) {
  std::mt19937 rng(seed);
  for (int round = 0; round < shape.rounds; ++round) {
    std::string sentence;
    const unsigned length = 1 + static_cast<unsigned>(rng() % shape.max_pieces);
    for (unsigned i = 0; i < length; ++i) sentence += pieces[rng() % pieces.size()];
    if (rng() % shape.end_one_in == 0) sentence += pieces[shape.end_first + rng() % shape.end_count];
    INFO("sentence: [", sentence, "]");
    CHECK(treebank_tokens(sentence, false) == treebank_tokens(sentence, true));
  }
}

TEST_CASE("words: the Treebank fast paths give the rule engine's tokens on random punctuation-dense text") {
  // Pieces chosen to hit every fast-path condition and its edges: the six simple punctuation characters alone,
  // doubled and next to each other, digits after , and :, sentence-final periods after letters, digits and
  // punctuation, contraction words, quotes and brackets (rules only), non-ASCII letters and spaces.
  const std::vector<std::string> pieces = {
      "a", "word", "Dr", "e", "g", "U", "S", "3", "1000", "x2", ".", ",", ":", "-", "?", "!", "..", "--", ",,",
      ".,", "?!", "cannot", "gonna", "Wanna", "'", "\"", "(", ")", "]", "$", "#", "n't", "'s", "«", "”", "é",
      "ſ", "\u212a", " ", " ", " ", "\t", "\u00a0", "\u3000", "0", "9"};
  RandomSentences shape{20000, 14, 3, 8, 8};
  check_fast_paths_equal_rules(pieces, shape, 20261128);
}

TEST_CASE("words: the punctuation path gives the rule engine's tokens on random chunks of padded characters") {
  // Every character the punctuation path pads (each of ;@#$%&*?!()[]{}<> and the Unicode quotes), runs of
  // periods and dashes of every length, , and : before ASCII and non-ASCII digits and before each other,
  // sentence-final periods before closers of every kind, double quotes after each kind of character and
  // separator and at the sentence start (`` or ''), what sends a chunk to the rules (apostrophes, backticks, the
  // letters re folds to ASCII, contraction words in any case and as whole chunks), glued non-ASCII characters,
  // and every separator kind. A wrong rule in the path (a period split mid-sentence, ",," padded twice, "---"
  // as one token, "wanna" at the sentence end split) makes the two differ.
  const std::vector<std::string> pieces = {
      "a", "word", "e", "g", "U", "10", "3", ".", ".", "..", "...", "....", ",", ",", ":", ":", "-", "--", "---",
      "----", ";", "@", "#", "$", "%", "&", "*", "?", "!", "(", ")", "[", "]", "{", "}", "<", ">", "\u00ab",
      "\u201c", "\u2018", "\u201e", "\u00bb", "\u201d", "\u2019", "\u0663", "\u00e9", "\u2026", "\u2014", "'", "\"",
      "`", "\u017f", "\u0131", "\u212a", "cannot", "CanNot", "gimme", "gonna", "gotta", "lemme", "wanna", "Wanna",
      "gon", "na", " ", " ", " ", " ", " ", "\t", "\n", "\u00a0", "\"", "\"", "\"", " \"", "(\"", "\u201c\""};
  RandomSentences shape{40000, 10, 2, 7, 30};
  check_fast_paths_equal_rules(pieces, shape, 20261129);
  // Shapes the path takes, with their tokens spelled out.
  CHECK(treebank_tokens("f(x), 50% (see [1]); a---b e.g., done.)", false) ==
        std::vector<std::string>{"f", "(", "x", ")", ",", "50", "%", "(", "see", "[", "1", "]", ")", ";", "a", "--",
                                 "-b", "e.g.", ",", "done", ".", ")"});
  CHECK(treebank_tokens("\"Hi,\" he said (\"no\").\"", false) ==
        std::vector<std::string>{"``", "Hi", ",", "''", "he", "said", "(", "``", "no", "''", ")", ".", "''"});
  CHECK(treebank_tokens("gonna cannot wanna", false) ==
        std::vector<std::string>{"gon", "na", "can", "not", "wan", "na"});
}

TEST_CASE("words: the apostrophe shortcut gives the rule engine's tokens for every suffix, case and separator") {
  // "it's", "don't", "they're" and their near misses: suffixes the shortcut knows and does not ("Ll", "clock",
  // "ye"), n't after one letter or a capital N, contraction words before the apostrophe, separators other than
  // a space after the chunk (tab, line feed, U+00A0: the ending-quote rules need a space), sentence ends.
  const std::vector<std::string> stems = {"it", "do", "don", "can", "they", "John", "N", "n", "DON", "DoN", "x",
                                          "cannot", "wanna", "gim", "more", "d", "I", "o"};
  const std::vector<std::string> suffixes = {"s", "S", "m", "M", "d", "D", "ll", "LL", "Ll", "re", "RE", "Re", "ve",
                                             "VE", "t", "T", "clock", "ye", "all", "n", "tis", "x", ""};
  const std::vector<std::string> separators = {" ", " ", " ", "  ", "\t", "\n", "\u00a0", " . ", ", "};
  std::mt19937 rng(4242);
  for (int round = 0; round < 20000; ++round) {
    std::string sentence;
    const int length = 1 + static_cast<int>(rng() % 6);
    for (int i = 0; i < length; ++i) {
      sentence += stems[rng() % stems.size()];
      if (rng() % 4 != 0) sentence += "'" + suffixes[rng() % suffixes.size()];
      if (i + 1 < length || rng() % 2 == 0) sentence += separators[rng() % separators.size()];
    }
    INFO("sentence: [", sentence, "]");
    CHECK(treebank_tokens(sentence, false) == treebank_tokens(sentence, true));
  }
  CHECK(treebank_tokens("it's don't they're fine", false) ==
        std::vector<std::string>{"it", "'s", "do", "n't", "they", "'re", "fine"});
}

TEST_CASE("words: words with apostrophes or contraction words before punctuation give the rule engine's tokens") {
  // "it's,", "don't.", "cannot;", "'tween": the word (known and unknown suffixes, apostrophe first or last,
  // contraction words whole and inside longer words) followed by what the rules pad first or do not ("," before
  // a digit, a lone "." or "-" mid-sentence, an apostrophe), at the sentence end or not, after every separator.
  const std::vector<std::string> words = {"it's", "don't", "DON'T", "n't", "they're", "we'VE", "I'm", "o'clock",
                                          "d'ye", "more'n", "dogs'", "'tween", "'Cause", "'tis", "'Twas", "'a", "'ab",
                                          "cannot", "Gonna", "wanna", "lemme", "gimme", "gotta", "cannotx", "xgonna",
                                          "can't", "gonna's", "word", "x"};
  const std::vector<std::string> after = {",", ":", ";", ".", ".", "..", "...", "-", "--", "?", "!", "!!", ")", "(",
                                          "]", "\"", ",\"", ".\"", ".)", ".')", ",1", ":5", "'", "'s", "%", "*", "&",
                                          "\u201d", "\u2019", ".\u00bb", "", "", ""};
  const std::vector<std::string> separators = {" ", " ", " ", "\t", "\n", "\u00a0", " (", " \""};
  std::mt19937 rng(20261130);
  for (int round = 0; round < 30000; ++round) {
    std::string sentence;
    const int length = 1 + static_cast<int>(rng() % 5);
    for (int i = 0; i < length; ++i) {
      sentence += words[rng() % words.size()] + after[rng() % after.size()];
      if (rng() % 5 == 0) sentence += after[rng() % after.size()];
      if (i + 1 < length) sentence += separators[rng() % separators.size()];
    }
    INFO("sentence: [", sentence, "]");
    CHECK(treebank_tokens(sentence, false) == treebank_tokens(sentence, true));
  }
  CHECK(treebank_tokens("it's, don't; 'tween (cannot) wanna. we're.", false) ==
        std::vector<std::string>{"it", "'s", ",", "do", "n't", ";", "'tween", "(", "can", "not", ")", "wanna.", "we",
                                 "'re", "."});  // "wanna." mid-sentence: no space after "wanna", no final period
}

TEST_CASE("words: a text whose tokens outgrow it (every '\"' becomes two bytes) keeps every token") {
  // The token sink sizes its buffer by the text and grows it when quotes turned into `` or '' need more.
  std::string text;
  for (int i = 0; i < 3000; ++i) text += i % 7 == 0 ? "\"a\" " : "\"\"";
  text += "end.";
  std::vector<Span> sentences;
  english_punkt().split(text, sentences);
  std::vector<std::string> expected;
  for (const Span& s : sentences) {
    const std::vector<std::string> tokens = treebank_tokens(std::string_view(text).substr(s.begin, s.end - s.begin), true);
    expected.insert(expected.end(), tokens.begin(), tokens.end());
  }
  const std::vector<std::string> words = split(text);
  std::size_t bytes = 0;
  for (const std::string& w : words) bytes += w.size();
  CHECK(bytes > text.size());  // the case this test is for
  CHECK(words == expected);
}

TEST_CASE("words: chunks decided 16 bytes at a time give the rule engine's tokens at every length and offset") {
  // Letter/digit words of 1..20 bytes (the block path takes those that end within 16 bytes), each followed by
  // what may end it: whitespace of every kind, a control byte that is not whitespace, punctuation, a
  // non-ASCII letter, a contraction; at every offset from the sentence start and near its end.
  // Punctuation: each byte the block path takes after the letters and digits (split off or kept), others it
  // leaves to the byte loop, two in a row, and contractions before punctuation.
  const std::vector<std::string> after = {" ", "\t", "\n", "\x1f", "\x01", ".", ",", "-", "'", "\u00e9", "\u00a0",
                                          "\u3000", "nna", "NNOT", ":", ";", "@", "#", "$", "%", "&", "*", "?", "!",
                                          "(", ")", "[", "]", "{", "}", "<", ">", "\"", "`", "/", "+", "=", "_", "~",
                                          "^", "|", "\\", "..", ",,", ".)", "-.", ":,", "?!", "nna,", "NNOT;", "mm.",
                                          "ott)", ".\u00e9", ",\u00a0"};
  std::mt19937 rng(16);
  for (std::size_t pad = 0; pad < 20; ++pad) {
    for (std::size_t length = 1; length <= 20; ++length) {
      for (const std::string& tail : after) {
        std::string word;
        for (std::size_t k = 0; k < length; ++k) {
          const unsigned r = rng() % 3;
          word.push_back(static_cast<char>(r == 0 ? '0' + rng() % 10 : (r == 1 ? 'a' : 'A') + rng() % 26));
        }
        const std::string sentence = std::string(pad, 'x') + " " + word + tail + " cannot gonna wanna end. " +
                                     word + tail + word + " " + std::string(pad, 'y') + ".";
        INFO("sentence: [", sentence, "]");
        CHECK(treebank_tokens(sentence, false) == treebank_tokens(sentence, true));
      }
    }
  }
}

TEST_CASE("punkt: the \"word. Next\" shortcut agrees with the full context decision") {
  const PunktSentenceSplitter& punkt = english_punkt();
  std::mt19937 rng(11);
  const std::vector<std::string> fixed = {"mr", "Mr", "MRS", "etc", "Etc", "vs", "ca", "no", "St", "jan", "Dec",
                                          "a", "I", "x", "ab", "the", "The", "Dr", "dr", "resp", "viz", "blvd",
                                          "approx", "Approx", "approxx", "Jr", "co", "Co", "CO", "ltd"};
  const std::vector<std::string> nexts = {"The", "the", "5", "(a", "\"Hi", "...", "-", "e.g.", "J.", "Mr.",
                                          "##", "\u00e9t\u00e9", "A", ","};
  const std::vector<std::string> spaces = {" ", "  ", "\n", " \n\n ", "\t", "\u00a0", "\u2003"};
  int shortcuts = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string word;
    if (i < static_cast<int>(fixed.size())) {
      word = fixed[static_cast<std::size_t>(i)];
    } else {
      const int length = 1 + static_cast<int>(rng() % 8);
      for (int k = 0; k < length; ++k) {
        const char base = rng() % 3 == 0 ? 'A' : 'a';
        word.push_back(static_cast<char>(base + rng() % 26));
      }
    }
    const std::string context = word + "." + spaces[rng() % spaces.size()] + nexts[rng() % nexts.size()];
    if (punkt.breaks_after_plain_word(word)) {
      ++shortcuts;
      CHECK_MESSAGE(punkt.contains_sentence_break(context), context);
    }
  }
  CHECK(shortcuts > 2000);
  // And "word." directly followed by each of Punkt's non-word characters (the context split() builds then).
  int direct = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string word;
    if (i < static_cast<int>(fixed.size())) {
      word = fixed[static_cast<std::size_t>(i)];
    } else {
      const int length = 1 + static_cast<int>(rng() % 8);
      for (int k = 0; k < length; ++k) word.push_back(static_cast<char>((rng() % 3 == 0 ? 'A' : 'a') + rng() % 26));
    }
    const std::string context = word + "." + ")\";}]*:@'({[?!"[rng() % 14];
    if (punkt.breaks_after_plain_word(word)) {
      ++direct;
      CHECK_MESSAGE(punkt.contains_sentence_break(context), context);
    }
  }
  CHECK(direct > 2000);
  CHECK_FALSE(punkt.breaks_after_plain_word("etc"));
  CHECK_FALSE(punkt.breaks_after_plain_word("A"));
  CHECK_FALSE(punkt.breaks_after_plain_word("caf\u00e9"));
}

TEST_CASE("punkt: the lowercase-next shortcut equals the full decision for abbreviations, initials, numbers, words") {
  const PunktSentenceSplitter& punkt = english_punkt();
  std::mt19937 rng(31);
  const std::vector<std::string> fixed = {"Mr", "mr", "Dr", "Jan", "St", "Inc", "etc", "vs", "No", "e.g", "i.e",
                                          "a.m", "U.S", "J", "K", "x", "2019", "7", "0", "Hello", "x.y", "Fig",
                                          "a..b", ".a", "a.", "e.g.", "3.5", "1,000", "caf\u00e9", "-x", "A-B", "Sen"};
  const std::vector<std::string> spaces = {" ", "  ", "\n", "\t", " \n "};
  const std::vector<std::string> nexts = {"the", "a", "about", "internationalization", "The", "a,", "a.", "a.)",
                                          "ab1", "x", "\"quote", "a'b", "she'll", "more,", "x;y", "a--b", "a?",
                                          "a!b", "a,b.", "ab)", "a\u00e9", "\u00e9a", "a...", "a-"};
  int shortcuts = 0, breaks = 0;
  for (int i = 0; i < 6000; ++i) {
    std::string word;
    if (i < static_cast<int>(fixed.size()) * 4) {
      word = fixed[static_cast<std::size_t>(i) % fixed.size()];
    } else {
      const int length = 1 + static_cast<int>(rng() % 6);
      for (int k = 0; k < length; ++k) {
        const unsigned r = rng() % 10;
        word.push_back(r < 5 ? static_cast<char>('a' + rng() % 26) : r < 7 ? static_cast<char>('A' + rng() % 26)
                                                                      : r < 9 ? static_cast<char>('0' + rng() % 10) : '.');
      }
    }
    const std::string& next = nexts[rng() % nexts.size()];
    const std::string context = word + "." + spaces[rng() % spaces.size()] + next;
    const std::optional<bool> known = punkt.break_before_lowercase_word(word, next);
    if (known) {
      ++shortcuts;
      breaks += *known;
      CHECK_MESSAGE(*known == punkt.contains_sentence_break(context), context);
    }
  }
  CHECK(shortcuts > 1500);  // 15 of the 24 nexts qualify; most random words do
  CHECK(breaks > 300);
  CHECK(shortcuts - breaks > 300);
  CHECK(punkt.break_before_lowercase_word("Mr", "smith") == false);
  CHECK(punkt.break_before_lowercase_word("a.m", "about") == false);
  CHECK(punkt.break_before_lowercase_word("2019", "follow") == false);
  CHECK(punkt.break_before_lowercase_word("J", "name") == false);
  CHECK(punkt.break_before_lowercase_word("x.y", "about") == true);
  CHECK_FALSE(punkt.break_before_lowercase_word("Mr", "Smith").has_value());
  CHECK_FALSE(punkt.break_before_lowercase_word("Mr", "a.").has_value());
  CHECK_FALSE(punkt.break_before_lowercase_word("Mr", "a?").has_value());
  CHECK(punkt.break_before_lowercase_word("Mr", "more,") == false);
}

TEST_CASE("punkt: the period-run shortcut equals the full decision") {
  const PunktSentenceSplitter& punkt = english_punkt();
  std::mt19937 rng(59);
  const std::vector<std::string> nexts = {"",   "The",  "the", "more,", "\"Hi", "(a", "a.",   "A?", "x!y", "...",
                                          ";",  ",",    "5",   "--",    "-",    "'",  "\u00e9", "\u201cA", "a.b",
                                          "ab.)", "?)", "x!)"};  // these three end a sentence inside next
  const std::vector<std::string> spaces = {" ", "\n", " \n\t", "\u00a0"};
  static constexpr char kWordChars[] = "aZ5._-,?!)(\"'";
  int shortcuts = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string word;
    const int length = static_cast<int>(rng() % 5);
    for (int k = 0; k < length; ++k) {
      word.push_back(rng() % 2 ? "aZ5"[rng() % 3] : kWordChars[rng() % (sizeof kWordChars - 1)]);
    }
    const int periods = static_cast<int>(rng() % 4);
    word.append(static_cast<std::size_t>(periods), '.');
    const std::string& next = nexts[rng() % nexts.size()];
    // An empty next: the period is followed directly by a non-word character.
    const std::string context = next.empty() ? word + "." + ")\";}]*:@'({[?!"[rng() % 14]
                                             : word + "." + spaces[rng() % spaces.size()] + next;
    if (punkt.no_break_after_period_run(word, next)) {
      ++shortcuts;
      CHECK_MESSAGE(!punkt.contains_sentence_break(context), context);
    }
  }
  CHECK(shortcuts > 1000);
  CHECK(punkt.no_break_after_period_run("so..", "Then"));
  CHECK(punkt.no_break_after_period_run("wait.", ""));
  CHECK_FALSE(punkt.no_break_after_period_run("wait", "Then"));
  CHECK_FALSE(punkt.no_break_after_period_run("so..", "Then."));
  CHECK_FALSE(punkt.no_break_after_period_run("a?..", "Then"));
}

TEST_CASE("punkt: \"?\" or \"!\" then whitespace and a token is always a sentence break (split's shortcut)") {
  const PunktSentenceSplitter& punkt = english_punkt();
  std::mt19937 rng(13);
  const std::vector<std::string> pieces = {"a", "Mr", "etc", "e.g", "J", "1,000", "...", ".", "--", "-", "(", ")",
                                           "\"", "'", "`", "?", "!", ":", ";", "*", "@", "[", "}", ",", "\u00e9",
                                           "\u201c", "it's", "x.y", "..", ". .", "#"};
  const std::vector<std::string> nexts = {"The", "the", "5", "(a", "\"Hi", "...", "-", "e.g.", "J.", "?", "!",
                                          "\u00e9t\u00e9", ","};
  const std::vector<std::string> spaces = {" ", "  ", "\n", " \n\n ", "\t", "\u00a0", "\u2003"};
  for (int i = 0; i < 5000; ++i) {
    std::string word;
    const int length = static_cast<int>(rng() % 4);
    for (int k = 0; k < length; ++k) word += pieces[rng() % pieces.size()];
    const std::string context =
        word + (rng() % 2 ? "?" : "!") + spaces[rng() % spaces.size()] + nexts[rng() % nexts.size()];
    CHECK_MESSAGE(punkt.contains_sentence_break(context), context);
  }
}

TEST_CASE("punkt: sentence ends are found at every offset of the 16-byte scan") {
  for (std::size_t pad = 0; pad < 40; ++pad) {
    const std::string text = std::string(pad, 'x') + " ends here. Next one? Yes! Done.";
    std::vector<Span> spans;
    english_punkt().split(text, spans);
    REQUIRE(spans.size() == 4);
    CHECK(text.substr(spans[1].begin, spans[1].end - spans[1].begin) == "Next one?");
    CHECK(text.substr(spans[3].begin, spans[3].end - spans[3].begin) == "Done.");
  }
}

// Pieces that exercise every rule of Punkt's decision: abbreviations (whole, after a '-', in any case), initials
// ('_' is one), numbers and "##number##", ellipses and period runs, ". . ." runs, the non-word and
// excluded-start characters, commas before punctuation, "?"/"!" inside and at the start of words.
const std::vector<std::string>& punkt_pieces() {
  static const std::vector<std::string> pieces = {
      "Mr", "mr", "MRS", "etc", "e.g", "E.G", "U.S", "i.e", "a.m", "approx", "Approx", "J", "j", "_", "x", "Hello",
      "hello", "the", "The", "2019", "7", "1,000", "3.5", "-5", ".5", ",5", "5-", "##number##", "##NUMBER##",
      "a-b", "x-mr", "co-Dr", "it's", "don't", "(", ")", "\"", "'", "`", "[", "]", "{", "}", ":", ";", "*", "@",
      "&", "#", ",", "-", "--", "---", ".", "..", "...", "?", "!", "?!", "a?b", "?x", "!x", ",.", ".,", ". .",
      ". . .", ".\t.", "x,y", "x,", "A.", "a.", "5.", "St.", "p.m.", "\u00e9", "\u00c9t\u00e9", "\u201c", "\u00a0"};
  return pieces;
}
const std::vector<std::string>& punkt_separators() {
  static const std::vector<std::string> separators = {"", "", "", " ", " ", "  ", "\n", " \n ", "\n\n", "\t",
                                                      "\x0b", "\x0c", "\r", "\x1c", "\x1f", "\u2003"};
  return separators;
}

// A random run of pieces, each maybe with a period or another mark after it and a separator after that.
std::string random_punkt_text(std::mt19937& rng, int pieces, bool ascii_only) {
  const std::vector<std::string>& vocabulary = punkt_pieces();
  const std::vector<std::string>& separators = punkt_separators();
  std::string text;
  for (int k = 0; k < pieces; ++k) {
    std::string piece;
    do {
      piece = vocabulary[rng() % vocabulary.size()];
    } while (ascii_only && static_cast<unsigned char>(piece[0]) >= 0x80);
    text += piece;
    const unsigned mark = rng() % 10;
    if (mark < 4) text += '.';
    if (mark == 4) text += rng() % 2 ? '?' : '!';
    std::string separator;
    do {
      separator = separators[rng() % separators.size()];
    } while (ascii_only && !separator.empty() && static_cast<unsigned char>(separator[0]) >= 0x80);
    text += separator;
  }
  return text;
}

TEST_CASE("punkt: the abbreviation table finds exactly the words of the abbreviation list") {
  // Parameters with long abbreviations (past the table's 7 bytes), a non-ASCII one and the empty word, and the
  // defaults; each asked about its own words in every case and about random words close to them.
  PunktParameters custom;
  // "a[b", "q@" and "\xc1" "b": the bytes next to 'A'..'Z' and one whose low 7 bits are 'A' stay as they are.
  for (const char* a : {"approximately", "e.g", "", "caf\u00e9", "x", "abcdefg", "abcdefgh", "mr", "a[b", "q@",
                        "\xc1" "b"}) {
    custom.abbrev_types.insert(a);
  }
  custom.index_abbreviations();
  PunktParameters defaults = PunktParameters::english_default();
  defaults.index_abbreviations();
  std::mt19937 rng(53);
  for (const PunktParameters* params : {&custom, &defaults}) {
    auto plain_lookup = [&](std::string word, bool lowercase) {
      if (lowercase) {
        for (char& c : word) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      }
      return params->abbrev_types.count(word) > 0;
    };
    std::vector<std::string> words(params->abbrev_types.begin(), params->abbrev_types.end());
    int found = 0;
    for (int i = 0; i < 20000; ++i) {
      std::string word = words[rng() % words.size()];
      for (char& c : word) {
        const unsigned r = rng() % 8;
        if (r == 0 && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (r == 1) c = static_cast<char>("aZ.-\xc3\x01@[`{\xc1\xe1\xda"[rng() % 13]);
      }
      if (rng() % 4 == 0) word.push_back('s');
      if (rng() % 4 == 0 && !word.empty()) word.pop_back();
      CHECK_MESSAGE(params->is_abbreviation(word) == plain_lookup(word, false), word);
      CHECK_MESSAGE(params->is_abbreviation_ascii_lowercased(word) == plain_lookup(word, true), word);
      found += plain_lookup(word, true);
    }
    CHECK(found > 5000);
  }
  CHECK(custom.is_abbreviation(""));
  CHECK(custom.is_abbreviation_ascii_lowercased("ApproximatelY"));
  CHECK_FALSE(defaults.is_abbreviation(""));
  CHECK_FALSE(defaults.is_abbreviation("Mr"));
  CHECK(defaults.is_abbreviation_ascii_lowercased("Mr"));
}

TEST_CASE("punkt: the plain-parameters decision equals the full decision on random ASCII contexts") {
  const PunktSentenceSplitter& punkt = english_punkt();
  std::mt19937 rng(41);
  int breaks = 0, total = 0;
  // Contexts of one to six pieces, and contexts of random characters from Punkt's special ones.
  static constexpr char kAlphabet[] = "aZ5_.,,-?!?:;()\"'` \n\t\x1c.";
  for (int i = 0; i < 60000; ++i) {
    std::string context;
    if (i % 3 == 2) {
      const int length = 1 + static_cast<int>(rng() % 12);
      for (int k = 0; k < length; ++k) context.push_back(kAlphabet[rng() % (sizeof kAlphabet - 1)]);
    } else {
      context = random_punkt_text(rng, 1 + static_cast<int>(rng() % 6), true);
    }
    const std::optional<bool> plain = punkt.plain_sentence_break(context);
    REQUIRE_MESSAGE(plain.has_value(), context);
    const bool full = punkt.contains_sentence_break(context);
    CHECK_MESSAGE(*plain == full, "[", context, "]");
    ++total;
    breaks += full;
  }
  CHECK(breaks > total / 4);
  CHECK(total - breaks > total / 4);
  // The contexts split() asks about, with the cases the rule singles out: an initial or a number before a
  // lowercase word, an uppercase word, a lone punctuation mark or anything else.
  const std::vector<std::string> words = {"J", "_", "5", "1,000", "##number##", "(5", "5)", "Mr", "x-Mr", "ab",
                                          "a.b", "\"J", "J)", "e.g", "..", "x.."};
  const std::vector<std::string> nexts = {"the", "The", ";", ":", ",", ".", "!", "?", ";x", "5", "(a", "_", "''",
                                          "a.", "-", "--", "...", "A?", "a?!"};
  for (const std::string& word : words) {
    for (const std::string& next : nexts) {
      for (const char* space : {" ", "\n", " \n\t"}) {
        const std::string context = word + "." + space + next;
        CHECK_MESSAGE(punkt.plain_sentence_break(context) == punkt.contains_sentence_break(context), context);
      }
    }
  }
  CHECK(punkt.plain_sentence_break("J. the") == false);
  CHECK(punkt.plain_sentence_break("J. (the") == true);
  CHECK(punkt.plain_sentence_break("2019. The") == true);
  CHECK(punkt.plain_sentence_break("2019. ;") == false);
  CHECK_FALSE(punkt.plain_sentence_break("caf\u00e9. The").has_value());
  PunktParameters with_starters = PunktParameters::english_default();
  with_starters.sent_starters.insert("the");
  CHECK_FALSE(PunktSentenceSplitter(with_starters).plain_sentence_break("x. The").has_value());
}

TEST_CASE("punkt: \"?\" or \"!\" followed directly by a non-word character is always a sentence break") {
  const PunktSentenceSplitter& punkt = english_punkt();
  std::mt19937 rng(43);
  for (int i = 0; i < 5000; ++i) {
    std::string word;
    const int length = static_cast<int>(rng() % 4);
    for (int k = 0; k < length; ++k) word += punkt_pieces()[rng() % punkt_pieces().size()];
    const std::string context = word + (rng() % 2 ? "?" : "!") + ")\";}]*:@'({[?!"[rng() % 14];
    CHECK_MESSAGE(punkt.contains_sentence_break(context), context);
  }
}

TEST_CASE("punkt: split and count_sentences with the shortcuts equal the reference path") {
  const PunktSentenceSplitter& punkt = english_punkt();
  const PunktSentenceSplitter reference(PunktParameters::english_default(), false);
  std::mt19937 rng(47);
  std::vector<Span> spans, expected;
  std::size_t sentences = 0;
  for (int i = 0; i < 4000; ++i) {
    const std::string text = random_punkt_text(rng, 1 + static_cast<int>(rng() % 30), i % 2 == 0);
    punkt.split(text, spans);
    reference.split(text, expected);
    REQUIRE(spans.size() == expected.size());
    for (std::size_t k = 0; k < spans.size(); ++k) {
      CHECK_MESSAGE(spans[k].begin == expected[k].begin, text);
      CHECK_MESSAGE(spans[k].end == expected[k].end, text);
    }
    const std::size_t all = std::max<std::size_t>(expected.size(), 1);
    sentences += expected.size();
    CHECK(punkt.count_sentences(text) == all);
    for (std::size_t at_most = 1; at_most <= 6; ++at_most) {
      CHECK_MESSAGE(punkt.count_sentences(text, at_most) == std::min(all, at_most), text);
    }
  }
  CHECK(sentences > 4000 * 3);
}

TEST_CASE("punkt: closing quotes and brackets after a break move into the sentence, also when counting stops") {
  // NLTK 3.8's span_tokenize with these parameters gives these spans (worked out from _realign_boundaries:
  // closing characters then whitespace, "--" or the end of the text move to the sentence before).
  const std::vector<std::pair<std::string, std::vector<std::pair<std::size_t, std::size_t>>>> cases = {
      {"Hi.\" Yes.", {{0, 4}, {5, 9}}},
      {"(Hi.) Yes.", {{0, 5}, {6, 10}}},
      {"Hi.\")  Yes.", {{0, 5}, {7, 11}}},
      {"Hi.\"--Yes.", {{0, 4}, {4, 10}}},
      {"Hi. \"Yes.\"", {{0, 3}, {4, 10}}},
      {"Go on.)", {{0, 7}}},  // the last slice, ")", is all moved: one sentence
      {"Go on.) Next one. Last", {{0, 7}, {8, 17}, {18, 22}}},
  };
  std::vector<Span> spans;
  for (const auto& [text, expected] : cases) {
    english_punkt().split(text, spans);
    std::vector<std::pair<std::size_t, std::size_t>> got;
    for (const Span& s : spans) got.emplace_back(s.begin, s.end);
    CHECK_MESSAGE(got == expected, text);
    for (std::size_t at_most = 1; at_most <= 4; ++at_most) {
      CHECK_MESSAGE(english_punkt().count_sentences(text, at_most) == std::min(expected.size(), at_most), text);
    }
  }
}

TEST_CASE("word classes: the 16-byte ASCII path agrees with the per-character classes for every byte") {
  // Words of 1..20 bytes from every ASCII byte (controls, punctuation, digits, letters) and some non-ASCII
  // letters and marks, laid back to back as the splitter lays them, so most are measured 16 bytes at a time and
  // the last ones, near the buffer's end, byte by byte. Expected: len() and classes per code point.
  std::mt19937 rng(99);
  const std::string non_ascii[] = {"\xC3\xA9", "\xE2\x80\xA6", "\xC2\xBF", "\xE4\xB8\xAD"};
  static constexpr char kPunctuation[] = "!#.,;:-_()[]{}\x01\x7F\x0B";
  for (int round = 0; round < 200; ++round) {
    std::string text;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
    const std::size_t count = 1 + rng() % 40;
    const int alphabet = static_cast<int>(rng() % 3);  // 0: letters and digits, 1: punctuation only, 2: anything
    for (std::size_t w = 0; w < count; ++w) {
      const auto begin = static_cast<std::uint32_t>(text.size());
      const std::size_t length = 1 + rng() % 20;
      for (std::size_t k = 0; k < length; ++k) {
        if (alphabet == 2 && rng() % 10 == 0) {
          text += non_ascii[rng() % 4];
          continue;
        }
        char c = static_cast<char>(rng() % 128);
        if (alphabet == 0) c = "abcXYZ0189"[rng() % 10];
        if (alphabet == 1) c = kPunctuation[rng() % (sizeof(kPunctuation) - 1)];  // not the terminating NUL
        text += c;
      }
      spans.emplace_back(begin, static_cast<std::uint32_t>(text.size()));
    }
    Words words;
    words.assign_tokens(text, spans);
    REQUIRE(words.size() == spans.size());
    for (std::size_t i = 0; i < spans.size(); ++i) {
      const std::string_view word = std::string_view(text).substr(spans[i].first, spans[i].second - spans[i].first);
      std::uint32_t chars = 0;
      bool all_punct = true, any_alpha = false;
      for (std::size_t p = 0; p < word.size(); ++chars) {
        const std::uint8_t cls = char_class(next_code_point(word, p));
        all_punct = all_punct && (cls & kPunct);
        any_alpha = any_alpha || (cls & kAlpha);
      }
      CHECK_MESSAGE(words.chars(i) == chars, i);
      CHECK_MESSAGE(words.has(i, Words::kOnlyPunctuation) == all_punct, i);
      CHECK_MESSAGE(words.has(i, Words::kHasAlpha) == any_alpha, i);
    }
  }
}

TEST_CASE("word classes: a one-byte ASCII word gets the per-character classes for every byte") {
  // Each of the 128 ASCII bytes as a word of its own, between two-byte words, so that a class wrong for any
  // byte in the 16-byte path or the byte loop, or a one-byte word given its neighbour's classes, fails.
  std::string text;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
  for (int c = 0; c < 128; ++c) {
    const auto begin = static_cast<std::uint32_t>(text.size());
    text += static_cast<char>(c);
    spans.emplace_back(begin, begin + 1);
    text += c % 2 ? "a," : "..";
    spans.emplace_back(begin + 1, begin + 3);
  }
  Words words;
  words.assign_tokens(text, spans);
  REQUIRE(words.size() == 256);
  for (int c = 0; c < 128; ++c) {
    const std::uint8_t cls = char_class(static_cast<char32_t>(c));
    INFO("byte ", c);
    CHECK(words.chars(2 * c) == 1);
    CHECK(words.has(2 * c, Words::kOnlyPunctuation) == ((cls & kPunct) != 0));
    CHECK(words.has(2 * c, Words::kHasAlpha) == ((cls & kAlpha) != 0));
    CHECK(words.has(2 * c + 1, Words::kOnlyPunctuation) == (c % 2 == 0));
    CHECK(words.has(2 * c + 1, Words::kHasAlpha) == (c % 2 == 1));
  }
}

}  // namespace
}  // namespace winnow::filters
