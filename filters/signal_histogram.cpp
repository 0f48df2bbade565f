#include "filters/signal_histogram.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "filters/rule_config.h"

namespace winnow::filters {
namespace {

double next_up(double x) { return std::nextafter(x, std::numeric_limits<double>::infinity()); }

std::vector<double> base_edges(SignalKind kind) {
  std::vector<double> edges;
  switch (kind) {
    case SignalKind::fraction:
      for (int i = 0; i <= 20; ++i) edges.push_back(i / 20.0);
      edges.push_back(next_up(1));  // exactly 1 (every line ends in punctuation, ...) is common: its own bin
      break;
    case SignalKind::length:
      for (int i = 0; i <= 20; ++i) edges.push_back(i);
      break;
    case SignalKind::count:
      edges = {0};
      for (double decade = 1; decade <= 1e7; decade *= 10) {
        for (double step : {1.0, 2.0, 3.0, 5.0}) {
          if (decade * step <= 1e7) edges.push_back(decade * step);
        }
      }
      break;
  }
  return edges;
}

}  // namespace

std::string_view bound_name(Bound bound) {
  switch (bound) {
    case Bound::min: return "min";
    case Bound::max: return "max";
    case Bound::at_least: return "at_least";
  }
  return "min";
}

std::string_view kind_name(SignalKind kind) {
  switch (kind) {
    case SignalKind::fraction: return "fraction";
    case SignalKind::length: return "length";
    case SignalKind::count: return "count";
  }
  return "count";
}

SignalHistogram::SignalHistogram(SignalKind kind, std::optional<SignalThreshold> threshold)
    : kind_(kind), threshold_(threshold), edges_(base_edges(kind)) {
  edges_.push_back(next_up(0));
  if (threshold_) {
    edges_.push_back(threshold_->value);
    edges_.push_back(next_up(threshold_->value));
  }
  std::sort(edges_.begin(), edges_.end());
  edges_.erase(std::unique(edges_.begin(), edges_.end()), edges_.end());
  counts_.assign(edges_.size() + 1, 0);
}

void SignalHistogram::add(double value) {
  if (std::isnan(value)) {
    ++nan_;
    return;
  }
  // The bin is the number of edges <= value: bin i holds [e[i-1], e[i]).
  const auto bin = std::upper_bound(edges_.begin(), edges_.end(), value) - edges_.begin();
  ++counts_[static_cast<std::size_t>(bin)];
}

void SignalHistogram::merge(const SignalHistogram& other) {
  for (std::size_t i = 0; i < counts_.size() && i < other.counts_.size(); ++i) counts_[i] += other.counts_[i];
  nan_ += other.nan_;
}

std::uint64_t SignalHistogram::documents() const {
  std::uint64_t n = nan_;
  for (const std::uint64_t c : counts_) n += c;
  return n;
}

std::uint64_t SignalHistogram::beyond_threshold() const {
  if (!threshold_) return 0;
  std::uint64_t n = 0;
  for (std::size_t bin = 0; bin < counts_.size(); ++bin) {
    // bin spans [lo, hi) with lo = edges[bin - 1] (or -inf), hi = edges[bin] (or +inf).
    const double lo = bin == 0 ? -std::numeric_limits<double>::infinity() : edges_[bin - 1];
    const double hi = bin == edges_.size() ? std::numeric_limits<double>::infinity() : edges_[bin];
    const double t = threshold_->value;
    const bool dropped = threshold_->bound == Bound::min ? hi <= t : threshold_->bound == Bound::max ? lo > t : lo >= t;
    if (dropped) n += counts_[bin];
  }
  return n;
}

void SignalHistogram::write(JsonBuilder& json) const {
  json.value("kind", kind_name(kind_));
  if (threshold_) {
    json.begin_object("threshold");
    json.value("bound", bound_name(threshold_->bound));
    json.raw("value", format_number(threshold_->value));
    json.end_object();
  } else {
    json.raw("threshold", "null");
  }
  json.value("documents", documents());
  json.value("nan", nan_);
  std::string edges = "[";
  for (std::size_t i = 0; i < edges_.size(); ++i) {
    if (i) edges += ',';
    edges += format_number(edges_[i]);
  }
  json.raw("edges", edges + "]");
  std::string counts = "[";
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    if (i) counts += ',';
    counts += std::to_string(counts_[i]);
  }
  json.raw("counts", counts + "]");
}

}  // namespace winnow::filters
