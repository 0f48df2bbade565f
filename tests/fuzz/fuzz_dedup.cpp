// The deduplicator on arbitrary texts: normalization, shingling (word and CJK character n-grams), MinHash in
// both modes, the LSH index. Each input is split at 0xFF bytes (invalid UTF-8, so U+FFFD) into documents checked in order. Property: no
// crash; a document identical to an earlier one is never kept. The text is made valid UTF-8 first, as the
// parser guarantees for every Document (see fuzz_input.h).
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "dedup/dedup_factory.h"
#include "fuzz_input.h"
#include "src/config/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const winnow::Config datatrove = winnow::parse_config("dedup:\n  mode: datatrove\n", "fuzz.yaml");
  static const winnow::Config fast = winnow::parse_config("dedup:\n  mode: fast\n", "fuzz.yaml");
  auto deduplicator = winnow::make_deduplicator(data[0] % 2 == 0 ? datatrove : fast);
  const std::string input = winnow::fuzz::as_valid_utf8(data + 1, size - 1);
  std::set<std::string> kept_texts;
  std::size_t start = 0;
  for (int index = 0; start <= input.size() && index < 64; ++index) {
    // U+FFFD (what a 0xFF byte became) separates documents.
    std::size_t end = input.find("\xEF\xBF\xBD", start);
    if (end == std::string::npos) end = input.size();
    winnow::Document doc;
    const std::string record = "{}";
    doc.reset(record, "fuzz", static_cast<std::uint64_t>(index) + 1);
    doc.id = "doc-" + std::to_string(index);
    doc.text = input.substr(start, end - start);
    deduplicator->prepare(doc);
    const winnow::Verdict verdict = deduplicator->check(doc);
    if (verdict.kept) {
      if (kept_texts.count(doc.text) > 0) std::abort();  // an exact duplicate slipped through
      kept_texts.insert(doc.text);
    }
    start = end + 3;
  }
  return 0;
}
