// A token part file: the tokenizer's output of one run task (`winnow run --task I --tasks N`), which cannot
// write the final shards because shards span the inputs of several tasks. `winnow run --finish` feeds the
// parts' documents, in task order, to the real shard writers (megatron_writer.h, llmc_writer.h), so the shards
// are byte-identical to one run's and nothing is tokenized twice.
//
// Layout (little endian, as the shards):
//   offset  size   field
//   0       8      magic "WNTPART1"
//   8       ...    per document, in the order the sink consumed them: uint32 N, then N uint32 token ids
//                  (the ids exactly as the sink prepared them, end-of-text token included)
//   end-8   8      uint64 number of documents (a part cut short has no valid trailer and is refused)
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "src/io/atomic_file.h"

namespace winnow::tokenizer {

inline constexpr char kTokenPartMagic[8] = {'W', 'N', 'T', 'P', 'A', 'R', 'T', '1'};

// Writes a part atomically (AtomicFile: under a temporary name until finish()).
class TokenPartWriter {
 public:
  explicit TokenPartWriter(const std::string& path);
  void add_document(const std::vector<std::uint32_t>& tokens);
  void finish();  // writes the trailer and renames the file into place
  std::uint64_t documents() const { return documents_; }

 private:
  AtomicFile file_;
  std::string buffer_;
  std::uint64_t documents_ = 0;
};

// Reads a part written by TokenPartWriter, document by document. Throws Error for a damaged part.
class TokenPartReader {
 public:
  explicit TokenPartReader(const std::string& path);
  ~TokenPartReader();
  TokenPartReader(const TokenPartReader&) = delete;
  TokenPartReader& operator=(const TokenPartReader&) = delete;
  // The next document's tokens into `tokens`; false after the last.
  bool next(std::vector<std::uint32_t>& tokens);
  std::uint64_t documents() const { return documents_; }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  std::uint64_t documents_ = 0;  // from the trailer
  std::uint64_t read_ = 0;
};

}  // namespace winnow::tokenizer
