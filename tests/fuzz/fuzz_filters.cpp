// Every filter family on arbitrary text, built through the config as a user would: word splitting, Punkt,
// Treebank rules, the Gopher / C4 / FineWeb signals (counted into histograms), the formatters (NFKC included)
// and bad-word matching. Property: no crash, no hang, a dropped document always names its reason, and the text
// stays valid UTF-8. The text is made valid UTF-8 first, as the parser guarantees for every Document (see
// fuzz_input.h).
#include <cstdlib>
#include <memory>
#include <vector>

#include "filters/filter_factory.h"
#include "fuzz_input.h"
#include "src/config/config.h"
#include "src/records/json_text.h"

namespace {
std::vector<std::unique_ptr<winnow::Filter>> filters;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const winnow::Config config = winnow::parse_config(
      "filters:\n"
      "  signal_histograms: true\n"
      "  unicode_normalizer: {form: NFKC}\n"
      "  pii_formatter: {}\n"
      "  control_chars_formatter: {}\n"
      "  symbol_lines_formatter: {}\n"
      "  gopher_repetition: {}\n"
      "  gopher_quality: {}\n"
      "  c4_quality: {preset: datatrove}\n"
      "  fineweb_quality: {}\n",
      "fuzz.yaml");
  filters = winnow::make_filters(config);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  winnow::Document doc;
  const std::string record = "{}";
  doc.reset(record, "fuzz", 1);
  doc.text = winnow::fuzz::as_valid_utf8(data, size);
  for (const auto& filter : filters) {
    const winnow::Verdict verdict = filter->keep(doc);
    if (!verdict.kept) {
      if (verdict.reason.empty()) std::abort();
      break;
    }
  }
  if (!winnow::is_valid_utf8(doc.text)) std::abort();  // the formatters (NFKC included) keep the contract
  return 0;
}
