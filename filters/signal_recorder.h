// Signal histograms in stats.json: a wrapper around a quality family that counts every signal the family
// measures into fixed-bin histograms (filters/signal_histogram.h), written under the family's object in
// stats.json as "signal_histograms" and printed by `winnow stats DIR` (docs/FILTERS.md, "Signal histograms").
//
// The signals are observed where the family writes its annotations (filters/annotation.h, SignalCapture), so
// the families need no code of their own for it:
//   annotate_only: the family annotates anyway; the capture reads the same numbers (almost free).
//   drop mode:     a second instance of the family in annotate mode measures every signal (the document is
//                  not touched by it), then the configured family decides as before. Dropping families stop
//                  measuring at the first failed rule; this one does not, hence the cost (docs/FILTERS.md).
// Every document the family sees is counted once per signal it reports. Histograms are kept per thread and
// added together at the end: counts add, so stats.json is the same for any --threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "filters/bad_words.h"
#include "filters/c4_quality.h"
#include "filters/cjk_quality.h"
#include "filters/fineweb_quality.h"
#include "filters/gopher_quality.h"
#include "filters/gopher_repetition.h"
#include "filters/language_id.h"
#include "filters/signal_histogram.h"
#include "filters/url_filter.h"
#include "src/pipeline/stages.h"

namespace winnow::filters {

// How one signal (keyed by its rule's reason, as in winnow_signals) is binned, and the threshold in force.
struct SignalSpec {
  std::string key;
  SignalKind kind = SignalKind::count;
  std::optional<SignalThreshold> threshold;  // nullopt: no rule compares it, or the rule is off
};

// Each family's signals in rule order. Signals a family reports that are not listed (none today) are binned as
// counts, without threshold.
std::vector<SignalSpec> signal_specs(const GopherQualityConfig& config);
std::vector<SignalSpec> signal_specs(const GopherRepetitionConfig& config);
std::vector<SignalSpec> signal_specs(const C4QualityConfig& config);
std::vector<SignalSpec> signal_specs(const FineWebQualityConfig& config);
std::vector<SignalSpec> signal_specs(const BadWordsConfig& config);
// url_filter: the six rules' signals (0/1 for the three blocklists, distinct words / sub-words found), each with
// threshold "at_least" (1, or soft_word_threshold) when its list is given. A document without a URL reports
// none of them (its annotation is "url": null).
std::vector<SignalSpec> signal_specs(const UrlFilterConfig& config);
// language_id: language_not_kept = language_score, threshold "min" min_score. The rule also drops a language
// not in keep_languages, whatever its score: that part is not a threshold (see documents_by_language).
std::vector<SignalSpec> signal_specs(const LanguageIdConfig& config);
std::vector<SignalSpec> signal_specs(const CjkQualityConfig& config);

// `family` decides as configured; `measurer` is the same family built with annotate_only, or null when
// `family` is in annotate_only mode itself. name() and the family's own stats are `family`'s.
std::unique_ptr<Filter> record_signal_histograms(std::unique_ptr<Filter> family, std::unique_ptr<Filter> measurer,
                                                 std::vector<SignalSpec> specs);

}  // namespace winnow::filters
