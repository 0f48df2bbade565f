// DIR/report.html: the dedup report (dedup/dedup_report.h has the numbers) as one self-contained page.
//
// Promises: one file with inline CSS and inline SVG plots drawn here; no script, no external resource (no
// link, img, font or fetch), so it opens offline and in any browser. Every piece of document text and every id
// goes through html_escape(). Sections, in order, each an <h2> with an id: summary (per-source documents and
// bytes in/out, removed by reason, plot-removed), clusters (the cluster-size histogram, log-log,
// plot-cluster-sizes, and the largest clusters with a text sample each), matrix (which input's documents
// duplicated which input's), s-curve (1-(1-s^r)^b for the b x r used, plot-s-curve), pairs (sampled
// near-duplicate pairs per estimated-similarity bin with a word-level diff), time.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dedup/dedup_report.h"

namespace winnow::dedup {

// Text for HTML element content and quoted attribute values: & < > " ' become character references; bytes
// that are not valid UTF-8 and control characters other than tab, newline and carriage return (C0, DEL, C1:
// parse errors in HTML) become U+FFFD. The result is valid UTF-8.
std::string html_escape(std::string_view text);

// One step of a word-level diff from `before` to `after`.
struct DiffWord {
  enum Kind { same, removed, added } kind;
  std::string_view word;
};
// Longest-common-subsequence diff of the whitespace-separated words (O(n*m): meant for short samples).
std::vector<DiffWord> word_diff(std::string_view before, std::string_view after);

std::string render_report_html(const DedupReport& report);

}  // namespace winnow::dedup
