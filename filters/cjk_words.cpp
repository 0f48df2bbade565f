#include "filters/cjk_words.h"

#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <memory>
#include <utility>
#include <vector>

#include "filters/char_class.h"
#include "filters/cjk_script.h"
#include "src/error.h"

namespace winnow::filters {
namespace {

thread_local WordSplit thread_word_split = kDefaultWordSplit;

// One iterator per thread: a BreakIterator holds its position and text, so it cannot be shared. Created from
// the root locale: the CJK dictionary applies whatever the locale, and the root rules are the stable ones.
icu::BreakIterator& word_iterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !it) throw Error(std::string("ICU word break iterator: ") + u_errorName(status));
    return it;
  }();
  return *iterator;
}

bool only_whitespace(std::string_view token) {
  for (std::size_t pos = 0; pos < token.size();) {
    if (!(char_class(next_code_point(token, pos)) & kSpace)) return false;
  }
  return true;
}

}  // namespace

std::string_view word_split_name(WordSplit mode) {
  switch (mode) {
    case WordSplit::kNltk: return "nltk";
    case WordSplit::kIcu: return "icu";
    case WordSplit::kAuto: return "auto";
  }
  return "nltk";
}

bool parse_word_split(std::string_view name, WordSplit& mode) {
  for (const WordSplit m : {WordSplit::kNltk, WordSplit::kIcu, WordSplit::kAuto}) {
    if (name == word_split_name(m)) {
      mode = m;
      return true;
    }
  }
  return false;
}

WordSplit current_word_split() { return thread_word_split; }

WordSplitScope::WordSplitScope(WordSplit mode) : previous_(std::exchange(thread_word_split, mode)) {}
WordSplitScope::~WordSplitScope() { thread_word_split = previous_; }

bool uses_icu_words(std::string_view text, WordSplit mode) {
  switch (mode) {
    case WordSplit::kNltk: return false;
    case WordSplit::kIcu: return true;
    case WordSplit::kAuto: return may_contain_cjk(text) && count_cjk(text).share() >= kAutoMinCjkShare;
  }
  return false;
}

void split_icu_words(std::string_view text, Words& out) {
  // ICU iterates UTF-16; converting here (with a map from each UTF-16 index back to its UTF-8 byte offset)
  // measured ~20% faster than handing ICU the UTF-8 through a UText, whose dictionary pass converts anyway.
  thread_local std::vector<char16_t> units;
  thread_local std::vector<std::uint32_t> byte_at;  // UTF-16 index -> UTF-8 offset; one past the end too
  thread_local std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
  units.clear();
  byte_at.clear();
  spans.clear();
  for (std::size_t pos = 0; pos < text.size();) {
    const auto start = static_cast<std::uint32_t>(pos);
    const char32_t cp = next_code_point(text, pos);
    if (cp < 0x10000) {
      units.push_back(static_cast<char16_t>(cp));
      byte_at.push_back(start);
    } else {
      units.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      units.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
      byte_at.push_back(start);
      byte_at.push_back(start);
    }
  }
  byte_at.push_back(static_cast<std::uint32_t>(text.size()));
  // A read-only alias of the buffer: no copy. It outlives the iteration below, which is all ICU needs.
  const icu::UnicodeString alias(false, units.data(), static_cast<std::int32_t>(units.size()));
  icu::BreakIterator& it = word_iterator();
  it.setText(alias);
  for (std::int32_t begin = it.first(), end = it.next(); end != icu::BreakIterator::DONE; begin = end, end = it.next()) {
    const std::uint32_t from = byte_at[static_cast<std::size_t>(begin)];
    const std::uint32_t to = byte_at[static_cast<std::size_t>(end)];
    if (to > from && !only_whitespace(text.substr(from, to - from))) spans.emplace_back(from, to);
  }
  // Forget the alias: ICU keeps a pointer to the string it iterates, which must not outlive the buffer the
  // next call reallocates (a static empty string lives as long as the iterator).
  static const icu::UnicodeString kNothing;
  it.setText(kNothing);
  out.assign_tokens(text, spans);
}

}  // namespace winnow::filters
