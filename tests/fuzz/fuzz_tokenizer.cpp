// The tokenizer on arbitrary bytes, for each encoding: pre-tokenizer and BPE merge. Property: decoding the ids
// gives back the exact bytes (also for invalid UTF-8), and every id is in the vocabulary.
#include <cstdlib>
#include <memory>
#include <string_view>

#include "tokenizer/encoding.h"

namespace {
std::unique_ptr<winnow::tokenizer::Encoding> encodings[3];
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* names[] = {"r50k_base", "cl100k_base", "o200k_base"};
  for (int i = 0; i < 3; ++i) {
    encodings[i] = std::make_unique<winnow::tokenizer::Encoding>(
        winnow::tokenizer::Encoding::load(names[i], winnow::tokenizer::default_data_dir()));
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& encoding = *encodings[data[0] % 3];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto ids = encoding.encode_ordinary(text);
  for (auto id : ids) {
    if (id >= encoding.n_vocab()) std::abort();
  }
  if (encoding.decode(ids) != text) std::abort();
  return 0;
}
