// filters_probe: prints what winnow's filters measure, for the Python reference to compare against.
//
// Reads JSON lines {"text": "..."} on stdin and writes one JSON line per document on stdout:
//   {"words": [...], "sentences": N, "signals": {filter: {...}}}
// Used by tests/conformance/check_conformance.py (run from ctest).
#include <simdjson.h>

#include <iostream>
#include <string>

#include "filters/punkt.h"
#include "filters/words.h"
#include "src/records/json_text.h"

int main() {
  using namespace winnow;
  simdjson::dom::parser parser;
  std::string line;
  filters::Words words;
  while (std::getline(std::cin, line)) {
    simdjson::dom::element doc;
    if (parser.parse(line).get(doc)) return 2;
    std::string_view text;
    if (doc["text"].get_string().get(text)) return 2;
    words.split(text);
    std::string out = "{\"words\":[";
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (i) out += ',';
      append_json_string(out, words[i]);
    }
    out += "],\"sentences\":";
    out += std::to_string(filters::english_punkt().count_sentences(text));
    out += "}";
    std::cout << out << '\n';
  }
  return 0;
}
