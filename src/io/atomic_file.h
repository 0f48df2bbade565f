// The one way winnow writes a file: to "<path>.tmp.<pid>" beside it, then fsync and rename over <path>.
//
// A reader therefore sees either the previous file or the complete new one, never a torn one; a killed run
// leaves only *.tmp.* files, which a resumed run deletes. `durable` adds fsync of the file and its folder, so
// that this also holds after a power loss, not only after a killed process (output.fsync in the config). An AtomicFile destroyed without commit() removes its
// temporary file (error paths and --strict need no cleanup code of their own).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace winnow {

class AtomicFile {
 public:
  // Creates the temporary file; throws Error on failure.
  explicit AtomicFile(std::string path, bool durable = true);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view bytes);  // throws Error (e.g. disk full) naming the file
  // Overwrites bytes already written at `offset` (a header whose counts are known only at the end), then
  // goes on appending. REQUIRES: offset + bytes.size() <= size().
  void write_at(std::uint64_t offset, std::string_view bytes);
  std::uint64_t size() const { return written_; }
  void commit();                       // flush, fsync, rename; throws Error on failure
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string temp_path_;
  std::FILE* file_ = nullptr;
  bool durable_;
  std::uint64_t written_ = 0;
  std::uint64_t flushed_ = 0;  // bytes handed to the kernel's writeback
  static constexpr std::uint64_t kWritebackBytes = std::uint64_t{8} << 20;
};

// Writes `content` to `path` atomically.
void write_file_atomically(const std::string& path, std::string_view content, bool durable = true);

// Removes leftover temporary files ("*.tmp.<pid>") below `directory`, as a killed run leaves them; this
// process's own temporary files are left alone.
// Returns how many were removed.
std::size_t remove_stale_temp_files(const std::string& directory);

}  // namespace winnow
