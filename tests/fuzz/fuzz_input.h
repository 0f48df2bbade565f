// Hands fuzzer bytes to code that reads files: an anonymous in-memory file, named by /proc/self/fd/N.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "src/text/utf8.h"

namespace winnow::fuzz {

class MemoryFile {
 public:
  MemoryFile(const std::uint8_t* data, std::size_t size) : fd_(::memfd_create("winnow-fuzz", 0)) {
    std::size_t written = 0;
    while (written < size) {
      const ssize_t got = ::write(fd_, data + written, size - written);
      if (got <= 0) break;
      written += static_cast<std::size_t>(got);
    }
  }
  ~MemoryFile() { ::close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_;
};

}  // namespace winnow::fuzz

namespace winnow::fuzz {

// The bytes with every invalid UTF-8 sequence replaced by U+FFFD. Document::text is always valid UTF-8 in the
// pipeline (the record parser validates every line, and stages must keep it valid), so targets that start
// after the parser get what the parser would let through.
inline std::string as_valid_utf8(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string out;
  out.reserve(size);
  for (std::size_t i = 0; i < size;) {
    const std::size_t length = valid_utf8_sequence_length(bytes, i);
    if (length > 0) {
      out.append(bytes.substr(i, length));
      i += length;
    } else {
      out.append("\xEF\xBF\xBD");
      ++i;
    }
  }
  return out;
}

}  // namespace winnow::fuzz
