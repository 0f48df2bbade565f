#include "src/io/gzip_source.h"

#include <algorithm>

#include "src/error.h"

namespace winnow {
GzipSource::GzipSource(std::unique_ptr<FileReader> file) : ByteSource(Encoding::gzip), file_(std::move(file)) {
  // 16 + MAX_WBITS: expect a gzip header and trailer, check the CRC.
  if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) throw Error(file_->path(), 0, "zlib initialisation failed");
}

GzipSource::~GzipSource() { inflateEnd(&stream_); }

ReadResult GzipSource::damage(std::string reason, std::string detail) {
  member_open_ = false;
  between_members_ = false;
  inflateReset(&stream_);
  if (damage_reported_) return {};
  damage_reported_ = true;
  ReadResult result;
  result.damage = InputDamage{std::move(reason), std::move(detail)};
  return result;
}

bool GzipSource::window_starts_member() {
  while (file_->available().size() < sizeof kGzipMemberHeader && file_->refill()) {
  }
  const auto window = file_->available();
  return window.size() >= sizeof kGzipMemberHeader &&
         std::equal(std::begin(kGzipMemberHeader), std::end(kGzipMemberHeader),
                    reinterpret_cast<const unsigned char*>(window.data()));
}

void GzipSource::skip_to_next_member() { file_->skip_to(kGzipMemberHeader); }

ReadResult GzipSource::read(std::span<char> buffer) {
  for (;;) {
    if (between_members_) {
      if (file_->available().empty() && !file_->refill()) {
        ReadResult end;
        end.end = true;
        return end;
      }
      if (!window_starts_member()) {
        const std::uint64_t at = file_->consumed();
        ReadResult result = damage("gzip_trailing_garbage",
                                   "bytes after the end of a gzip member at compressed byte " + std::to_string(at));
        skip_to_next_member();
        if (result.damage) return result;
        continue;
      }
      between_members_ = false;
      inflateReset(&stream_);
    }
    if (file_->available().empty() && !file_->refill()) {
      if (member_open_) {
        return damage("truncated_input",
                      "file ends inside a gzip member at byte " + std::to_string(file_->consumed()));
      }
      ReadResult end;
      end.end = true;
      return end;
    }
    const auto input = file_->available();
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    stream_.avail_in = static_cast<uInt>(std::min<std::size_t>(input.size(), 1u << 30));
    stream_.next_out = reinterpret_cast<Bytef*>(buffer.data());
    stream_.avail_out = static_cast<uInt>(std::min<std::size_t>(buffer.size(), 1u << 30));
    const uInt offered = stream_.avail_in;
    const uInt room = stream_.avail_out;
    const int status = inflate(&stream_, Z_NO_FLUSH);
    const std::size_t consumed = offered - stream_.avail_in;
    const std::size_t produced = room - stream_.avail_out;
    file_->consume(consumed);
    if (consumed > 0) member_open_ = true;

    if (status == Z_STREAM_END) {
      member_open_ = false;
      between_members_ = true;
    } else if (status == Z_DATA_ERROR || status == Z_NEED_DICT || status == Z_MEM_ERROR ||
               status == Z_STREAM_ERROR) {
      const std::uint64_t at = file_->consumed();
      ReadResult result = damage("gzip_corrupt", std::string("zlib: ") + (stream_.msg ? stream_.msg : "error") +
                                                     " near compressed byte " + std::to_string(at));
      if (!file_->available().empty()) file_->consume(1);  // never resynchronise onto the same header
      skip_to_next_member();
      if (result.damage) return result;
      continue;
    } else if (status == Z_BUF_ERROR && produced == 0 && consumed == 0) {
      if (!file_->refill()) {
        return damage("truncated_input",
                      "file ends inside a gzip member at byte " + std::to_string(file_->consumed()));
      }
      continue;
    }
    if (produced > 0) {
      damage_reported_ = false;
      ReadResult result;
      result.size = produced;
      return result;
    }
  }
}

}  // namespace winnow
