// Cuts a ByteSource into batches of lines, with memory bounded by the options whatever the input.
//
// - Lines end at '\n'; a trailing '\r' is dropped (CRLF files), and so is the need for a final newline.
// - A line longer than max_line_bytes is not held: its first reject_prefix_bytes are kept for the rejects file,
//   the rest is counted and skipped.
// - A batch closes at the first line end after batch_bytes, so batch boundaries depend only on the input.
// - Damage reported by the source becomes a RawLine with LineProblem::damaged, holding the partial line
//   that the damage cut short, if any.
#pragma once

#include <memory>
#include <vector>

#include "src/io/byte_source.h"
#include "src/io/line_batch.h"

namespace winnow {

struct LineReaderOptions {
  std::size_t batch_bytes = std::size_t{2} << 20;
  std::size_t max_line_bytes = std::size_t{128} << 20;
  std::size_t reject_prefix_bytes = 4096;
};

class LineReader {
 public:
  LineReader(std::unique_ptr<ByteSource> source, LineReaderOptions options);

  // Replaces `batch` with the next lines. Returns false once the input is exhausted and nothing was added.
  bool next(LineBatch& batch);

  std::uint64_t compressed_bytes_read() const { return source_->compressed_bytes_read(); }
  std::uint64_t decoded_bytes_read() const { return decoded_bytes_; }
  const ByteSource& source() const { return *source_; }

 private:
  void append_to_line(LineBatch& batch, const char* data, std::size_t size);
  void end_line(LineBatch& batch);
  void record_damage(LineBatch& batch, InputDamage damage);

  std::unique_ptr<ByteSource> source_;
  LineReaderOptions options_;
  std::vector<char> chunk_;
  std::size_t chunk_pos_ = 0;
  std::size_t chunk_end_ = 0;
  bool ended_ = false;
  std::uint64_t decoded_bytes_ = 0;
  std::uint64_t next_line_number_ = 1;
  // The line being assembled.
  bool in_line_ = false;
  bool line_too_long_ = false;
  std::size_t line_offset_ = 0;
  std::uint64_t line_size_ = 0;
};

}  // namespace winnow
