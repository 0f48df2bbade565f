#include "tokenizer/atomic_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>

namespace winnow::tokenizer {
namespace {
[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  throw std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}
}  // namespace

AtomicFile::AtomicFile(std::filesystem::path destination) : destination_(std::move(destination)) {
  static thread_local std::mt19937_64 rng(std::random_device{}());
  temp_ = destination_;
  temp_ += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(rng() % 1000000000);
  file_ = std::fopen(temp_.c_str(), "wb");
  if (file_ == nullptr) fail("cannot create", temp_);
}

AtomicFile::~AtomicFile() { discard(); }

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : destination_(std::move(other.destination_)), temp_(std::move(other.temp_)), file_(other.file_),
      size_(other.size_) {
  other.file_ = nullptr;
}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
  if (this != &other) {
    discard();
    destination_ = std::move(other.destination_);
    temp_ = std::move(other.temp_);
    file_ = other.file_;
    size_ = other.size_;
    other.file_ = nullptr;
  }
  return *this;
}

void AtomicFile::discard() noexcept {
  if (file_ != nullptr) {
    std::fclose(file_);
    file_ = nullptr;
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

void AtomicFile::write(std::string_view bytes) {
  if (file_ == nullptr) throw std::logic_error("AtomicFile::write after commit: " + destination_.string());
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) fail("cannot write", temp_);
  size_ += bytes.size();
}

void AtomicFile::write_at(std::uint64_t offset, std::string_view bytes) {
  if (file_ == nullptr) throw std::logic_error("AtomicFile::write_at after commit: " + destination_.string());
  if (offset + bytes.size() > size_) throw std::logic_error("AtomicFile::write_at past the end of " + temp_.string());
  if (std::fseek(file_, static_cast<long>(offset), SEEK_SET) != 0) fail("cannot seek in", temp_);
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) fail("cannot write", temp_);
  if (std::fseek(file_, 0, SEEK_END) != 0) fail("cannot seek in", temp_);
}

void AtomicFile::commit() {
  if (file_ == nullptr) throw std::logic_error("AtomicFile::commit twice: " + destination_.string());
  if (std::fflush(file_) != 0) fail("cannot flush", temp_);
  if (::fsync(::fileno(file_)) != 0) fail("cannot fsync", temp_);
  if (std::fclose(file_) != 0) {
    file_ = nullptr;
    fail("cannot close", temp_);
  }
  file_ = nullptr;
  std::error_code ec;
  std::filesystem::rename(temp_, destination_, ec);
  if (ec) {
    const std::string reason = ec.message();
    std::filesystem::remove(temp_, ec);
    throw std::runtime_error("cannot rename " + temp_.string() + " to " + destination_.string() + ": " + reason);
  }
}

}  // namespace winnow::tokenizer
