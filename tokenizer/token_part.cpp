#include "tokenizer/token_part.h"

#include <cerrno>
#include <cstring>

#include "src/error.h"

namespace winnow::tokenizer {
namespace {

constexpr std::size_t kFlushBytes = std::size_t{1} << 20;

void append_u32(std::string& out, std::uint32_t value) {
  char bytes[4];
  std::memcpy(bytes, &value, 4);  // little-endian hosts only, as the shard writers
  out.append(bytes, 4);
}

}  // namespace

TokenPartWriter::TokenPartWriter(const std::string& path) : file_(path, false) {
  file_.write(std::string_view(kTokenPartMagic, sizeof kTokenPartMagic));
}

void TokenPartWriter::add_document(const std::vector<std::uint32_t>& tokens) {
  if (tokens.size() > UINT32_MAX) throw Error(file_.path() + ": a document of more than 2^32 tokens");
  append_u32(buffer_, static_cast<std::uint32_t>(tokens.size()));
  buffer_.append(reinterpret_cast<const char*>(tokens.data()), tokens.size() * sizeof(std::uint32_t));
  ++documents_;
  if (buffer_.size() >= kFlushBytes) {
    file_.write(buffer_);
    buffer_.clear();
  }
}

void TokenPartWriter::finish() {
  char trailer[8];
  std::memcpy(trailer, &documents_, 8);
  buffer_.append(trailer, 8);
  file_.write(buffer_);
  buffer_.clear();
  file_.commit();
}

TokenPartReader::TokenPartReader(const std::string& path) : path_(path) {
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) throw Error(path + ": cannot open the token part: " + std::strerror(errno));
  char magic[8];
  if (std::fread(magic, 1, 8, file_) != 8 || std::memcmp(magic, kTokenPartMagic, 8) != 0 ||
      std::fseek(file_, -8, SEEK_END) != 0 || std::fread(&documents_, 8, 1, file_) != 1 ||
      std::fseek(file_, 8, SEEK_SET) != 0) {
    std::fclose(file_);
    file_ = nullptr;
    throw Error(path + ": not a complete token part file");
  }
}

TokenPartReader::~TokenPartReader() {
  if (file_) std::fclose(file_);
}

bool TokenPartReader::next(std::vector<std::uint32_t>& tokens) {
  if (read_ == documents_) return false;
  std::uint32_t count = 0;
  if (std::fread(&count, 4, 1, file_) != 1) throw Error(path_ + ": token part cut short");
  tokens.resize(count);
  if (count > 0 && std::fread(tokens.data(), sizeof(std::uint32_t), count, file_) != count) {
    throw Error(path_ + ": token part cut short");
  }
  ++read_;
  return true;
}

}  // namespace winnow::tokenizer
