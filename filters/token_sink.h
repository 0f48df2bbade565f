// Where a word splitter writes its tokens: their bytes back to back in one string and the end offset of each
// (the layout of filters/words.h).
//
// Why not std::string::append: most tokens are a few bytes copied from the text, and append paid a capacity
// check, a call into libc's memcpy and a size update for each (~2% of the English word families' instructions).
// The sink sizes the string once for the whole text, writes through a cursor, and copies a token of up to 16
// bytes as one 16-byte load and store when 16 bytes can be read from where it starts (`source_end`); the string
// is cut to what was written when the sink goes away.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::filters {

class TokenSink {
 public:
  // Tokens of `text` (the words' source: token bytes are read from within it or from small constants) appended
  // after what `bytes` and `ends` already hold.
  TokenSink(std::string& bytes, std::vector<std::uint32_t>& ends, std::string_view text)
      : bytes_(bytes),
        ends_(ends),
        source_begin_(reinterpret_cast<std::uintptr_t>(text.data())),
        source_end_(source_begin_ + text.size()) {
    const std::size_t start = bytes.size();
    // Tokens are the text's bytes minus whitespace, except '"' written as `` or '' (two bytes): the text's size
    // is nearly always enough, and append() grows the string when it is not. (Twice the size, to be sure, cost
    // 0.4% of the word families' instructions in zero-filling.)
    bytes.resize(start + text.size() + 4 * kSlack);
    base_ = bytes.data();
    cursor_ = base_ + start;
    limit_ = base_ + bytes.size();
  }
  TokenSink(const TokenSink&) = delete;
  TokenSink& operator=(const TokenSink&) = delete;
  ~TokenSink() { bytes_.resize(size()); }

  // Adds `part` to the token being written.
  void append(std::string_view part) {
    if (static_cast<std::size_t>(limit_ - cursor_) < part.size() + kSlack) grow(part.size());
    // Up to 16 bytes that can be read 16 wide: one unaligned load and store (the bytes past the part are
    // overwritten by what comes next or cut off at the end).
    const auto at = reinterpret_cast<std::uintptr_t>(part.data());
    if (part.size() <= 16 && at >= source_begin_ && at + 16 <= source_end_) {
      std::memcpy(cursor_, part.data(), 16);
    } else {
      std::memcpy(cursor_, part.data(), part.size());
    }
    cursor_ += part.size();
  }
  // One byte of the token (filters/char_class.h's append_utf8 writes code points through this).
  void push_back(char c) {
    if (limit_ == cursor_) grow(1);
    *cursor_++ = c;
  }
  // Ends the token being written (REQUIRES: it has at least one byte).
  void end_token() { ends_.push_back(static_cast<std::uint32_t>(cursor_ - base_)); }
  void token(std::string_view t) {
    append(t);
    end_token();
  }

  // What is written so far, to go back to it (a fast path that meets a shape it does not know).
  struct Mark {
    std::size_t bytes, ends;
  };
  Mark mark() const { return {size(), ends_.size()}; }
  void rollback(Mark m) {
    cursor_ = base_ + m.bytes;
    ends_.resize(m.ends);
  }

 private:
  static constexpr std::size_t kSlack = 16;  // room for the 16-byte store of a short part
  std::size_t size() const { return static_cast<std::size_t>(cursor_ - base_); }
  void grow(std::size_t needed) {
    const std::size_t used = size();
    bytes_.resize(2 * bytes_.size() + needed + kSlack);
    base_ = bytes_.data();
    cursor_ = base_ + used;
    limit_ = base_ + bytes_.size();
  }

  std::string& bytes_;
  std::vector<std::uint32_t>& ends_;
  std::uintptr_t source_begin_, source_end_;  // where 16 bytes may be read (integers: a part may be a constant)
  char* base_;
  char* cursor_;
  char* limit_;
};

}  // namespace winnow::filters
