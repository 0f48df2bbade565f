#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "filters/char_class.h"
#include "filters/cjk_script.h"
#include "filters/cjk_words.h"
#include "filter_test_util.h"
#include "filters/text_analysis.h"

namespace winnow::filters::test {
namespace {

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

TEST_CASE("cjk_script: Han, kana and Hangul are CJK, CJK punctuation and Latin are not") {
  CHECK(is_cjk(U'中'));
  CHECK(is_cjk(U'の'));
  CHECK(is_cjk(U'カ'));
  CHECK(is_cjk(U'한'));
  CHECK(is_cjk(U'\U00020000'));  // Extension B, outside the BMP
  CHECK_FALSE(is_cjk(U'，'));
  CHECK_FALSE(is_cjk(U'。'));
  CHECK_FALSE(is_cjk(U'a'));
  CHECK_FALSE(is_cjk(U'Ａ'));  // fullwidth Latin
  CHECK(is_han(U'國'));
  CHECK_FALSE(is_han(U'の'));
  const CjkCount count = count_cjk("中文 text，\n");
  CHECK(count.cjk == 2);
  CHECK(count.non_space == 7);  // 中 文 t e x t ，
  CHECK_FALSE(may_contain_cjk("ASCII, \u2014 dashes, \u201Cquotes\u201D, caf\u00E9 and emoji \U0001F600"));
  for (const char* one : {"中", "の", "한", "\u2E80", "\u1100", "\uF900", "\uFF76", "\U00020000", "\uA960"}) {
    CHECK(may_contain_cjk(one));
    CHECK(count_cjk(one).cjk == 1);
  }
}

TEST_CASE("cjk_script: cjk_share_at_least answers as count_cjk's share does, at and around the share itself") {
  // Random mixes whose shares fall on both sides of the thresholds; the early answers must never differ from
  // the full count's (fails when either bound ignores the characters left, or when a CJK character is
  // counted as fewer than 3 bytes).
  const std::vector<std::string> pieces = {"中", "的", "國", "の", "カ", "한", "\U00020000", "a", "Z", "7", " ", "\n", "\u3000",
                                           "，", "。", "\u00E9", "\U0001F600", "\uFF76", "\u1100", "\t"};
  std::uint64_t state = 12345;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>(state >> 33);
  };
  std::size_t checked = 0, early_true = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const std::size_t length = next() % 700;
    const std::size_t cjk_weight = next() % 10;  // from no CJK piece to about half of them
    for (std::size_t k = 0; k < length; ++k) {
      const bool cjk = next() % 20 < cjk_weight;
      text += cjk ? pieces[next() % 7] : pieces[7 + next() % (pieces.size() - 7)];
    }
    const double share = count_cjk(text).share();
    for (const double min_share : {0.0, 0.1, 0.3, 0.5, 0.9, 1.0, share, std::nextafter(share, 2.0)}) {
      INFO("text of ", length, " pieces, share ", share, ", threshold ", min_share);
      CHECK(cjk_share_at_least(text, min_share) == (share >= min_share));
      ++checked;
    }
    early_true += share >= 0.3;
  }
  CHECK(checked == 24000);
  CHECK(early_true > 500);  // both answers were asked for often
  CHECK(early_true < 2500);
}

TEST_CASE("cjk_words: ICU cuts a Chinese sentence at dictionary words and keeps punctuation tokens") {
  Words words;
  split_icu_words("我们今天去北京。", words);
  const auto t = tokens(words);
  CHECK(has(t, "北京"));
  CHECK(has(t, "。"));
  CHECK(t.size() >= 4);
  for (std::size_t i = 0; i < words.size(); ++i) CHECK(words.chars(i) >= 1);
  const std::size_t period = static_cast<std::size_t>(std::find(t.begin(), t.end(), "。") - t.begin());
  CHECK(words.has(period, Words::kOnlyPunctuation));
}

TEST_CASE("cjk_words: ICU drops whitespace, keeps Latin words, and maps characters outside the BMP") {
  Words words;
  split_icu_words("Hello  world\n\t北京 \U00020000x", words);
  const auto t = tokens(words);
  CHECK(has(t, "Hello"));
  CHECK(has(t, "world"));
  CHECK(has(t, "北京"));
  for (const std::string& token : t) CHECK(token.find_first_of(" \n\t") == std::string::npos);
  std::string joined;
  for (const std::string& token : t) joined += token;
  CHECK(joined == "Helloworld北京\U00020000x");  // every non-space byte is in exactly one token, in order
}

std::string without_whitespace(std::string_view text) {
  std::string out;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t begin = pos;
    if (!(char_class(next_code_point(text, pos)) & kSpace)) out.append(text.substr(begin, pos - begin));
  }
  return out;
}

