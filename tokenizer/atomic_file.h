// AtomicFile: write a file so that readers only ever see nothing or the complete file.
//
// Bytes go to a temporary file in the destination's directory (NAME.tmp.RANDOM, same filesystem,
// so the final rename is atomic); commit() flushes, fsyncs and renames it over the destination.
// If the object is destroyed without commit() (an exception, an abandoned writer), the temporary
// file is removed and the destination is untouched.
// Errors throw std::runtime_error naming the file and the OS reason.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string_view>

namespace winnow::tokenizer {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path destination);
  ~AtomicFile();
  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&& other) noexcept;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view bytes);
  // Overwrites already written bytes at offset (e.g. a header whose counts are known only at
  // the end), then continues appending at the end.
  void write_at(std::uint64_t offset, std::string_view bytes);
  std::uint64_t size() const { return size_; }
  void commit();

  const std::filesystem::path& destination() const { return destination_; }

 private:
  void discard() noexcept;
  std::filesystem::path destination_;
  std::filesystem::path temp_;
  std::FILE* file_ = nullptr;
  std::uint64_t size_ = 0;
};

}  // namespace winnow::tokenizer
