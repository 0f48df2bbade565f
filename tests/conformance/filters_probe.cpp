// filters_probe: prints what winnow's filters measure and decide, for the Python reference to compare against.
//
// Reads JSON lines {"text": "..."} on stdin and writes one JSON line per document on stdout, with the words,
// the Punkt sentence count, and for each filter family (default thresholds) its decision and signals.
// Used by tests/conformance/check_conformance.py (run from ctest).
#include <simdjson.h>

#include <iostream>
#include <string>

#include "filters/c4_quality.h"
#include "filters/fineweb_quality.h"
#include "filters/gopher_quality.h"
#include "filters/gopher_repetition.h"
#include "filters/punkt.h"
#include "filters/text_analysis.h"
#include "src/records/json_text.h"

namespace {
using namespace winnow;
using namespace winnow::filters;

std::string decision(const Verdict& v) { return v.kept ? "\"keep\"" : json_string(v.reason); }

}  // namespace

int main() {
  simdjson::dom::parser parser;
  std::string line;
  const GopherQualityConfig gq;
  const GopherRepetitionConfig gr;
  const C4QualityConfig c4;
  const FineWebQualityConfig fw;
  while (std::getline(std::cin, line)) {
    simdjson::dom::element element;
    std::string_view text;
    if (parser.parse(line).get(element) || element["text"].get_string().get(text)) return 2;
    Document doc;
    doc.text = std::string(text);
    const TextAnalysis& a = TextAnalysis::of(doc);
    const Words& words = a.words();
    JsonBuilder json;
    json.begin_object().begin_array("words");
    for (std::size_t i = 0; i < words.size(); ++i) json.value({}, words[i]);
    json.end_array();
    json.value("sentences", static_cast<std::uint64_t>(english_punkt().count_sentences(text)));

    const GopherQualitySignals q = measure_gopher_quality(a, gq);
    json.begin_object("gopher_quality").raw("decision", decision(decide_gopher_quality(q, gq)));
    json.value("non_symbol_words", static_cast<std::uint64_t>(q.non_symbol_words));
    json.value("mean_word_length", q.mean_word_length).value("alpha_words_ratio", q.alpha_words_ratio);
    json.value("stop_words", static_cast<std::uint64_t>(q.stop_words)).end_object();

    const GopherRepetitionSignals r = measure_gopher_repetition(a, gr);
    json.begin_object("gopher_repetition").raw("decision", decision(decide_gopher_repetition(r, gr)));
    json.value("dup_line_char_frac", r.dup_line_char_frac).value("dup_para_char_frac", r.dup_para_char_frac);
    for (std::size_t k = 0; k < gr.top_n_grams.size(); ++k) {
      json.value("top_" + std::to_string(gr.top_n_grams[k].first) + "_gram", r.top_n_gram_frac.at(k));
    }
    for (std::size_t k = 0; k < gr.dup_n_grams.size(); ++k) {
      json.value("duplicated_" + std::to_string(gr.dup_n_grams[k].first) + "_n_grams", r.dup_n_gram_frac.at(k));
    }
    json.end_object();

    const C4QualityResult c = apply_c4_quality(text, c4);
    json.begin_object("c4_quality").raw("decision", decision(c.verdict));
    json.value("sentences", static_cast<std::uint64_t>(c.sentences));
    json.value("text", c.verdict.kept ? std::string_view(c.text) : std::string_view()).end_object();

    const FineWebQualitySignals f = measure_fineweb_quality(a, true);
    json.begin_object("fineweb_quality").raw("decision", decision(decide_fineweb_quality(a, fw)));
    json.value("line_punct_ratio", f.line_punct_ratio).value("char_dup_ratio", f.char_dup_ratio);
    json.value("list_ratio", f.list_ratio).end_object();
    json.end_object();
    std::cout << json.str() << '\n';
  }
  return 0;
}
