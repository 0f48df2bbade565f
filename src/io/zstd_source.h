// zstd decoding of a (possibly multi-frame, possibly damaged) .zst file.
//
// Damage handling: on a decoder error the source reports one InputDamage, then scans forward for the next zstd
// frame magic (28 B5 2F FD) and decodes from there, so records in later intact frames are recovered. Errors
// that follow each other with no decoded byte between them are reported once. A file that ends inside a frame
// reports `truncated_input`.
#pragma once

#include <zstd.h>

#include <memory>

#include "src/io/byte_source.h"
#include "src/io/file_reader.h"

namespace winnow {

class ZstdSource final : public ByteSource {
 public:
  explicit ZstdSource(std::unique_ptr<FileReader> file);
  ~ZstdSource() override;
  ReadResult read(std::span<char> buffer) override;
  std::uint64_t compressed_bytes_read() const override { return file_->consumed(); }

 private:
  ReadResult damage(std::string reason, std::string detail);
  void skip_to_next_frame(bool must_advance);

  std::unique_ptr<FileReader> file_;
  ZSTD_DCtx* context_;
  bool frame_open_ = false;        // inside a frame whose end has not been decoded yet
  bool damage_reported_ = false;   // a damage was reported and no byte was decoded since
  std::uint64_t last_resync_at_ = ~std::uint64_t{0};
};

}  // namespace winnow
