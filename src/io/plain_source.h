// Uncompressed input: the file's bytes as they are.
#pragma once

#include <memory>

#include "src/io/byte_source.h"
#include "src/io/file_reader.h"

namespace winnow {

class PlainSource final : public ByteSource {
 public:
  explicit PlainSource(std::unique_ptr<FileReader> file) : ByteSource(Encoding::plain), file_(std::move(file)) {}
  ReadResult read(std::span<char> buffer) override;
  std::uint64_t compressed_bytes_read() const override { return file_->consumed(); }

 private:
  std::unique_ptr<FileReader> file_;
};

}  // namespace winnow
