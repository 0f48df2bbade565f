#include <doctest/doctest.h>

#include <time.h>

#include <random>

#include "tokenizer/bpe.h"
#include "tokenizer_test_support.h"

using namespace winnow::tokenizer;
using namespace winnow::tokenizer::testing;

TEST_CASE("linear and heap merges agree") {
  const Encoding& enc = test_encoding("cl100k_base");
  std::mt19937_64 rng(1234);
  const std::string alphabet = "aaaabbbcdeeeeefghiiiilmnoooprssstttuu  ..,''\n\xC3\xA9\xE4\xB8\xAD";
  for (int i = 0; i < 3000; ++i) {
    std::string piece;
    const std::size_t len = 1 + rng() % 300;  // crosses kHeapMergeThreshold
    for (std::size_t k = 0; k < len; ++k) piece += alphabet[rng() % alphabet.size()];
    std::vector<std::uint32_t> a, b;
    bpe_merge_linear(enc.ranks(), piece, a);
    bpe_merge_heap(enc.ranks(), piece, b);
    REQUIRE_MESSAGE(a == b, "piece " << escape_for_message(piece));
    REQUIRE(enc.decode(a) == piece);
  }
}

// CPU time of this thread, not wall time: on the shared 2-core machine, under ctest -j2 and other
// builds, a 0.2 s encode once took 2.05 s of wall time. A quadratic merge would take minutes of CPU.
namespace {
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}
}  // namespace

TEST_CASE("a 1 MB run of one character encodes in well under 2 s of CPU time") {
  for (const char* name : {"cl100k_base", "o200k_base", "r50k_base"}) {
    const Encoding& enc = test_encoding(name);
    for (const std::string& unit : {std::string("a"), std::string("!"), std::string("\xC3\xA9")}) {
      std::string text;
      while (text.size() < (1u << 20)) text += unit;
      const double start = thread_cpu_seconds();
      const auto ids = enc.encode_ordinary(text);
      const double seconds = thread_cpu_seconds() - start;
      INFO(name << " " << escape_for_message(unit) << " x " << text.size() / unit.size());
      CHECK(seconds < 2.0);
      CHECK(enc.decode(ids) == text);
      CHECK(ids.size() < text.size());  // merging happened
    }
  }
}
