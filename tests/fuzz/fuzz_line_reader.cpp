// The input side: any bytes, as a file of any encoding (the content picks zstd, gzip or plain), cut into
// lines. Properties: never crashes, never loops, memory bounded by the options; line sizes respect the limit.
#include <cstdlib>

#include "fuzz_input.h"
#include "src/io/byte_source.h"
#include "src/io/line_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  winnow::fuzz::MemoryFile file(data, size);
  winnow::LineReaderOptions options;
  options.batch_bytes = 4096;
  options.max_line_bytes = 2048;
  options.reject_prefix_bytes = 64;
  options.max_decoded_bytes = std::size_t{64} << 20;  // a tiny bomb must not stall the fuzzer
  winnow::LineReader reader(winnow::open_byte_source(file.path()), options);
  winnow::LineBatch batch;
  while (reader.next(batch)) {
    for (const auto& line : batch.lines) {
      if (line.problem == winnow::LineProblem::none && line.size > options.max_line_bytes) std::abort();
      if (line.problem == winnow::LineProblem::too_long && line.size > options.reject_prefix_bytes) std::abort();
      if (line.offset + line.size + winnow::kParsePadding > batch.bytes.size()) std::abort();
    }
  }
  return 0;
}
