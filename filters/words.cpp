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
  measure();
}

void Words::assign_tokens(std::string_view text, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& spans) {
  bytes_.clear();
  ends_.clear();
  chars_.clear();
  flags_.clear();
  for (const auto& [begin, end] : spans) {
    bytes_.append(text.substr(begin, end - begin));
    ends_.push_back(static_cast<std::uint32_t>(bytes_.size()));
  }
  measure();
}

void Words::measure() {
  chars_.reserve(ends_.size());
  flags_.reserve(ends_.size());
  const std::uint8_t* const ascii_classes = detail::kAsciiCharClasses;
  std::uint32_t begin = 0;
  for (const std::uint32_t end : ends_) {
    const std::string_view word = std::string_view(bytes_).substr(begin, end - begin);
    begin = end;
    // Most words are ASCII: one table lookup per byte and chars = bytes, no decoding. At the first non-ASCII
    // byte the word starts over through the decoder.
    std::uint8_t any = 0, all = 0xFF;
    std::size_t ascii = 0;
    for (; ascii < word.size(); ++ascii) {
      const auto c = static_cast<unsigned char>(word[ascii]);
      if (c >= 0x80) break;
      any |= ascii_classes[c];
      all &= ascii_classes[c];
    }
    std::uint32_t chars = static_cast<std::uint32_t>(ascii);
    for (std::size_t p = ascii; p < word.size(); ++chars) {
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
