#include "filters/words.h"

#include "filters/char_class.h"
#include "filters/punkt.h"
#include "filters/treebank.h"

namespace winnow::filters {

void Words::split(std::string_view text) {
  bytes_.clear();
  ends_.clear();
  chars_.clear();
  flags_.clear();
  thread_local std::vector<Span> sentences;
  english_punkt().split(text, sentences);
  for (const Span& s : sentences) treebank_tokenize(text.substr(s.begin, s.end - s.begin), bytes_, ends_);
  chars_.reserve(ends_.size());
  flags_.reserve(ends_.size());
  for (std::size_t i = 0; i < ends_.size(); ++i) {
    const std::string_view word = (*this)[i];
    std::uint32_t chars = 0;
    std::uint8_t any = 0, all = 0xFF;
    for (std::size_t p = 0; p < word.size(); ++chars) {
      const std::uint8_t cls = char_class(next_code_point(word, p));
      any |= cls;
      all &= cls;
    }
    chars_.push_back(chars);
    flags_.push_back(static_cast<std::uint8_t>(((all & kPunct) ? kOnlyPunctuation : 0) |
                                               ((any & kAlpha) ? kHasAlpha : 0)));
  }
}

}  // namespace winnow::filters
