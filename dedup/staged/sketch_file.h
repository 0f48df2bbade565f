// Random access to pass 1's sketches.bin (b x r bytes per document, at doc x b x r; staged_records.h), for the
// sweeps' verify: signature.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "dedup/sketch_similarity.h"
#include "src/error.h"

namespace winnow::dedup::staged {

class SketchFile {
 public:
  SketchFile(const std::string& path, std::size_t hashes) : path_(path), hashes_(hashes), a_(hashes), b_(hashes) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw Error(path + ": cannot open: " + std::strerror(errno));
  }
  ~SketchFile() { ::close(fd_); }
  SketchFile(const SketchFile&) = delete;
  SketchFile& operator=(const SketchFile&) = delete;

  // Reads the sketch of `doc` into out[0 .. hashes).
  void read(std::uint32_t doc, std::uint8_t* out) const {
    const auto offset = static_cast<off_t>(std::uint64_t{doc} * hashes_);
    std::size_t got = 0;
    while (got < hashes_) {
      const ssize_t n = ::pread(fd_, out + got, hashes_ - got, offset + static_cast<off_t>(got));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw Error(path_ + ": cannot read the sketch of document " + std::to_string(doc));
      got += static_cast<std::size_t>(n);
    }
  }
  // The estimated Jaccard similarity of two sketches (sketch_similarity.h).
  static double similarity(const std::uint8_t* a, const std::uint8_t* b, std::size_t hashes) {
    std::size_t equal = 0;
    for (std::size_t k = 0; k < hashes; ++k) equal += a[k] == b[k];
    return sketch_similarity(equal, hashes);
  }
  double similarity(std::uint32_t doc_a, std::uint32_t doc_b) {
    read(doc_a, a_.data());
    read(doc_b, b_.data());
    return similarity(a_.data(), b_.data(), hashes_);
  }

 private:
  std::string path_;
  std::size_t hashes_;
  int fd_ = -1;
  std::vector<std::uint8_t> a_, b_;
};

}  // namespace winnow::dedup::staged
