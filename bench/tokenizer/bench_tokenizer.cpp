// Single-thread encoding throughput of winnow_tokenizer.
//
// Usage: bench_tokenizer ENCODING DOCS_FILE [REPEATS]
//   DOCS_FILE: UTF-8 documents separated by NUL bytes (bench/tokenizer/run writes it).
// Encodes every document with encode_ordinary, REPEATS times (default 5), and prints one line:
//   ENCODING bytes=B tokens=T best_seconds=S mb_per_s=M
// (MB = 10^6 bytes of input; best of the repeats, so page faults and warm-up do not count).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/encoding.h"
#include "tokenizer/rank_file.h"

int main(int argc, char** argv) {
  using namespace winnow::tokenizer;
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s ENCODING DOCS_FILE [REPEATS]\n", argv[0]);
    return 2;
  }
  try {
    const Encoding enc = Encoding::load(argv[1], default_data_dir());
    const std::string data = read_whole_file(argv[2]);
    const int repeats = argc > 3 ? std::atoi(argv[3]) : 5;
    std::vector<std::string_view> docs;
    for (std::size_t p = 0; p < data.size();) {
      std::size_t e = data.find('\0', p);
      if (e == std::string::npos) e = data.size();
      if (e > p) docs.push_back(std::string_view(data).substr(p, e - p));
      p = e + 1;
    }
    std::size_t bytes = 0;
    for (auto d : docs) bytes += d.size();
    double best = 1e300;
    std::size_t tokens = 0;
    std::vector<std::uint32_t> ids;
    for (int r = 0; r < repeats; ++r) {
      tokens = 0;
      const auto start = std::chrono::steady_clock::now();
      for (auto d : docs) {
        ids.clear();
        enc.encode_ordinary(d, ids);
        tokens += ids.size();
      }
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::printf("%s bytes=%zu tokens=%zu best_seconds=%.4f mb_per_s=%.2f\n", enc.name().c_str(), bytes, tokens,
                best, bytes / best / 1e6);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_tokenizer: %s\n", e.what());
    return 1;
  }
}
