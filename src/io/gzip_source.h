// gzip decoding of a (possibly multi-member, possibly damaged) .gz file, through zlib.
//
// Members follow each other (as `cat a.gz b.gz` makes). Bytes after a complete member that do not start a new
// member are reported once as `gzip_trailing_garbage`; a member that fails to inflate is reported as
// `gzip_corrupt`, and decoding resumes at the next member header (1F 8B 08) if there is one. A file that ends
// inside a member reports `truncated_input`.
#pragma once

#include <zlib.h>

#include <memory>

#include "src/io/byte_source.h"
#include "src/io/file_reader.h"

namespace winnow {

class GzipSource final : public ByteSource {
 public:
  explicit GzipSource(std::unique_ptr<FileReader> file);
  ~GzipSource() override;
  ReadResult read(std::span<char> buffer) override;
  std::uint64_t compressed_bytes_read() const override { return file_->consumed(); }

 private:
  ReadResult damage(std::string reason, std::string detail);
  // Consumes bytes until the window starts with a gzip member header or the file ends.
  void skip_to_next_member();
  bool window_starts_member();

  std::unique_ptr<FileReader> file_;
  z_stream stream_{};
  bool member_open_ = false;      // a member has started and its end was not reached
  bool between_members_ = false;  // a member ended; what follows must be another member or the end
  bool damage_reported_ = false;
};

}  // namespace winnow
