#include "src/io/zstd_source.h"


namespace winnow {
ZstdSource::ZstdSource(std::unique_ptr<FileReader> file)
    : ByteSource(Encoding::zstd), file_(std::move(file)), context_(ZSTD_createDCtx()) {}

ZstdSource::~ZstdSource() { ZSTD_freeDCtx(context_); }

ReadResult ZstdSource::damage(std::string reason, std::string detail) {
  frame_open_ = false;
  ZSTD_DCtx_reset(context_, ZSTD_reset_session_only);
  if (damage_reported_) return {};  // same damaged region: already reported
  damage_reported_ = true;
  ReadResult result;
  result.damage = InputDamage{std::move(reason), std::move(detail)};
  return result;
}

void ZstdSource::skip_to_next_frame(bool must_advance) {
  if (must_advance && !file_->available().empty()) file_->consume(1);
  file_->skip_to(kZstdFrameMagic);
}

ReadResult ZstdSource::read(std::span<char> buffer) {
  for (;;) {
    auto input = file_->available();
    if (input.empty() && !file_->refill()) {
      if (frame_open_) {
        return damage("truncated_input", "file ends inside a zstd frame at byte " +
                                             std::to_string(file_->consumed()));
      }
      ReadResult end;
      end.end = true;
      return end;
    }
    input = file_->available();
    ZSTD_inBuffer in{input.data(), input.size(), 0};
    ZSTD_outBuffer out{buffer.data(), buffer.size(), 0};
    const std::size_t status = ZSTD_decompressStream(context_, &out, &in);
    file_->consume(in.pos);
    if (ZSTD_isError(status)) {
      const std::uint64_t at = file_->consumed();
      const bool stuck = at == last_resync_at_;
      ReadResult result = damage("zstd_corrupt_frame", std::string("zstd: ") + ZSTD_getErrorName(status) +
                                                           " near compressed byte " + std::to_string(at));
      skip_to_next_frame(stuck || in.pos == 0);
      last_resync_at_ = file_->consumed();
      // Bytes decoded before the error in this call are lost with the frame: zstd gives no guarantee they are
      // correct once it has reported corruption.
      if (result.damage) return result;
      continue;
    }
    frame_open_ = status != 0;
    if (out.pos > 0) {
      damage_reported_ = false;
      ReadResult result;
      result.size = out.pos;
      return result;
    }
    if (in.pos == 0 && !file_->refill() && file_->available().size() == input.size()) {
      // No progress and no more input: the frame cannot complete.
      file_->consume(file_->available().size());
    }
  }
}

}  // namespace winnow
