// cjk_bench: single-thread throughput of CJK word segmentation and of the filters on a CJK corpus.
//
// Usage: cjk_bench CORPUS.jsonl [ROUNDS [ONLY]]. First counts the documents where split_icu_words' words
// differ from ICU's BreakIterator's (must be 0). ONLY runs just the setup of that name and skips the count
// (for perf).
// Reads {"text": ...} lines into memory; each setup runs over every
// document once per round, the setups interleaved round by round (so machine noise spreads over all of them),
// and prints MB/s of text per second of this thread's CPU time. The filter setups call every filter on every
// document (no early exit), the cost a kept document pays, as filters_bench does; a fresh Document per
// document, so each setup pays for its own word split.
#include <simdjson.h>

#include <ctime>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "filters/cjk_opencc.h"
#include "filters/cjk_words.h"
#include "filters/filter_factory.h"
#include "filters/words.h"

using namespace winnow;
using namespace winnow::filters;

namespace {
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

std::vector<std::unique_ptr<Filter>> filters_of(const std::string& yaml) {
  return make_filters(parse_config("filters:\n" + yaml, "cjk_bench"));
}

constexpr const char* kWordFamilies =
    "  gopher_quality: {}\n  gopher_repetition: {}\n  fineweb_quality: {}\n  c4_quality: {}\n";
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: cjk_bench CORPUS.jsonl [ROUNDS]\n");
    return 2;
  }
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  std::vector<std::string> texts;
  std::size_t bytes = 0;
  simdjson::dom::parser parser;
  std::ifstream in(argv[1]);
  for (std::string line; std::getline(in, line);) {
    std::string_view text;
    if (parser.parse(line)["text"].get_string().get(text)) continue;
    texts.emplace_back(text);
    bytes += text.size();
  }
  struct Setup {
    std::string name;
    std::function<void(const std::string&)> run;
    double cpu = 0;
  };
  std::vector<Setup> setups;
  Words words;
  setups.push_back({"split: nltk", [&](const std::string& t) { words.split(t); }});
  setups.push_back({"split: icu", [&](const std::string& t) { split_icu_words(t, words); }});
  setups.push_back({"split: icu BreakIterator",
                    [&](const std::string& t) { split_icu_words_with_break_iterator(t, words); }});
  std::vector<std::pair<std::string, std::vector<std::unique_ptr<Filter>>>> configs;
  configs.emplace_back("cjk_quality (defaults)", filters_of("  cjk_quality: {}\n"));
  configs.emplace_back("cjk_quality + traditional", filters_of("  cjk_quality: {max_traditional_char_ratio: 0.5}\n"));
  configs.emplace_back("t2s_formatter", filters_of("  t2s_formatter: {}\n"));
  configs.emplace_back("4 word families, nltk", filters_of(kWordFamilies));
  configs.emplace_back("4 word families, auto", filters_of(std::string("  word_split: auto\n") + kWordFamilies));
  configs.emplace_back("4 word families, icu", filters_of(std::string("  word_split: icu\n") + kWordFamilies));
  configs.emplace_back("4 families + cjk_quality, icu",
                       filters_of(std::string("  word_split: icu\n") + kWordFamilies + "  cjk_quality: {}\n"));
  configs.emplace_back("4 families + cjk_quality, auto",
                       filters_of(std::string("  word_split: auto\n") + kWordFamilies + "  cjk_quality: {}\n"));
  for (auto& [name, filters] : configs) {
    setups.push_back({name, [&filters = filters](const std::string& t) {
                        Document doc;
                        doc.text = t;
                        for (const auto& f : filters) f->keep(doc);
                      }});
  }
  std::printf("corpus %s: %zu documents, %.1f MB of text, %d rounds\n", argv[1], texts.size(), bytes / 1e6, rounds);
  {
    // The dictionary and the character classes load on first use: once per process, outside the timing.
    const double start = thread_cpu_seconds();
    split_icu_words("中文", words);
    std::printf("split: icu loads its tables in %.0f ms of CPU\n", (thread_cpu_seconds() - start) * 1e3);
  }
  if (argc <= 3) {
    // Exactness first: documents whose split_icu_words differ from ICU's BreakIterator over the whole text.
    std::size_t differing = 0;
    Words reference;
    const auto same_words = [](const Words& a, const Words& b) {
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i]) return false;
      }
      return true;
    };
    const auto show = [](const char* label, const Words& w, std::size_t from, std::size_t to) {
      std::printf("%s", label);
      for (std::size_t k = from; k < to && k < w.size(); ++k) std::printf(" [%.*s]", (int)w[k].size(), w[k].data());
      std::printf("\n");
    };
    for (const std::string& t : texts) {
      split_icu_words(t, words);
      split_icu_words_with_break_iterator(t, reference);
      if (same_words(words, reference)) continue;
      if (++differing <= 3) {  // the first three, around the first word that differs
        std::size_t i = 0;
        while (i < words.size() && i < reference.size() && words[i] == reference[i]) ++i;
        std::printf("differs at word %zu\n", i);
        show("  split_icu_words:", words, i > 3 ? i - 3 : 0, i + 4);
        show("  BreakIterator:  ", reference, i > 3 ? i - 3 : 0, i + 4);
      }
    }
    std::printf("split: icu differs from the BreakIterator in %zu of %zu documents\n", differing, texts.size());
  }
  if (argc > 3) {
    const std::string only = argv[3];
    std::erase_if(setups, [&](const Setup& s) { return s.name != only; });
  }
  for (int r = 0; r < rounds; ++r) {
    for (Setup& s : setups) {
      const double start = thread_cpu_seconds();
      for (const std::string& t : texts) s.run(t);
      s.cpu += thread_cpu_seconds() - start;
    }
  }
  for (const Setup& s : setups) std::printf("%-34s %8.1f MB/s\n", s.name.c_str(), bytes * rounds / 1e6 / s.cpu);
  return 0;
}
