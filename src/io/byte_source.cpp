#include "src/io/byte_source.h"

#include <algorithm>
#include <cstring>

#include "src/io/gzip_source.h"
#include "src/io/plain_source.h"
#include "src/io/zstd_source.h"

namespace winnow {

const char* encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::zstd: return "zstd";
    case Encoding::gzip: return "gzip";
    case Encoding::plain: return "plain";
  }
  return "plain";
}

Encoding encoding_from_name(const std::string& path) {
  auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with(".zst") || ends_with(".zstd")) return Encoding::zstd;
  if (ends_with(".gz")) return Encoding::gzip;
  return Encoding::plain;
}

ReadResult PlainSource::read(std::span<char> buffer) {
  if (file_->available().empty() && !file_->refill()) {
    ReadResult end;
    end.end = true;
    return end;
  }
  const auto window = file_->available();
  ReadResult result;
  result.size = std::min(window.size(), buffer.size());
  std::memcpy(buffer.data(), window.data(), result.size);
  file_->consume(result.size);
  return result;
}

std::unique_ptr<ByteSource> open_byte_source(const std::string& path) {
  auto file = std::make_unique<FileReader>(path);
  while (file->available().size() < 4 && file->refill()) {
  }
  const auto head = file->available();
  const auto* bytes = reinterpret_cast<const unsigned char*>(head.data());
  const bool zstd_magic = head.size() >= sizeof kZstdFrameMagic &&
                          std::equal(std::begin(kZstdFrameMagic), std::end(kZstdFrameMagic), bytes);
  // Only the two ID bytes: a gzip member with another method is still gzip (zlib then says what is wrong).
  const bool gzip_magic = head.size() >= 2 && bytes[0] == kGzipMemberHeader[0] && bytes[1] == kGzipMemberHeader[1];
  // JSONL starts with '{' (or whitespace): such a file is plain text whatever its name says.
  const bool looks_like_text = !head.empty() && (bytes[0] == '{' || bytes[0] == '[' || bytes[0] == ' ' ||
                                                 bytes[0] == '\t' || bytes[0] == '\r' || bytes[0] == '\n');
  Encoding chosen = Encoding::plain;
  if (zstd_magic) {
    chosen = Encoding::zstd;
  } else if (gzip_magic) {
    chosen = Encoding::gzip;
  } else if (!looks_like_text && !head.empty()) {
    // Neither magic nor text: trust the name, so a .zst whose first frame is damaged is still decoded from its
    // next intact frame instead of being read as garbage lines.
    chosen = encoding_from_name(path);
  }
  if (chosen == Encoding::zstd) return std::make_unique<ZstdSource>(std::move(file));
  if (chosen == Encoding::gzip) return std::make_unique<GzipSource>(std::move(file));
  return std::make_unique<PlainSource>(std::move(file));
}

}  // namespace winnow
