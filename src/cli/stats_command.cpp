#include "src/cli/stats_command.h"

#include <simdjson.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <string_view>

namespace winnow {

const char* const kStatsHelp = R"(usage: winnow stats DIR [--filter FAMILY] [--signal KEY]

Prints the signal histograms a run wrote to DIR/stats.json (DIR may also be the stats.json itself): for each
filter family and each signal, the bins with their document counts and a bar, quantiles, the threshold in
force, and in the last column how many documents a threshold at that bin's edge would drop. Histograms are
written when the filters section has `annotate_only: true` or `signal_histograms: true` (docs/FILTERS.md).
  --filter FAMILY   only this family (e.g. gopher_quality)
  --signal KEY      only this signal (e.g. gopher_short_doc)
Exit status: 0 printed, 1 stats.json missing or unreadable, or no histogram in it, 2 bad command line.
)";

namespace {

constexpr int kBarWidth = 32;
constexpr double kInf = std::numeric_limits<double>::infinity();

std::string number(double x) {
  if (x == kInf) return "inf";
  if (x == -kInf) return "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

std::string percent(std::uint64_t part, std::uint64_t whole) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%5.1f%%", whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
  return buf;
}

// One signal's histogram as read back from stats.json.
struct Histogram {
  std::string bound;  // "min", "max", "at_least" or "" (no threshold)
  double threshold = 0;
  std::uint64_t documents = 0, nan = 0;
  std::vector<double> edges;
  std::vector<std::uint64_t> counts;

  double lo(std::size_t bin) const { return bin == 0 ? -kInf : edges[bin - 1]; }
  double hi(std::size_t bin) const { return bin == edges.size() ? kInf : edges[bin]; }
  // "[lo, hi)", "= x" for a bin holding one value, "(a, hi)" for the bin after such a bin.
  std::string label(std::size_t bin) const {
    const double l = lo(bin), h = hi(bin);
    if (std::nextafter(l, kInf) == h) return "= " + number(l);
    if (bin >= 2 && std::nextafter(edges[bin - 2], kInf) == l) return "(" + number(edges[bin - 2]) + ", " + number(h) + ")";
    return "[" + number(l) + ", " + number(h) + ")";
  }
  // Documents a threshold at this bin's edge would drop: a minimum at hi drops values below hi; a maximum just
  // under lo (or an at-least at lo) drops values from lo up. Without a threshold: values below hi.
  std::uint64_t drops_at_edge(std::size_t bin) const {
    std::uint64_t n = 0;
    const bool from_top = bound == "max" || bound == "at_least";
    for (std::size_t b = 0; b < counts.size(); ++b) {
      if (from_top ? b >= bin : b <= bin) n += counts[b];
    }
    return n;
  }
  std::uint64_t beyond_threshold() const {
    std::uint64_t n = 0;
    for (std::size_t b = 0; b < counts.size(); ++b) {
      if ((bound == "min" && hi(b) <= threshold) || (bound == "max" && lo(b) > threshold) ||
          (bound == "at_least" && lo(b) >= threshold)) {
        n += counts[b];
      }
    }
    return n;
  }
};

bool read_histogram(simdjson::dom::object object, Histogram& h) {
  simdjson::dom::element threshold;
  if (object["threshold"].get(threshold) || object["documents"].get(h.documents) || object["nan"].get(h.nan)) {
    return false;
  }
  if (!threshold.is_null()) {
    std::string_view bound;
    if (threshold["bound"].get(bound) || threshold["value"].get(h.threshold)) return false;
    h.bound = bound;
  }
  simdjson::dom::array edges, counts;
  if (object["edges"].get(edges) || object["counts"].get(counts)) return false;
  for (simdjson::dom::element e : edges) {
    double x;
    if (e.get(x)) return false;
    h.edges.push_back(x);
  }
  for (simdjson::dom::element c : counts) {
    std::uint64_t n;
    if (c.get(n)) return false;
    h.counts.push_back(n);
  }
  return h.counts.size() == h.edges.size() + 1;
}

std::string rule_text(const Histogram& h) {
  if (h.bound == "min") return "drops value < " + number(h.threshold);
  if (h.bound == "max") return "drops value > " + number(h.threshold);
  return "drops value >= " + number(h.threshold);
}

void print_quantiles(const Histogram& h, std::ostream& out) {
  const std::uint64_t n = h.documents - h.nan;
  if (n == 0) return;
  out << "    quantiles (the bin each falls in):";
  for (const int q : {1, 5, 10, 25, 50, 75, 90, 95, 99}) {
    const auto rank = static_cast<std::uint64_t>(std::ceil(static_cast<double>(n) * q / 100.0));
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < h.counts.size(); ++b) {
      seen += h.counts[b];
      if (seen >= std::max<std::uint64_t>(rank, 1)) {
        out << (q == 1 || q == 50 || q == 95 ? "\n      " : "  ") << "p" << q << " " << h.label(b);
        break;
      }
    }
  }
  out << "\n";
}

