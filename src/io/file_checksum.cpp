#include "src/io/file_checksum.h"

#include <xxhash.h>

#include <cstdio>
#include <memory>
#include <vector>

#include "src/error.h"

namespace winnow {
namespace {
struct StateDeleter {
  void operator()(XXH3_state_t* state) const { XXH3_freeState(state); }
};
struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
}  // namespace

FileChecksum checksum_file(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) throw Error(path, 0, "cannot open to checksum");
  std::unique_ptr<XXH3_state_t, StateDeleter> state(XXH3_createState());
  XXH3_64bits_reset(state.get());
  std::vector<char> buffer(std::size_t{1} << 20);
  FileChecksum checksum;
  std::size_t got = 0;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) {
    XXH3_64bits_update(state.get(), buffer.data(), got);
    checksum.bytes += got;
  }
  if (std::ferror(file.get())) throw Error(path, 0, "read error while checksumming");
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH3_64bits_digest(state.get())));
  checksum.xxh3 = hex;
  return checksum;
}

}  // namespace winnow