TEST_CASE("cjk_words: on random mixed-script text every non-whitespace character is in one token, in order") {
  // Code points from every kind ICU's rules treat apart: Han, kana, Hangul, Latin, digits, combining marks,
  // ZWJ, emoji, CJK punctuation, NUL and other controls, Unicode spaces.
  const char32_t pool[] = {U'中', U'文', U'の', U'カ', U'한', U'국', U'a', U'Z', U'7', U'\u0301', U'\u200D',
                           U'\U0001F600', U'，', U'。', U'\0', U'\x01', U' ', U'\n', U'\u3000', U'\u00A0',
                           U'\U00020000', U'.', U'\'', U'-'};
  std::uint64_t state = 99;
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    state = state * 6364136223846793005ULL + 1;
    const int length = static_cast<int>((state >> 40) % 40);
    for (int i = 0; i < length; ++i) {
      state = state * 6364136223846793005ULL + 1;
      append_utf8(text, pool[(state >> 33) % std::size(pool)]);
    }
    Words words;
    split_icu_words(text, words);
    std::string joined;
    for (std::size_t i = 0; i < words.size(); ++i) {
      CHECK_FALSE(words[i].empty());
      CHECK_FALSE(without_whitespace(words[i]).empty());
      joined += words[i];
    }
    CHECK(without_whitespace(joined) == without_whitespace(text));
  }
}

TEST_CASE("cjk_words: empty and one-character texts") {
  Words words;
  split_icu_words("", words);
  CHECK(words.empty());
  split_icu_words("中", words);
  REQUIRE(words.size() == 1);
  CHECK(words[0] == "中");
  CHECK(words.chars(0) == 1);
  split_icu_words("   ", words);
  CHECK(words.empty());
}

TEST_CASE("cjk_words: a 10 MB run of Han without punctuation or spaces is segmented whole") {
  // ICU's dictionary pass works on each run of Han at once: one run of 3.3 million characters.
  std::string text;
  std::uint32_t state = 1;
  const char* const chars[] = {"中", "国", "人", "大", "的", "是"};
  while (text.size() < 10'000'000) {
    state = state * 1103515245u + 12345u;
    text += chars[(state >> 16) % 6];
  }
  Words words;
  split_icu_words(text, words);
  CHECK(words.size() > 1'000'000);
  CHECK(words.size() < 3'400'000);
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < words.size(); ++i) bytes += words[i].size();
  CHECK(bytes == text.size());
  CHECK(words.joined(0, words.size()) == text);
}

TEST_CASE("cjk_words: auto uses ICU from a CJK share of 0.3, NLTK just under it and for English") {
  // 3 CJK characters of 10 non-space ones: 0.3, the boundary (ICU).
  CHECK(uses_icu_words("中中中abcdefg", WordSplit::kAuto));
  CHECK(uses_icu_words("中中中abcdef", WordSplit::kAuto));        // 3/9, just over
  CHECK_FALSE(uses_icu_words("中中中abcdefgh", WordSplit::kAuto));  // 3/11, just under
  CHECK_FALSE(uses_icu_words("The quick brown fox \xE2\x80\x9Cjumps\xE2\x80\x9D.", WordSplit::kAuto));
  CHECK_FALSE(uses_icu_words("", WordSplit::kAuto));
  CHECK(uses_icu_words("English only", WordSplit::kIcu));
  CHECK_FALSE(uses_icu_words("中文", WordSplit::kNltk));
  WordSplit mode = WordSplit::kNltk;
  CHECK(parse_word_split("auto", mode));
  CHECK(mode == WordSplit::kAuto);
  CHECK_FALSE(parse_word_split("jieba", mode));
}

TEST_CASE("cjk_words: an English text's words are NLTK's under every setting but icu") {
  const std::string text = "Mr. Smith didn't go to Washington. He said: \"it's fine\" -- twice...";
  Words nltk;
  nltk.split(text);
  Document doc;
  doc.text = text;
  for (const WordSplit mode : {WordSplit::kNltk, WordSplit::kAuto}) {
    const WordSplitScope scope(mode);
    CHECK(tokens(TextAnalysis::of(doc).words()) == tokens(nltk));
  }
}

TEST_CASE("cjk_words: TextAnalysis keys its words by the word split in force") {
  Document doc;
  doc.text = "我们今天去北京。";
  std::size_t nltk_words = 0, icu_words = 0;
  {
    const WordSplitScope scope(WordSplit::kNltk);
    nltk_words = TextAnalysis::of(doc).words().size();
  }
  {
    const WordSplitScope scope(WordSplit::kIcu);
    icu_words = TextAnalysis::of(doc).words().size();
  }
  CHECK(nltk_words <= 2);  // NLTK: the sentence and perhaps its period
  CHECK(icu_words >= 4);
  CHECK(current_word_split() == kDefaultWordSplit);  // the scopes restored the setting
}

}  // namespace
}  // namespace winnow::filters::test
