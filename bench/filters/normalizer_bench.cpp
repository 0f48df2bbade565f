// normalizer_bench: single-thread throughput of unicode_normalizer (filters/unicode_normalizer.h).
//
// Usage: normalizer_bench CORPUS.jsonl [REPEATS]. Reads the "text" of each line into memory, then for each form
// measures MB/s (10^6 text bytes per second of this thread's CPU time) of three ways to get normalized text:
//   check+rewrite  winnow's normalize_unicode: ASCII skip and ICU's quick check, a rewrite only when needed
//   always-ICU     ICU's normalizeUTF8 on every text (what the fast path saves)
//   denormalized   normalize_unicode on the same texts first put into the opposite form (NFD for NFC/NFKC,
//                  NFC for NFD/NFKD), so that most non-ASCII text must be rewritten: the slow path's cost
// and how many texts each way changed.
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <cstdio>
#include <string>
#include <vector>

#include "bench/filters/bench_corpus.h"
#include "filters/unicode_normalizer.h"

using namespace winnow::filters;
using winnow::bench::thread_cpu_seconds;

namespace {
const icu::Normalizer2& icu_for(NormalizationForm form) {
  UErrorCode s = U_ZERO_ERROR;
  switch (form) {
    case NormalizationForm::nfc: return *icu::Normalizer2::getNFCInstance(s);
    case NormalizationForm::nfkc: return *icu::Normalizer2::getNFKCInstance(s);
    case NormalizationForm::nfd: return *icu::Normalizer2::getNFDInstance(s);
    case NormalizationForm::nfkd: return *icu::Normalizer2::getNFKDInstance(s);
  }
  return *icu::Normalizer2::getNFCInstance(s);
}

std::string icu_normalize(const icu::Normalizer2& n, const std::string& text) {
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  UErrorCode s = U_ZERO_ERROR;
  n.normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), sink, nullptr, s);
  return out;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: normalizer_bench CORPUS.jsonl [REPEATS]\n");
    return 2;
  }
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
  const auto [texts, text_bytes] = winnow::bench::read_bench_corpus(argv[1]);
  const auto bytes = static_cast<double>(text_bytes);
  std::printf("%zu texts, %.1f MB, %d repeats\n", texts.size(), bytes / 1e6, repeats);
  std::printf("%-5s %16s %16s %16s\n", "form", "check+rewrite", "always-ICU", "denormalized");
  for (const NormalizationForm form :
       {NormalizationForm::nfc, NormalizationForm::nfkc, NormalizationForm::nfd, NormalizationForm::nfkd}) {
    const bool composing = form == NormalizationForm::nfc || form == NormalizationForm::nfkc;
    const icu::Normalizer2& opposite = icu_for(composing ? NormalizationForm::nfd : NormalizationForm::nfc);
    std::vector<std::string> denormalized;
    for (const std::string& t : texts) denormalized.push_back(icu_normalize(opposite, t));
    std::string out;
    std::size_t changed[3] = {0, 0, 0};
    double seconds[3] = {0, 0, 0};
    for (int r = 0; r < repeats; ++r) {  // interleaved, so machine noise hits all three alike
      double start = thread_cpu_seconds();
      for (const std::string& t : texts) changed[0] += normalize_unicode(t, form, out);
      seconds[0] += thread_cpu_seconds() - start;
      start = thread_cpu_seconds();
      for (const std::string& t : texts) changed[1] += icu_normalize(icu_for(form), t) != t;
      seconds[1] += thread_cpu_seconds() - start;
      start = thread_cpu_seconds();
      for (const std::string& t : denormalized) changed[2] += normalize_unicode(t, form, out);
      seconds[2] += thread_cpu_seconds() - start;
    }
    std::printf("%-5s", std::string(form_name(form)).c_str());
    for (int k = 0; k < 3; ++k) {
      std::printf(" %8.0f MB/s %5zu", bytes * repeats / 1e6 / seconds[k], changed[k] / static_cast<std::size_t>(repeats));
    }
    std::printf("\n");
  }
  return 0;
}
