// Checksums of output files, for DIR/manifest.json and `winnow verify`.
#pragma once

#include <cstdint>
#include <string>

namespace winnow {

struct FileChecksum {
  std::uint64_t bytes = 0;
  std::string xxh3;  // XXH3-64 of the whole file, 16 lowercase hex digits
};

// Reads `path` once. Throws Error when it cannot be read.
FileChecksum checksum_file(const std::string& path);

}  // namespace winnow
