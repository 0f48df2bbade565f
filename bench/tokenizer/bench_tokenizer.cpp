// Single-thread encoding throughput of winnow_tokenizer.
//
// Usage: bench_tokenizer ENCODING DOCS_FILE [REPEATS] [--variants]
//   DOCS_FILE: UTF-8 documents separated by NUL bytes (bench/tokenizer/run writes it).
// Encodes every document with encode_ordinary, REPEATS times (default 5), and prints one line:
//   ENCODING bytes=B tokens=T best_seconds=S mb_per_s=M
// With --variants it measures two loads of the encoding side by side, repeats interleaved, and
// prints one line per variant with variant=cache / variant=nocache (LoadOptions::piece_cache).
// (MB = 10^6 bytes of input; seconds are the encoding thread's CPU time, best of the repeats, so
// page faults, warm-up and time descheduled on a busy machine do not count.)
//
// Each repeat runs in a new thread, so per-thread state (the PieceCache) starts empty every time:
// a figure never includes what an earlier pass over the same input left behind.
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tokenizer/encoding.h"
#include "tokenizer/rank_file.h"

namespace {

using namespace winnow::tokenizer;

struct Variant {
  const char* label;
  Encoding encoding;
  double best = 1e300;
  std::size_t tokens = 0;
};

// CPU time of the calling thread: on a shared machine, time the thread spent descheduled while
// others ran does not count (wall-clock best-of-N swung by 1.5x under load average ~6 on 2 cores).
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

void run_once(Variant& v, const std::vector<std::string_view>& docs) {
  std::thread worker([&] {
    std::vector<std::uint32_t> ids;
    std::size_t tokens = 0;
    const double start = thread_cpu_seconds();
    for (auto d : docs) {
      ids.clear();
      v.encoding.encode_ordinary(d, ids);
      tokens += ids.size();
    }
    const double seconds = thread_cpu_seconds() - start;
    v.best = std::min(v.best, seconds);
    v.tokens = tokens;
  });
  worker.join();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s ENCODING DOCS_FILE [REPEATS] [--variants]\n", argv[0]);
    return 2;
  }
  try {
    const bool variants = argc > 4 && std::strcmp(argv[4], "--variants") == 0;
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
    std::vector<Variant> measured;
    measured.push_back({variants ? "cache" : "", Encoding::load(argv[1], default_data_dir())});
    if (variants) {
      LoadOptions no_cache;
      no_cache.piece_cache = false;
      measured.push_back({"nocache", Encoding::load(argv[1], default_data_dir(), no_cache)});
    }
    for (int r = 0; r < repeats; ++r) {
      for (auto& v : measured) run_once(v, docs);
    }
    for (const auto& v : measured) {
      std::printf("%s%s%s bytes=%zu tokens=%zu best_seconds=%.4f mb_per_s=%.2f\n", v.encoding.name().c_str(),
                  *v.label ? " variant=" : "", v.label, bytes, v.tokens, v.best, bytes / v.best / 1e6);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_tokenizer: %s\n", e.what());
    return 1;
  }
}
