// The words of a text as datatrove's English word tokenizer gives them: NLTK's word_tokenize, i.e. Punkt
// sentences (filters/punkt.h) split by the Treebank rules (filters/treebank.h), empty tokens dropped.
//
// One Words object holds every token back to back in one buffer, with what the filters ask of each token
// computed once: its length in code points (Python's len), whether it is only datatrove punctuation, whether it
// has an alphabetic character (str.isalpha). Computing it is the costly part of the word-based filters, so a
// document's words are computed once and shared by every filter (filters/text_analysis.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace winnow::filters {

class Words {
 public:
  enum Flag : std::uint8_t {
    kOnlyPunctuation = 1,  // every character is in datatrove's PUNCTUATION_SET (a "symbol word")
    kHasAlpha = 2,         // at least one character is alphabetic
  };

  std::size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  std::string_view operator[](std::size_t i) const {
    const std::uint32_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_).substr(begin, ends_[i] - begin);
  }
  std::uint32_t chars(std::size_t i) const { return chars_[i]; }  // len(word) in code points
  // Words first .. first+count-1 joined without separators (Python's "".join), a view into one buffer.
  std::string_view joined(std::size_t first, std::size_t count) const {
    const std::uint32_t begin = first == 0 ? 0 : ends_[first - 1];
    return std::string_view(bytes_).substr(begin, ends_[first + count - 1] - begin);
  }
  bool has(std::size_t i, Flag flag) const { return (flags_[i] & flag) != 0; }
  // Every word back to back ("".join of all), and where word i ends in it (it begins where word i-1 ends, or at
  // 0): for scans over many n-grams that would pay joined()'s bounds checks at each.
  std::string_view bytes() const { return bytes_; }
  std::uint32_t byte_end(std::size_t i) const { return ends_[i]; }

  // Replaces the contents with the words of `text` (NLTK word_tokenize(text, "english") + strip_strings).
  void split(std::string_view text);
  // Replaces the contents with the tokens text[begin, end) of `spans` (another splitter's words, e.g. ICU's in
  // filters/cjk_words.h), each measured as split() measures its words.
  void assign_tokens(std::string_view text, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& spans);

 private:
  void measure();  // fills chars_ and flags_ for the tokens in bytes_ / ends_

  std::string bytes_;
  std::vector<std::uint32_t> ends_;
  std::vector<std::uint32_t> chars_;
  std::vector<std::uint8_t> flags_;
};

}  // namespace winnow::filters
