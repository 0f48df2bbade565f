// Files of fixed-size records, the staged dedup mode's scratch format (docs/DEDUP.md, "Staged mode").
//
// A record file is the records' bytes one after another (sizeof(Record) each, host byte order, no header):
// scratch files live for one run on one machine and are never read elsewhere, so they need no portable
// encoding. Writers and readers buffer `buffer_records` records; a failed write or read throws Error naming
// the file (a full disk stops the run, it never loses records).
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "src/error.h"

namespace winnow::dedup::staged {

template <typename Record>
class RecordWriter {
  static_assert(std::is_trivially_copyable_v<Record>);

 public:
  RecordWriter(std::string path, std::size_t buffer_records) : path_(std::move(path)) {
    buffer_.reserve(std::max<std::size_t>(1, buffer_records));
    file_ = std::fopen(path_.c_str(), "wb");
    if (!file_) throw Error(path_ + ": cannot create: " + std::strerror(errno));
  }
  ~RecordWriter() {
    if (file_) std::fclose(file_);
  }
  RecordWriter(const RecordWriter&) = delete;
  RecordWriter& operator=(const RecordWriter&) = delete;

  void append(const Record& record) {
    buffer_.push_back(record);
    if (buffer_.size() == buffer_.capacity()) flush();
  }
  void append(const Record* records, std::size_t count) {
    flush();
    write(records, count);
  }
  // Writes what is buffered and closes the file. REQUIRES: called once, after the last append.
  void close() {
    flush();
    const int closed = std::fclose(file_);
    file_ = nullptr;
    if (closed != 0) throw Error(path_ + ": cannot write: " + std::strerror(errno));
  }
  std::uint64_t records() const { return written_ + buffer_.size(); }
  const std::string& path() const { return path_; }

 private:
  void flush() {
    write(buffer_.data(), buffer_.size());
    buffer_.clear();
  }
  void write(const Record* records, std::size_t count) {
    if (count == 0) return;
    if (std::fwrite(records, sizeof(Record), count, file_) != count) {
      throw Error(path_ + ": cannot write: " + std::strerror(errno));
    }
    written_ += count;
  }
  std::string path_;
  std::FILE* file_ = nullptr;
  std::vector<Record> buffer_;
  std::uint64_t written_ = 0;
};

template <typename Record>
class RecordReader {
  static_assert(std::is_trivially_copyable_v<Record>);

 public:
  RecordReader(std::string path, std::size_t buffer_records) : path_(std::move(path)) {
    buffer_.resize(std::max<std::size_t>(1, buffer_records));
    file_ = std::fopen(path_.c_str(), "rb");
    if (!file_) throw Error(path_ + ": cannot open: " + std::strerror(errno));
  }
  ~RecordReader() {
    if (file_) std::fclose(file_);
  }
  RecordReader(const RecordReader&) = delete;
  RecordReader& operator=(const RecordReader&) = delete;

  // The next record, or nullptr at the end of the file. The pointer is valid until the next call.
  const Record* next() {
    if (at_ == filled_ && !refill()) return nullptr;
    return &buffer_[at_++];
  }
  // Reads up to `count` records into `out`; returns how many (0 at the end).
  std::size_t read(Record* out, std::size_t count) {
    std::size_t got = 0;
    while (got < count) {
      if (at_ == filled_ && !refill()) break;
      const std::size_t take = std::min(count - got, filled_ - at_);
      std::memcpy(static_cast<void*>(out + got), &buffer_[at_], take * sizeof(Record));
      at_ += take;
      got += take;
    }
    return got;
  }

 private:
  bool refill() {
    filled_ = std::fread(buffer_.data(), sizeof(Record), buffer_.size(), file_);
    at_ = 0;
    if (filled_ == 0 && std::ferror(file_)) throw Error(path_ + ": cannot read: " + std::strerror(errno));
    if (filled_ == 0) {
      // A record cut short means a damaged scratch file, not the end.
      if (std::ftell(file_) % static_cast<long>(sizeof(Record)) != 0) throw Error(path_ + ": truncated record");
      return false;
    }
    return true;
  }
  std::string path_;
  std::FILE* file_ = nullptr;
  std::vector<Record> buffer_;
  std::size_t at_ = 0;
  std::size_t filled_ = 0;
};

}  // namespace winnow::dedup::staged
