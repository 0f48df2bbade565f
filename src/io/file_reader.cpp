#include "src/io/file_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "src/error.h"

namespace winnow {

FileReader::FileReader(const std::string& path, std::size_t window_bytes) : path_(path), buffer_(window_bytes) {
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) throw Error(path, 0, std::string("cannot open: ") + std::strerror(errno));
}

FileReader::~FileReader() {
  if (file_ != nullptr) std::fclose(file_);
}

bool FileReader::refill() {
  if (eof_) return false;
  if (begin_ > 0) {  // keep the unconsumed tail at the front
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  const std::size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
  if (got == 0) {
    if (std::ferror(file_)) throw Error(path_, 0, std::string("read error: ") + std::strerror(errno));
    eof_ = true;
    return false;
  }
  end_ += got;
  return true;
}

void FileReader::skip_to(std::span<const unsigned char> marker) {
  for (;;) {
    const auto window = available();
    const auto* begin = reinterpret_cast<const unsigned char*>(window.data());
    const auto* end = begin + window.size();
    const auto* found = std::search(begin, end, marker.begin(), marker.end());
    if (found != end) {
      consume(static_cast<std::size_t>(found - begin));
      return;
    }
    // Keep the last marker.size() - 1 bytes: a marker may straddle the window's end.
    const std::size_t keep = std::min(window.size(), marker.size() - 1);
    consume(window.size() - keep);
    if (!refill()) {
      consume(available().size());
      return;
    }
  }
}

}  // namespace winnow
