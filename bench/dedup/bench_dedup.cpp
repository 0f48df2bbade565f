// Dedup micro-benchmarks, one thread each, timed in thread CPU seconds (bench/dedup/run drives this and writes the table into
// docs/DEDUP.md by hand):
//   signatures  MB/s of document text through normalization, shingling and MinHash (prepare()), per mode
//   index       documents/s through check() on prepared documents, and index bytes per kept document
//   saved index the same index saved (--save-index) and loaded (--against-index): seconds (thread CPU and
//               wall), bytes on disk and bytes in memory per indexed document
//
// usage: bench_dedup CORPUS.jsonl[.zst]... [--index-documents N]
// The corpus is read once into memory (zstd via the zstd CLI; plain JSONL otherwise); only "id" and "text"
// are used. The index benchmark uses N synthetic documents with random signatures (default 2,000,000), all
// distinct, so that every one is kept: the worst case for memory.
#include <simdjson.h>

#include <time.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "dedup/dedup_config.h"
#include "dedup/index_file.h"
#include "dedup/minhash_deduplicator.h"

namespace {

// CPU time of this thread, not wall time: the benchmark machine is shared, and time spent descheduled is
// not the code's cost.
struct Clock {
  using time_point = double;
  static double now() {
    timespec spec{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec);
    return static_cast<double>(spec.tv_sec) + static_cast<double>(spec.tv_nsec) * 1e-9;
  }
};
using namespace winnow;

std::string read_all(const std::string& path) {
  const bool zst = path.size() > 4 && path.compare(path.size() - 4, 4, ".zst") == 0;
  const std::string command = (zst ? "zstd -dc '" : "cat '") + path + "'";
  std::string bytes;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return bytes;
  char buffer[1 << 16];
  for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) bytes.append(buffer, got);
  ::pclose(pipe);
  return bytes;
}

struct Corpus {
  std::vector<std::string> ids;
  std::vector<std::string> texts;
  std::size_t bytes = 0;
};

Corpus load(const std::vector<std::string>& paths) {
  Corpus corpus;
  simdjson::dom::parser parser;
  for (const std::string& path : paths) {
    const std::string all = read_all(path);
    std::size_t start = 0;
    while (start < all.size()) {
      std::size_t end = all.find('\n', start);
      if (end == std::string::npos) end = all.size();
      simdjson::dom::element record;
      std::string_view id, text;
      if (parser.parse(all.data() + start, end - start).get(record) == simdjson::SUCCESS &&
          record["id"].get(id) == simdjson::SUCCESS && record["text"].get(text) == simdjson::SUCCESS) {
        corpus.ids.emplace_back(id);
        corpus.texts.emplace_back(text);
        corpus.bytes += text.size();
      }
      start = end + 1;
    }
  }
  return corpus;
}

double seconds_since(Clock::time_point start) { return Clock::now() - start; }

void bench_signatures(const Corpus& corpus, dedup::WordMode mode, const char* name) {
  dedup::DedupConfig config;
  config.exact = false;
  config.minhash.mode = mode;
  dedup::MinHashDeduplicator dedup(config);
  Document doc;
  double best = 1e300;
  for (int run = 0; run < 3; ++run) {
    const auto start = Clock::now();
    for (std::size_t i = 0; i < corpus.texts.size(); ++i) {
      doc.reset("{}", "bench", i + 1);
      doc.text = corpus.texts[i];
      dedup.prepare(doc);
    }
    best = std::min(best, seconds_since(start));
  }
  std::printf("signatures mode=%s documents=%zu text_mb=%.1f seconds=%.3f mb_per_s=%.1f\n", name,
              corpus.texts.size(), corpus.bytes / 1e6, best, corpus.bytes / 1e6 / best);
}

void bench_saved_index(dedup::MinHashDeduplicator& dedup, const dedup::DedupConfig& config, std::size_t documents) {
  namespace fs = std::filesystem;
  const fs::path folder = fs::temp_directory_path() / ("bench_dedup_index." + std::to_string(::getpid()));
  const std::string index = (folder / "index").string();
  fs::create_directories(folder);
  auto wall = [] { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); };
  // finish() saves the index into config.save_index (and writes the report: a small, fixed share of the time).
  const double save_cpu = Clock::now();
  const double save_wall = wall();
  dedup.finish(folder.string());
  const double save_cpu_seconds = Clock::now() - save_cpu;
  const double save_wall_seconds = wall() - save_wall;
  std::uintmax_t disk = 0;
  for (const auto& entry : fs::directory_iterator(index)) disk += entry.file_size();
  const double load_cpu = Clock::now();
  const double load_wall = wall();
  const dedup::LoadedIndex loaded(index, config);
  const double load_cpu_seconds = Clock::now() - load_cpu;
  const double load_wall_seconds = wall() - load_wall;
  std::printf("saved_index documents=%u save_cpu_s=%.3f save_wall_s=%.3f load_cpu_s=%.3f load_wall_s=%.3f "
              "disk_bytes_per_document=%.1f loaded_bytes_per_document=%.1f\n",
              loaded.documents(), save_cpu_seconds, save_wall_seconds, load_cpu_seconds, load_wall_seconds,
              static_cast<double>(disk) / documents, static_cast<double>(loaded.memory_bytes()) / documents);
  fs::remove_all(folder);
}

void bench_index(std::size_t documents) {
  dedup::DedupConfig config;
  config.save_index = (std::filesystem::temp_directory_path() /
                       ("bench_dedup_index." + std::to_string(::getpid())) / "index").string();
  dedup::MinHashDeduplicator dedup(config);
  std::mt19937_64 random(1);
  // Prepared signatures as prepare() leaves them: a 6-word header (flags: exact + bands) then 14 band keys.
  std::vector<std::vector<std::uint64_t>> signatures(1 << 16);
  Document doc;
  std::string id;
  double check_seconds = 0;
  for (std::size_t done = 0; done < documents;) {
    const std::size_t chunk = std::min(signatures.size(), documents - done);
    for (std::size_t i = 0; i < chunk; ++i) {
      auto& signature = signatures[i];
      signature.assign(6, 0);
      signature[0] = 1 | 4;
      signature[2] = random();
      signature[3] = random();
      for (int band = 0; band < 14; ++band) signature.push_back(random());
    }
    const auto start = Clock::now();
    for (std::size_t i = 0; i < chunk; ++i) {
      id = "doc-" + std::to_string(done + i);
      doc.reset("{}", "bench", done + i + 1);
      doc.id = id;
      doc.signature.swap(signatures[i]);
      dedup.check(doc);
      doc.signature.swap(signatures[i]);
    }
    check_seconds += seconds_since(start);
    done += chunk;
  }
  std::printf("index documents=%zu seconds=%.3f documents_per_s=%.0f index_bytes_per_document=%.1f "
              "document_bytes_per_document=%.1f\n",
              documents, check_seconds, documents / check_seconds,
              static_cast<double>(dedup.index_memory_bytes()) / documents,
              static_cast<double>(dedup.document_memory_bytes()) / documents);
  bench_saved_index(dedup, config, documents);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> paths;
  std::size_t index_documents = 2000000;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--index-documents" && i + 1 < argc) {
      index_documents = std::stoull(argv[++i]);
    } else {
      paths.push_back(arg);
    }
  }
  if (!paths.empty()) {
    const Corpus corpus = load(paths);
    bench_signatures(corpus, dedup::WordMode::datatrove, "datatrove");
    bench_signatures(corpus, dedup::WordMode::fast, "fast");
  }
  if (index_documents > 0) bench_index(index_documents);
  return 0;
}
