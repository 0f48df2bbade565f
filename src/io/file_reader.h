// Buffered reading of a file's raw (compressed) bytes, shared by the decoders.
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

namespace winnow {

// Holds a window of the file's raw bytes. Decoders consume from `available()` and call `consume(n)`; `refill()`
// keeps unconsumed bytes and appends more from the file.
class FileReader {
 public:
  explicit FileReader(const std::string& path, std::size_t window_bytes = std::size_t{1} << 20);
  ~FileReader();
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  std::span<const char> available() const { return {buffer_.data() + begin_, end_ - begin_}; }
  void consume(std::size_t bytes) {
    begin_ += bytes;
    consumed_ += bytes;
  }
  // Reads more from the file. Returns false at end of file (nothing was added).
  bool refill();
  bool at_end() const { return eof_ && begin_ == end_; }
  // Consumes bytes until the window starts with `marker`, or to the end of the file when there is none.
  // Decoders resynchronise after damage with this (zstd frame magic, gzip member header).
  void skip_to(std::span<const unsigned char> marker);
  std::uint64_t consumed() const { return consumed_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  std::uint64_t consumed_ = 0;
};

}  // namespace winnow
