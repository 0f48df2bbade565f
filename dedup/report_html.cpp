#include "dedup/report_html.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "dedup/s_curve.h"
#include "dedup/utf8.h"

namespace winnow::dedup {
namespace {

std::string fixed(double value, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

std::string percent(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? "-" : fixed(100.0 * static_cast<double>(part) / static_cast<double>(whole), 1) + "%";
}

std::string megabytes(std::uint64_t bytes) { return fixed(static_cast<double>(bytes) / 1e6, 2) + " MB"; }

// A plot area: data coordinates to SVG pixels (y grows upwards in data, downwards in SVG).
struct Frame {
  double width = 560, height = 300, left = 60, right = 20, top = 15, bottom = 45;
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
  double x(double value) const { return left + (value - x_min) / (x_max - x_min) * (width - left - right); }
  double y(double value) const { return height - bottom - (value - y_min) / (y_max - y_min) * (height - top - bottom); }
};

std::string svg_open(const Frame& frame, std::string_view id, std::string_view title) {
  std::string svg = "<svg id=\"" + std::string(id) + "\" class=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    fixed(frame.width, 0) + "\" height=\"" + fixed(frame.height, 0) + "\" viewBox=\"0 0 " +
                    fixed(frame.width, 0) + " " + fixed(frame.height, 0) + "\" role=\"img\">";
  svg += "<title>" + html_escape(title) + "</title>";
  svg += "<rect class=\"area\" x=\"" + fixed(frame.left, 1) + "\" y=\"" + fixed(frame.top, 1) + "\" width=\"" +
         fixed(frame.width - frame.left - frame.right, 1) + "\" height=\"" +
         fixed(frame.height - frame.top - frame.bottom, 1) + "\"/>";
  return svg;
}

std::string svg_text(double x, double y, std::string_view text, std::string_view anchor = "middle") {
  return "<text x=\"" + fixed(x, 1) + "\" y=\"" + fixed(y, 1) + "\" text-anchor=\"" + std::string(anchor) + "\">" +
         html_escape(text) + "</text>";
}

std::string svg_line(double x1, double y1, double x2, double y2, std::string_view css_class) {
  return "<line class=\"" + std::string(css_class) + "\" x1=\"" + fixed(x1, 1) + "\" y1=\"" + fixed(y1, 1) +
         "\" x2=\"" + fixed(x2, 1) + "\" y2=\"" + fixed(y2, 1) + "\"/>";
}

std::string axis_labels(const Frame& frame, std::string_view x_label, std::string_view y_label) {
  std::string svg = svg_text((frame.left + frame.width - frame.right) / 2, frame.height - 8, x_label);
  const double middle = (frame.top + frame.height - frame.bottom) / 2;
  svg += "<text x=\"14\" y=\"" + fixed(middle, 1) + "\" text-anchor=\"middle\" transform=\"rotate(-90 14 " +
         fixed(middle, 1) + ")\">" + html_escape(y_label) + "</text>";
  return svg;
}

// Log-log: x = cluster size, y = number of clusters of that size, one point per size, decade ticks.
std::string cluster_size_plot(const DedupReport& report) {
  Frame frame;
  std::uint64_t max_size = 2, max_count = 1;
  for (const auto& [size, clusters] : report.cluster_sizes) {
    max_size = std::max(max_size, size);
    max_count = std::max(max_count, clusters);
  }
  frame.x_min = 0;  // log10(1)
  frame.x_max = std::ceil(std::log10(static_cast<double>(max_size)) + 1e-9);
  frame.y_min = 0;
  frame.y_max = std::max(1.0, std::ceil(std::log10(static_cast<double>(max_count)) + 1e-9));
  std::string svg = svg_open(frame, "plot-cluster-sizes", "Clusters by size, log-log");
  for (int decade = 0; decade <= static_cast<int>(frame.x_max); ++decade) {
    const double x = frame.x(decade);
    svg += svg_line(x, frame.y(frame.y_min), x, frame.y(frame.y_max), "grid");
    svg += svg_text(x, frame.height - frame.bottom + 16, fixed(std::pow(10.0, decade), 0));
  }
  for (int decade = 0; decade <= static_cast<int>(frame.y_max); ++decade) {
    const double y = frame.y(decade);
    svg += svg_line(frame.x(frame.x_min), y, frame.x(frame.x_max), y, "grid");
    svg += svg_text(frame.left - 6, y + 4, fixed(std::pow(10.0, decade), 0), "end");
  }
  std::string points;
  for (const auto& [size, clusters] : report.cluster_sizes) {
    const double x = frame.x(std::log10(static_cast<double>(size)));
    const double y = frame.y(std::log10(static_cast<double>(clusters)));
    points += fixed(x, 1) + "," + fixed(y, 1) + " ";
    svg += "<circle class=\"point\" cx=\"" + fixed(x, 1) + "\" cy=\"" + fixed(y, 1) + "\" r=\"3.5\"><title>size " +
           std::to_string(size) + ": " + std::to_string(clusters) + " clusters</title></circle>";
  }
  if (!points.empty()) svg += "<polyline class=\"series\" points=\"" + points + "\"/>";
  if (report.cluster_sizes.empty()) svg += svg_text(frame.width / 2, frame.height / 2, "no clusters: nothing was removed");
  svg += axis_labels(frame, "cluster size (kept document + removed ones)", "clusters");
  return svg + "</svg>";
}

// 1 - (1 - s^r)^b for s in [0, 1], with the threshold (1/b)^(1/r) marked.
std::string s_curve_plot(const DedupReport& report) {
  Frame frame;
  std::string svg = svg_open(frame, "plot-s-curve", "LSH S-curve");
  for (int tick = 0; tick <= 10; ++tick) {
    const double value = tick / 10.0;
    svg += svg_line(frame.x(value), frame.y(0), frame.x(value), frame.y(1), "grid");
    svg += svg_line(frame.x(0), frame.y(value), frame.x(1), frame.y(value), "grid");
    svg += svg_text(frame.x(value), frame.height - frame.bottom + 16, fixed(value, 1));
    svg += svg_text(frame.left - 6, frame.y(value) + 4, fixed(value, 1), "end");
  }
  std::string points;
  for (int step = 0; step <= 200; ++step) {
    const double similarity = step / 200.0;
    const double probability = lsh_probability(similarity, report.bands, report.rows);
    points += fixed(frame.x(similarity), 1) + "," + fixed(frame.y(probability), 1) + " ";
  }
  svg += "<polyline class=\"series\" points=\"" + points + "\"/>";
  const double threshold = lsh_threshold(report.bands, report.rows);
  svg += svg_line(frame.x(threshold), frame.y(0), frame.x(threshold), frame.y(1), "marker");
  svg += svg_text(frame.x(threshold) - 4, frame.y(0.95), "threshold " + fixed(threshold, 3), "end");
  svg += axis_labels(frame, "Jaccard similarity s", "P(candidate pair)");
  return svg + "</svg>";
}

// Horizontal bars per source: kept, exact, URL and near duplicates as shares of the documents in.
std::string removed_plot(const std::vector<SourceCounts>& rows) {
  Frame frame;
  frame.left = 140;
  frame.top = 10;
  frame.bottom = 40;
  const double bar = 22;
  frame.height = frame.top + frame.bottom + bar * static_cast<double>(rows.size());
  std::string svg = svg_open(frame, "plot-removed", "Documents kept and removed by reason, per source");
  for (int tick = 0; tick <= 4; ++tick) {
    const double value = tick / 4.0;
    svg += svg_line(frame.x(value), frame.top, frame.x(value), frame.height - frame.bottom, "grid");
    svg += svg_text(frame.x(value), frame.height - frame.bottom + 16, fixed(100 * value, 0) + "%");
  }
  for (std::size_t row = 0; row < rows.size(); ++row) {
    const SourceCounts& counts = rows[row];
    const double y = frame.top + bar * static_cast<double>(row) + 3;
    svg += svg_text(frame.left - 6, y + 13, counts.name, "end");
    if (counts.documents_in == 0) continue;
    const std::pair<const char*, std::uint64_t> parts[] = {{"kept", counts.documents_out},
                                                           {"exact", counts.exact_duplicates},
                                                           {"url", counts.url_duplicates},
                                                           {"near", counts.near_duplicates}};
    double start = 0;
    for (const auto& [css_class, documents] : parts) {
      const double share = static_cast<double>(documents) / static_cast<double>(counts.documents_in);
      svg += "<rect class=\"" + std::string(css_class) + "\" x=\"" + fixed(frame.x(start), 1) + "\" y=\"" + fixed(y, 1) +
             "\" width=\"" + fixed(frame.x(start + share) - frame.x(start), 1) + "\" height=\"" + fixed(bar - 6, 1) +
             "\"><title>" + css_class + ": " + std::to_string(documents) + "</title></rect>";
      start += share;
    }
  }
  svg += svg_text(frame.left + 10, frame.height - 6,
                  "kept (grey), exact (blue), URL (green) and near (orange) duplicates", "start");
  return svg + "</svg>";
}

std::string counts_row(const SourceCounts& counts, std::string_view tag, bool tokens) {
  const std::string open = "<" + std::string(tag) + ">", close = "</" + std::string(tag) + ">";
  std::string row = "<tr>" + open + html_escape(counts.name) + close;
  std::vector<std::string> cells = {std::to_string(counts.documents_in), std::to_string(counts.documents_out),
                                    percent(counts.documents_in - counts.documents_out, counts.documents_in),
                                    megabytes(counts.bytes_in), megabytes(counts.bytes_out)};
  if (tokens) {
    cells.push_back(std::to_string(counts.tokens_in));
    cells.push_back(std::to_string(counts.tokens_out));
  }
  for (const std::uint64_t removed : {counts.exact_duplicates, counts.url_duplicates, counts.near_duplicates}) {
    cells.push_back(std::to_string(removed));
  }
  for (const std::string& cell : cells) row += "<td>" + cell + "</td>";
  return row + "</tr>\n";
}

std::string summary_section(const DedupReport& report) {
  std::string html = "<h2 id=\"summary\">Documents and bytes per source</h2>\n<table>\n<tr><th>source</th>"
                     "<th>documents in</th><th>documents out</th><th>removed</th><th>bytes in</th><th>bytes out</th>";
  if (report.tokens) html += "<th>tokens in</th><th>tokens out</th>";
  html += "<th>exact</th><th>URL</th><th>near</th></tr>\n";
  for (const SourceCounts& source : report.sources) html += counts_row(source, "td", report.tokens);
  html += counts_row(report.totals(), "th", report.tokens);
  html += "</table>\n<p class=\"note\">Documents that reached the dedup stage (after parsing and filters); bytes of "
          "their text. Tokens are not known here: tokenization comes after dedup.</p>\n";
  std::vector<SourceCounts> rows = report.sources;
  rows.push_back(report.totals());
  return html + removed_plot(rows) + "\n";
}

std::string clusters_section(const DedupReport& report) {
  std::string html = "<h2 id=\"clusters\">Clusters</h2>\n<p>A cluster is a kept document and the documents removed "
                     "in its favour.</p>\n" + cluster_size_plot(report) + "\n<h3 id=\"largest\">Largest clusters</h3>\n";
  if (report.largest_clusters.empty()) return html + "<p>None.</p>\n";
  html += "<table>\n<tr><th>cluster</th><th>size</th><th>kept document</th><th>sample (from)</th></tr>\n";
  for (const ClusterSample& cluster : report.largest_clusters) {
    html += "<tr><td>" + std::to_string(cluster.cluster) + "</td><td>" + std::to_string(cluster.size) + "</td><td>" +
            html_escape(cluster.kept_id) + "</td><td><div class=\"sample\">" + html_escape(cluster.sample) +
            "</div><div class=\"note\">" + html_escape(cluster.sample_id) + "</div></td></tr>\n";
  }
  return html + "</table>\n";
}

std::string matrix_section(const DedupReport& report) {
  std::string html = "<h2 id=\"matrix\">Who duplicates whom</h2>\n<p>Row: the source of the removed document; "
                     "column: the source of the kept document it duplicated.</p>\n";
  if (report.duplicates_matrix.empty()) return html + "<p>No removals.</p>\n";
  std::vector<std::string> names;
  for (const SourceCounts& source : report.sources) names.push_back(source.name);
  std::uint64_t largest = 1;
  for (const auto& entry : report.duplicates_matrix) largest = std::max(largest, entry.second);
  html += "<table class=\"matrix\">\n<tr><th>removed in \\ duplicate of</th>";
  for (const std::string& name : names) html += "<th>" + html_escape(name) + "</th>";
  html += "</tr>\n";
  for (const std::string& removed_in : names) {
    html += "<tr><th>" + html_escape(removed_in) + "</th>";
    for (const std::string& kept_in : names) {
      const auto found = report.duplicates_matrix.find({removed_in, kept_in});
      const std::uint64_t count = found == report.duplicates_matrix.end() ? 0 : found->second;
      const double shade = static_cast<double>(count) / static_cast<double>(largest);
      html += "<td style=\"background:rgba(230,120,30," + fixed(0.08 + 0.72 * shade, 2) + ")\">" +
              std::to_string(count) + "</td>";
    }
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

std::string s_curve_section(const DedupReport& report) {
  std::string html = "<h2 id=\"s-curve\">LSH S-curve</h2>\n";
  if (!report.near) return html + "<p>Near-duplicate removal is off (near: false).</p>\n";
  html += "<p>" + std::to_string(report.bands) + " bands x " + std::to_string(report.rows) + " rows, " +
          std::to_string(report.ngram) + "-word shingles, " + html_escape(report.mode) + " signatures, seed " +
          std::to_string(report.seed) + ", verify " + html_escape(report.verify) + ", scope " +
          html_escape(report.scope) + ": a pair of documents with Jaccard similarity s becomes a candidate with "
          "probability 1 - (1 - s<sup>r</sup>)<sup>b</sup>.</p>\n";
  return html + s_curve_plot(report) + "\n";
}

std::string diff_html(std::string_view kept, std::string_view removed) {
  std::string html;
  for (const DiffWord& step : word_diff(kept, removed)) {
    const std::string word = html_escape(step.word);
    if (step.kind == DiffWord::same) html += word + " ";
    if (step.kind == DiffWord::removed) html += "<del>" + word + "</del> ";
    if (step.kind == DiffWord::added) html += "<ins>" + word + "</ins> ";
  }
  return html;
}

std::string pairs_section(const DedupReport& report) {
  std::string html = "<h2 id=\"pairs\">Sampled near-duplicate pairs by similarity</h2>\n<p>Near-duplicate removals "
                     "whose kept document was in the report's sample of up to " + std::to_string(kPoolDocuments) +
                     " kept documents, binned by the similarity estimated from their signatures; up to " +
                     std::to_string(kPairsPerBin) + " pairs per bin, the first " + std::to_string(kSampleBytes) +
                     " bytes of each. Diff from the kept to the removed text: <del>only in kept</del> "
                     "<ins>only in removed</ins>.</p>\n";
  bool any = false;
  for (std::size_t bin = report.bins.size(); bin-- > 0;) {
    const SimilarityBin& pairs = report.bins[bin];
    if (pairs.near_duplicates_sampled == 0) continue;
    any = true;
    html += "<h3>" + fixed(static_cast<double>(bin) / kSimilarityBins, 1) + " - " +
            fixed(static_cast<double>(bin + 1) / kSimilarityBins, 1) + " (" +
            std::to_string(pairs.near_duplicates_sampled) + " sampled pairs)</h3>\n";
    for (const PairSample& pair : pairs.pairs) {
      html += "<div class=\"pair\"><div class=\"note\">removed " + html_escape(pair.removed_id) + ", kept " +
              html_escape(pair.kept_id) + ", estimated similarity " + fixed(pair.estimated_similarity, 3) + ", " +
              std::to_string(pair.bands_matched) + " bands matched</div><div class=\"sample\">" +
              diff_html(pair.kept_sample, pair.removed_sample) + "</div></div>\n";
    }
  }
  if (!any) html += "<p>No sampled pairs.</p>\n";
  return html;
}

// One row per stage of the run: wall and CPU time, peak resident memory sampled during that stage.
std::string stages_table(const std::vector<StageUsage>& stages) {
  if (stages.empty()) return {};
  std::string html = "<table>\n<tr><th>stage</th><th>wall time</th><th>CPU time</th><th>peak resident memory</th></tr>\n";
  for (const StageUsage& stage : stages) {
    html += "<tr><td>" + html_escape(stage.name) + "</td><td>" + fixed(stage.seconds, 3) + " s</td><td>" +
            fixed(stage.cpu_seconds, 3) + " s</td><td>" + megabytes(stage.peak_rss_bytes) + "</td></tr>\n";
  }
  return html + "</table>\n<p class=\"note\">Peak memory per stage: the resident set sampled every " +
         std::to_string(StageMeter::kSampleInterval.count()) + " ms while the stage ran.</p>\n";
}

std::string time_section(const DedupReport& report) {
  return "<h2 id=\"time\">Time and memory</h2>\n<table>\n<tr><th>stage wall time (creation to finish)</th><td>" +
         fixed(report.wall_seconds, 3) + " s</td></tr>\n<tr><th>check (serial index)</th><td>" +
         fixed(report.check_seconds, 3) + " s</td></tr>\n<tr><th>prepare (signatures, summed over threads)</th><td>" +
         fixed(report.prepare_seconds, 3) + " s</td></tr>\n<tr><th>peak resident memory of the process</th><td>" +
         megabytes(report.peak_rss_bytes) + "</td></tr>\n</table>\n" + stages_table(report.stages);
}

constexpr std::string_view kStyle = R"(
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}.note{color:#666;font-size:12px}
.sample{font-family:ui-monospace,monospace;font-size:12px;white-space:pre-wrap;text-align:left;max-width:640px;overflow-wrap:anywhere}
.pair{border:1px solid #e4e4e4;padding:6px;margin:6px 0}del{background:#fbd3d0}ins{background:#cdeccd;text-decoration:none}
svg.plot{display:block;margin:8px 0;font-size:11px}svg .area{fill:#fafafa;stroke:#999}svg .grid{stroke:#e2e2e2}
svg .series{fill:none;stroke:#d2691e;stroke-width:2}svg .point{fill:#d2691e}svg .marker{stroke:#555;stroke-dasharray:4 3}
svg .kept{fill:#bbb}svg .exact{fill:#4a7fc1}svg .url{fill:#4caf50}svg .near{fill:#e8892f}
)";

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = valid_utf8_sequence_length(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    const char c = text[i];
    if (length == 1) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default:
          const bool control = (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
          out += control ? std::string_view("\xEF\xBF\xBD") : std::string_view(&c, 1);
      }
    } else if (length == 2 && static_cast<unsigned char>(c) == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      out += "\xEF\xBF\xBD";  // C1 control, U+0080..U+009F
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

std::vector<DiffWord> word_diff(std::string_view before, std::string_view after) {
  const auto split = [](std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
      const std::size_t start = i;
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
      if (i > start) words.push_back(text.substr(start, i - start));
    }
    return words;
  };
  const std::vector<std::string_view> a = split(before), b = split(after);
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  std::vector<std::vector<std::uint32_t>> lcs(a.size() + 1, std::vector<std::uint32_t>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<DiffWord> steps;
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      steps.push_back({DiffWord::same, a[i]});
      ++i, ++j;
    } else if (j == b.size() || (i < a.size() && lcs[i + 1][j] >= lcs[i][j + 1])) {
      steps.push_back({DiffWord::removed, a[i++]});
    } else {
      steps.push_back({DiffWord::added, b[j++]});
    }
  }
  return steps;
}

std::string render_report_html(const DedupReport& report) {
  const SourceCounts totals = report.totals();
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<title>winnow dedup report</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  html += "<h1>winnow dedup report</h1>\n<p>" + std::to_string(totals.documents_in) + " documents in, " +
          std::to_string(totals.documents_out) + " kept; removed " + std::to_string(totals.exact_duplicates) +
          " exact, " + std::to_string(totals.url_duplicates) + " URL and " + std::to_string(totals.near_duplicates) +
          " near duplicates (" + percent(totals.documents_in - totals.documents_out, totals.documents_in) +
          "). The same numbers are in dedup.json.</p>\n";
  html += summary_section(report);
  html += clusters_section(report);
  html += matrix_section(report);
  html += s_curve_section(report);
  html += pairs_section(report);
  html += time_section(report);
  return html + "</body>\n</html>\n";
}

}  // namespace winnow::dedup
