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
