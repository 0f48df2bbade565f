// `winnow inspect` on arbitrary bytes as a Megatron .idx/.bin pair or an llm.c shard. Property: it reports
// damage (returns 1) instead of crashing or reading out of bounds.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <sstream>
#include <string>

#include "tokenizer/encoding.h"
#include "tokenizer/inspect.h"

namespace {
std::unique_ptr<winnow::tokenizer::Encoding> encoding;
std::string directory;

void write(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return;
  std::fwrite(data, 1, size, file);
  std::fclose(file);
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  encoding = std::make_unique<winnow::tokenizer::Encoding>(
      winnow::tokenizer::Encoding::load("gpt2", winnow::tokenizer::default_data_dir()));
  char pattern[] = "/tmp/winnow-fuzz-shard-XXXXXX";
  directory = ::mkdtemp(pattern);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Bytes 0-3 (little-endian) say how many of the following bytes are the index; the rest is the data file.
  // All of it is also tried as one llm.c shard.
  write(directory + "/l.bin", data, size);
  if (size >= 4) {
    std::uint32_t index_size = data[0] | (data[1] << 8) | (data[2] << 16) | (std::uint32_t{data[3]} << 24);
    index_size %= static_cast<std::uint32_t>(size - 4 + 1);
    write(directory + "/m.idx", data + 4, index_size);
    write(directory + "/m.bin", data + 4 + index_size, size - 4 - index_size);
  }
  std::ostringstream out;
  winnow::tokenizer::inspect_shard(directory + "/m", out, *encoding, 2);
  winnow::tokenizer::inspect_shard(directory + "/l.bin", out, *encoding, 2);
  return 0;
}
