// SignalHistogram: the distribution of one filter signal over the documents of a run, with fixed bins, for
// stats.json and `winnow stats` (docs/FILTERS.md, "Signal histograms").
//
// Bins are fixed by the signal's kind and its rule's threshold, never by the data, so histograms counted on
// different threads add up bin by bin (the result is the same for any --threads):
//   fraction  (ratios, mostly [0, 1]): edges 0, 0.05, 0.10, ..., 1 and the double next above 1 (= 1 is a bin)
//   length    (mean word length):     edges 0, 1, 2, ..., 20
//   count     (words, lines, ...):    edges 0, 1, 2, 3, 5, 10, 20, 30, 50, 100, ... 1e7 (1-2-3-5 per decade)
// plus, always, the edge next above 0 (so exactly 0 has its own bin) and, when the rule has a threshold t,
// the edges t and the double next above t (so values equal to t have their own bin and the number of documents
// the rule drops, v < t, v > t or v >= t, is a sum of whole bins: exact).
// With edges e[0] < ... < e[k-1], bin 0 is (-inf, e[0]), bin i is [e[i-1], e[i]), bin k is [e[k-1], +inf).
// NaN values are counted apart.
//
// Layout in stats.json (one object per signal; edges as shortest round-trip decimals):
//   {"kind": "fraction", "threshold": {"bound": "min" | "max" | "at_least", "value": 0.3} | null,
//    "documents": N, "nan": 0, "edges": [e0, ...], "counts": [c0, ..., ck]}
// documents = nan + the sum of counts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/records/json_text.h"

namespace winnow::filters {

enum class SignalKind { fraction, length, count };
std::string_view kind_name(SignalKind kind);

// A rule's threshold: the rule drops a document when value < threshold ("min"), value > threshold ("max") or
// value >= threshold ("at_least", bad_words' min_matched_terms).
enum class Bound { min, max, at_least };
std::string_view bound_name(Bound bound);
struct SignalThreshold {
  Bound bound = Bound::min;
  double value = 0;
};

class SignalHistogram {
 public:
  SignalHistogram(SignalKind kind, std::optional<SignalThreshold> threshold);

  void add(double value);
  void merge(const SignalHistogram& other);  // REQUIRES: same kind and threshold (hence the same edges)

  SignalKind kind() const { return kind_; }
  const std::optional<SignalThreshold>& threshold() const { return threshold_; }
  const std::vector<double>& edges() const { return edges_; }
  const std::vector<std::uint64_t>& counts() const { return counts_; }  // edges().size() + 1
  std::uint64_t nan() const { return nan_; }
  std::uint64_t documents() const;
  // Documents the threshold drops (0 without one): exact, since the threshold is an edge.
  std::uint64_t beyond_threshold() const;

  void write(JsonBuilder& json) const;  // the members of the signal's object (layout above)

 private:
  SignalKind kind_;
  std::optional<SignalThreshold> threshold_;
  std::vector<double> edges_;
  std::vector<std::uint64_t> counts_;
  std::uint64_t nan_ = 0;
};

}  // namespace winnow::filters