void print_histogram(std::string_view key, const Histogram& h, std::ostream& out) {
  out << "  " << key << ": " << h.documents << " documents";
  if (h.nan) out << " (" << h.nan << " NaN)";
  if (!h.bound.empty()) {
    const std::uint64_t beyond = h.beyond_threshold();
    out << "; the rule " << rule_text(h) << ": " << beyond << " documents (" << percent(beyond, h.documents)
        << ")";
  } else {
    out << "; no threshold";
  }
  out << "\n";
  print_quantiles(h, out);
  // Bins from the first to the last non-empty one, widened to show the threshold's bins.
  std::size_t first = h.counts.size(), last = 0;
  std::uint64_t tallest = 0;
  for (std::size_t b = 0; b < h.counts.size(); ++b) {
    const bool at_threshold = !h.bound.empty() && (h.lo(b) == h.threshold || h.hi(b) == h.threshold);
    if (h.counts[b] == 0 && !at_threshold) continue;
    first = std::min(first, b);
    last = std::max(last, b);
    tallest = std::max(tallest, h.counts[b]);
  }
  if (first > last) return;
  const char* edge_column = h.bound == "max" || h.bound == "at_least" ? "drops if threshold at lo"
                                                                     : "below hi (drops if min = hi)";
  char line[256];
  std::snprintf(line, sizeof line, "    %-26s %10s %7s  %-*s  %s\n", "bin", "documents", "", kBarWidth, "", edge_column);
  out << line;
  for (std::size_t b = first; b <= last; ++b) {
    // A run of empty bins (e.g. up to a threshold far from the data) is one line.
    std::size_t empty_end = b;
    while (empty_end <= last && h.counts[empty_end] == 0 && !(h.bound.size() && h.lo(empty_end) == h.threshold)) {
      ++empty_end;
    }
    if (empty_end - b >= 3) {
      out << "    ... " << empty_end - b << " empty bins, " << h.label(b) << " to " << h.label(empty_end - 1) << "\n";
      b = empty_end - 1;
      continue;
    }
    if (!h.bound.empty() && h.lo(b) == h.threshold) {
      out << "    ---- threshold " << number(h.threshold) << " (" << h.bound << ") ----\n";
    }
    const int bar = tallest ? static_cast<int>(std::lround(static_cast<double>(h.counts[b]) * kBarWidth /
                                                           static_cast<double>(tallest)))
                            : 0;
    const std::uint64_t drops = h.drops_at_edge(b);
    std::snprintf(line, sizeof line, "    %-26s %10llu %7s  %-*s  %llu (%s)\n", h.label(b).c_str(),
                  static_cast<unsigned long long>(h.counts[b]), percent(h.counts[b], h.documents).c_str(), kBarWidth,
                  std::string(static_cast<std::size_t>(bar), '#').c_str(), static_cast<unsigned long long>(drops),
                  percent(drops, h.documents).c_str());
    out << line;
  }
}

}  // namespace

int stats_command(const std::vector<std::string>& args) {
  std::string dir, only_family, only_signal;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::cout << kStatsHelp;
      return 0;
    }
    if ((a == "--filter" || a == "--signal") && i + 1 < args.size()) {
      (a == "--filter" ? only_family : only_signal) = args[++i];
    } else if (a.rfind("-", 0) != 0 && dir.empty()) {
      dir = a;
    } else {
      std::cerr << "winnow stats: unexpected argument '" << a << "'\n\n" << kStatsHelp;
      return 2;
    }
  }
  if (dir.empty()) {
    std::cerr << kStatsHelp;
    return 2;
  }
  const std::filesystem::path path =
      std::filesystem::is_directory(dir) ? std::filesystem::path(dir) / "stats.json" : std::filesystem::path(dir);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.load(path.string()).get(root)) {
    std::cerr << "winnow stats: " << path.string() << ": " << simdjson::error_message(error) << "\n";
    return 1;
  }
  simdjson::dom::object families;
  if (root["stages"]["filters"].get(families)) {
    std::cerr << "winnow stats: " << path.string() << " has no stages.filters object\n";
    return 1;
  }
  std::size_t printed = 0;
  for (const auto [family, stats] : families) {
    if (!only_family.empty() && family != only_family) continue;
    simdjson::dom::object signals;
    if (stats["signal_histograms"].get(signals)) continue;
    std::cout << family << "\n";
    for (const auto [key, value] : signals) {
      if (!only_signal.empty() && key != only_signal) continue;
      Histogram h;
      simdjson::dom::object object;
      if (value.get(object) || !read_histogram(object, h)) {
        std::cerr << "winnow stats: " << path.string() << ": stages.filters." << family << ".signal_histograms." << key
                  << " is not a histogram\n";
        return 1;
      }
      print_histogram(key, h, std::cout);
      ++printed;
    }
    std::cout << "\n";
  }
  if (printed == 0) {
    std::cerr << "winnow stats: no signal histogram in " << path.string()
              << " (run with filters: {annotate_only: true} or {signal_histograms: true})\n";
    return 1;
  }
  return 0;
}

}  // namespace winnow
