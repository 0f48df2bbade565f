#include "src/io/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "src/error.h"

namespace winnow {
namespace fs = std::filesystem;

AtomicFile::AtomicFile(std::string path, bool durable) : path_(std::move(path)), durable_(durable) {
  temp_path_ = path_ + ".tmp." + std::to_string(::getpid());
  file_ = std::fopen(temp_path_.c_str(), "wb");
  if (file_ == nullptr) throw Error(temp_path_, 0, std::string("cannot create: ") + std::strerror(errno));
}

AtomicFile::~AtomicFile() {
  if (file_ != nullptr) {
    std::fclose(file_);
    std::remove(temp_path_.c_str());
  }
}

void AtomicFile::write(std::string_view bytes) {
  if (bytes.empty()) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    throw Error(temp_path_, 0, std::string("write failed: ") + std::strerror(errno));
  }
  written_ += bytes.size();
  if (durable_ && written_ - flushed_ >= kWritebackBytes) {
    // Start writing back what we have so far, without waiting, so that commit()'s fsync finds little left
    // to do instead of stalling the pipeline's serial writer for the whole file.
    std::fflush(file_);
    ::sync_file_range(::fileno(file_), static_cast<off_t>(flushed_), static_cast<off_t>(written_ - flushed_),
                      SYNC_FILE_RANGE_WRITE);
    flushed_ = written_;
  }
}

void AtomicFile::write_at(std::uint64_t offset, std::string_view bytes) {
  if (offset + bytes.size() > written_) throw Error(temp_path_, 0, "internal error: write_at past the end");
  if (std::fseek(file_, static_cast<long>(offset), SEEK_SET) != 0 ||
      std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size() || std::fseek(file_, 0, SEEK_END) != 0) {
    throw Error(temp_path_, 0, std::string("write failed: ") + std::strerror(errno));
  }
}

void AtomicFile::commit() {
  if (std::fflush(file_) != 0 || (durable_ && ::fsync(::fileno(file_)) != 0)) {
    throw Error(temp_path_, 0, std::string("flush failed: ") + std::strerror(errno));
  }
  std::FILE* file = file_;
  file_ = nullptr;
  if (std::fclose(file) != 0) {
    std::remove(temp_path_.c_str());
    throw Error(temp_path_, 0, std::string("close failed: ") + std::strerror(errno));
  }
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    const int saved = errno;
    std::remove(temp_path_.c_str());
    throw Error(path_, 0, std::string("rename failed: ") + std::strerror(saved));
  }
  if (!durable_) return;
  // Make the rename itself durable.
  const std::string directory = fs::path(path_).parent_path().string();
  const int dir_fd = ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

void write_file_atomically(const std::string& path, std::string_view content, bool durable) {
  AtomicFile file(path, durable);
  file.write(content);
  file.commit();
}

std::size_t remove_stale_temp_files(const std::string& directory) {
  std::size_t removed = 0;
  std::error_code error;
  if (!fs::is_directory(directory, error)) return 0;
  for (auto it = fs::recursive_directory_iterator(directory, error); it != fs::recursive_directory_iterator();
       it.increment(error)) {
    if (error) break;
    const std::string name = it->path().filename().string();
    const auto marker = name.rfind(".tmp.");
    if (marker == std::string::npos || !it->is_regular_file(error)) continue;
    const std::string pid = name.substr(marker + 5);
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    if (pid == std::to_string(::getpid())) continue;  // ours, in use: stages may open files before the run
    if (fs::remove(it->path(), error)) ++removed;
  }
  return removed;
}

}  // namespace winnow
