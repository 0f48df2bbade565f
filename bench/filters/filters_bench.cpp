// filters_bench: single-thread throughput of each filter family alone and of all four together.
//
// Usage: filters_bench CORPUS.jsonl [REPEATS] [SETUP]. Reads {"text": ...} lines into memory, then for each
// configuration runs the filters over every document REPEATS times and prints MB/s of text (10^6 bytes of the
// text field per second of this thread's CPU time, so other jobs on the machine do not count; wall-clock MB/s
// follows in parentheses). Each family alone pays for its own word split (a fresh Document per run);
// "all four" shows what sharing the split saves. SETUP runs only the setup of that name (for perf record).
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/filters/bench_corpus.h"
#include "filters/c4_quality.h"
#include "filters/fineweb_quality.h"
#include "filters/gopher_quality.h"
#include "filters/gopher_repetition.h"

using namespace winnow;
using namespace winnow::filters;
using winnow::bench::thread_cpu_seconds;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: filters_bench CORPUS.jsonl [REPEATS] [SETUP]\n");
    return 2;
  }
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
  const std::string only = argc > 3 ? argv[3] : "";
  const auto [texts, bytes] = bench::read_bench_corpus(argv[1]);
  struct Setup {
    const char* name;
    std::vector<std::unique_ptr<Filter>> filters;
  };
  std::vector<Setup> setups;
  auto one = [](std::unique_ptr<Filter> f) {
    std::vector<std::unique_ptr<Filter>> v;
    v.push_back(std::move(f));
    return v;
  };
  setups.push_back({"gopher_quality", one(make_gopher_quality_filter({}))});
  setups.push_back({"gopher_repetition", one(make_gopher_repetition_filter({}))});
  setups.push_back({"c4_quality", one(make_c4_quality_filter({}))});
  setups.push_back({"fineweb_quality", one(make_fineweb_quality_filter({}))});
  std::vector<std::unique_ptr<Filter>> all;
  // All four on every document (no early exit between families), the cost a kept document pays.
  all.push_back(make_gopher_quality_filter({}));
  all.push_back(make_gopher_repetition_filter({}));
  all.push_back(make_fineweb_quality_filter({}));
  all.push_back(make_c4_quality_filter({}));
  setups.push_back({"all four", std::move(all)});
  std::printf("corpus %s: %zu documents, %.1f MB of text\n", argv[1], texts.size(), bytes / 1e6);
  for (Setup& s : setups) {
    if (!only.empty() && only != s.name) continue;
    std::size_t kept = 0;
    const double cpu_start = thread_cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < repeats; ++r) {
      for (const std::string& text : texts) {
        Document doc;
        doc.text = text;
        bool ok = true;
        for (const auto& f : s.filters) ok &= f->keep(doc).kept;
        kept += ok;
      }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu_seconds = thread_cpu_seconds() - cpu_start;
    std::printf("%-18s %8.1f MB/s  (wall: %.1f MB/s; kept %zu of %zu)\n", s.name,
                bytes * repeats / 1e6 / cpu_seconds, bytes * repeats / 1e6 / seconds, kept / repeats, texts.size());
  }
  return 0;
}
