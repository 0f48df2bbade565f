// Cuts a ByteSource into batches of lines, with memory bounded by the options whatever the input.
//
// - Lines end at '\n'; a trailing '\r' is dropped (CRLF files), and so is the need for a final newline.
// - A line longer than max_line_bytes is not held: its first reject_prefix_bytes are kept for the rejects file,
//   the rest is counted and skipped.
// - A batch closes at the first line end after batch_bytes, so batch boundaries depend only on the input.
// - Damage reported by the source becomes a RawLine with LineProblem::damaged, holding the partial line
//   that the damage cut short, if any.
// - A file that decodes to more than max_decoded_bytes, or expands more than max_expansion_ratio, is cut
//   there (a decompression bomb costs bounded time and memory).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "src/io/byte_source.h"
#include "src/io/line_batch.h"

namespace winnow {

struct LineReaderOptions {
  std::size_t batch_bytes = std::size_t{2} << 20;
  std::size_t max_line_bytes = std::size_t{128} << 20;
  std::size_t reject_prefix_bytes = 4096;
  // Decompression-bomb guards; 0 switches one off. Past either, the rest of the file is not read and one
  // `decompression_limit` damage says why.
  std::uint64_t max_decoded_bytes = 0;  // decoded bytes of one file
  double max_expansion_ratio = 0;       // decoded / compressed, once kExpansionCheckAfter bytes are decoded
  static constexpr std::uint64_t kExpansionCheckAfter = std::uint64_t{256} << 20;
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
  // The guard that the decoded size broke, as a damage; nullopt while within the limits.
  std::optional<InputDamage> over_limit() const;

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
