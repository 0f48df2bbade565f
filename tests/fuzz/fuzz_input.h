// Hands fuzzer bytes to code that reads files: an anonymous in-memory file, named by /proc/self/fd/N.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <string>

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
  std::string out;
  out.reserve(size);
  std::size_t i = 0;
  while (i < size) {
    const std::uint8_t lead = data[i];
    std::size_t length = 0;
    std::uint8_t low = 0x80, high = 0xBF;
    if (lead < 0x80) {
      length = 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    }
    bool valid = length > 0 && i + length <= size;
    for (std::size_t k = 1; valid && k < length; ++k) {
      const std::uint8_t byte = data[i + k];
      valid = k == 1 ? (byte >= low && byte <= high) : (byte >= 0x80 && byte <= 0xBF);
    }
    if (valid) {
      out.append(reinterpret_cast<const char*>(data + i), length);
      i += length;
    } else {
      out.append("\xEF\xBF\xBD");
      ++i;
    }
  }
  return out;
}

}  // namespace winnow::fuzz
