// What the filter benchmarks share: a corpus's texts in memory, and the clock they are timed by.
#pragma once

#include <simdjson.h>

#include <ctime>
#include <fstream>
#include <string>
#include <vector>

namespace winnow::bench {

// CPU time of this thread: on a machine shared with other jobs, wall time measures the neighbours too.
inline double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

struct BenchCorpus {
  std::vector<std::string> texts;
  std::size_t bytes = 0;  // of the texts
};

// The "text" member of every JSONL line of `path`; lines without one (or not JSON) are skipped.
inline BenchCorpus read_bench_corpus(const char* path) {
  BenchCorpus corpus;
  simdjson::dom::parser parser;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    simdjson::dom::element record;
    std::string_view text;
    if (parser.parse(line).get(record) || record["text"].get_string().get(text)) continue;
    corpus.texts.emplace_back(text);
    corpus.bytes += text.size();
  }
  return corpus;
}

}  // namespace winnow::bench
