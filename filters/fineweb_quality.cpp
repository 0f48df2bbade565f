#include "filters/fineweb_quality.h"

#include <xxhash.h>

#include "filters/annotation.h"
#include "filters/char_class.h"
#include "filters/exact_hash_set.h"
#include "filters/text_analysis.h"
#include "filters/text_lines.h"

namespace winnow::filters {
namespace {

double ratio(double part, double whole) { return whole == 0 ? 0 : part / whole; }

bool ends_with_terminal(std::string_view line) {
  if (line.empty()) return false;
  std::size_t end = line.size();
  return has_class(previous_code_point(line, end), kTerminal);
}

class FineWebQualityFilter final : public Filter {
 public:
  FineWebQualityFilter(FineWebQualityConfig config, bool annotate_only)
      : config_(config), annotate_only_(annotate_only) {}
  std::string_view name() const override { return "fineweb_quality"; }
  Verdict keep(Document& doc) const override {
    if (!annotate_only_) return decide_fineweb_quality(TextAnalysis::of(doc), config_);
    annotate(doc);
    return Verdict::keep();
  }
  void write_stats(JsonBuilder& json) const override {
    json.value("annotate_only", annotate_only_);
    json.begin_object("thresholds");
    write_threshold(json, "line_punct_thr", config_.line_punct_thr);
    json.value("line_punct_exclude_zero", config_.line_punct_exclude_zero);
    write_threshold(json, "short_line_thr", config_.short_line_thr);
    json.value("short_line_length", config_.short_line_length);
    write_threshold(json, "char_duplicates_ratio", config_.char_duplicates_ratio);
    write_threshold(json, "new_line_ratio", config_.new_line_ratio);
    json.end_object();
  }

 private:
  void annotate(Document& doc) const;
  FineWebQualityConfig config_;
  bool annotate_only_ = false;
};

}  // namespace

FineWebQualityConfig FineWebQualityConfig::from_yaml(const YamlValues& values, const YAML::Node& node,
                                                     const std::string& path) {
  FineWebQualityConfig c;
  if (YamlValues::is_null(node)) return c;
  values.for_each_entry(
      node, path,
      {"line_punct_thr", "line_punct_exclude_zero", "short_line_thr", "short_line_length", "char_duplicates_ratio",
       "new_line_ratio"},
      [&](const std::string& key, const YAML::Node& value) {
        const std::string at = path + "." + key;
        if (key == "line_punct_thr") c.line_punct_thr = read_threshold(values, value, at, 0, 1);
        if (key == "line_punct_exclude_zero") c.line_punct_exclude_zero = values.bool_value(value, at);
        if (key == "short_line_thr") c.short_line_thr = read_threshold(values, value, at, 0, 1);
        if (key == "short_line_length") c.short_line_length = static_cast<double>(values.integer_value(value, at, 0, 1000000));
        if (key == "char_duplicates_ratio") c.char_duplicates_ratio = read_threshold(values, value, at, 0, 1);
        if (key == "new_line_ratio") c.new_line_ratio = read_threshold(values, value, at, 0, 1e6);
      });
  return c;
}

namespace {
// strip(line).empty(), without decoding a line that starts with an ASCII byte other than whitespace (nearly
// every line).
bool blank(std::string_view line) {
  if (!line.empty()) {
    const auto first = static_cast<unsigned char>(line[0]);
    if (first < 0x80 && (detail::kAsciiCharClasses[first] & kSpace) == 0) return false;
  }
  return strip(line).empty();
}

// `newlines` (out): the text's count of "\n", which the list ratio divides.
FineWebQualitySignals measure(const TextAnalysis& analysis, double short_line_length, bool need_words,
                              std::size_t& newlines) {
  FineWebQualitySignals s;
  const std::string_view text = analysis.text();
  thread_local std::vector<std::string_view> all, lines;
  split_on(text, '\n', all);
  newlines = all.size() - 1;  // split_on gives one part more than separators
  lines.clear();
  for (const std::string_view line : all) {
    if (!blank(line)) lines.push_back(line);
  }
  s.lines = lines.size();
  if (lines.empty()) return s;
  std::size_t terminal = 0, short_lines = 0, dup_chars = 0;
  // Lines equal to an earlier line: a flat set reused by the thread (filters/exact_hash_set.h), not a
  // std::unordered_set built per document (its node allocations were most of this filter's time).
  thread_local ExactHashSet seen;
  seen.reset(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    terminal += ends_with_terminal(line);
    // Code points are counted only when the bytes do not decide: a line has at least a quarter as many code
    // points as bytes (UTF-8), and at most as many.
    const auto bytes = static_cast<double>(line.size());
    if (bytes <= short_line_length) {
      ++short_lines;
    } else if (bytes <= 4 * short_line_length) {
      short_lines += static_cast<double>(code_point_count(line)) <= short_line_length;
    }
    bool inserted;
    seen.find_or_insert(XXH3_64bits(line.data(), line.size()), static_cast<std::uint32_t>(i),
                        [&](std::uint32_t other) { return lines[other] == line; }, inserted);
    if (!inserted) dup_chars += code_point_count(line);
  }
  const double n = static_cast<double>(lines.size());
  s.line_punct_ratio = static_cast<double>(terminal) / n;
  s.short_line_ratio = static_cast<double>(short_lines) / n;
  s.char_dup_ratio = ratio(static_cast<double>(dup_chars), static_cast<double>(analysis.chars() - newlines));
  if (need_words) s.list_ratio = ratio(static_cast<double>(newlines), static_cast<double>(analysis.words().size()));
  return s;
}
}  // namespace

FineWebQualitySignals measure_fineweb_quality(const TextAnalysis& analysis, bool need_words) {
  std::size_t newlines;
  return measure(analysis, FineWebQualityConfig{}.short_line_length, need_words, newlines);
}

namespace {
// The rules on lines, in order (everything but fineweb_list_ratio).
Verdict decide_lines(const FineWebQualitySignals& s, const FineWebQualityConfig& c) {
  if (s.lines == 0) return Verdict::drop("fineweb_empty");
  if (c.line_punct_thr && s.line_punct_ratio < *c.line_punct_thr &&
      !(s.line_punct_ratio == 0 && c.line_punct_exclude_zero)) {
    return Verdict::drop("fineweb_line_punct_ratio", value_against(s.line_punct_ratio, "min", *c.line_punct_thr));
  }
  if (c.short_line_thr && s.short_line_ratio > *c.short_line_thr) {
    return Verdict::drop("fineweb_short_line_ratio", value_against(s.short_line_ratio, "max", *c.short_line_thr));
  }
  if (c.char_duplicates_ratio && s.char_dup_ratio > *c.char_duplicates_ratio) {
    return Verdict::drop("fineweb_char_dup_ratio", value_against(s.char_dup_ratio, "max", *c.char_duplicates_ratio));
  }
  return Verdict::keep();
}

Verdict decide_list_ratio(double list_ratio, const FineWebQualityConfig& c) {
  if (c.new_line_ratio && list_ratio > *c.new_line_ratio) {
    return Verdict::drop("fineweb_list_ratio", value_against(list_ratio, "max", *c.new_line_ratio));
  }
  return Verdict::keep();
}
}  // namespace

Verdict decide_fineweb_quality(const TextAnalysis& analysis, const FineWebQualityConfig& c) {
  // Words are split only when the cheap line rules have passed.
  std::size_t newlines;
  const FineWebQualitySignals s = measure(analysis, c.short_line_length, false, newlines);
  Verdict verdict = decide_lines(s, c);
  if (!verdict.kept || !c.new_line_ratio) return verdict;
  return decide_list_ratio(ratio(static_cast<double>(newlines), static_cast<double>(analysis.words().size())), c);
}

// Every signal, each under its rule's reason (the words are split even when a line rule already fails).
void FineWebQualityFilter::annotate(Document& doc) const {
  std::size_t newlines;
  const FineWebQualitySignals s = measure(TextAnalysis::of(doc), config_.short_line_length, true, newlines);
  Verdict verdict = decide_lines(s, config_);
  if (verdict.kept) verdict = decide_list_ratio(s.list_ratio, config_);
  FamilySignals out;
  out.add("fineweb_empty", static_cast<double>(s.lines));
  out.add("fineweb_line_punct_ratio", s.line_punct_ratio);
  out.add("fineweb_short_line_ratio", s.short_line_ratio);
  out.add("fineweb_char_dup_ratio", s.char_dup_ratio);
  out.add("fineweb_list_ratio", s.list_ratio);
  std::move(out).write(doc, name(), verdict);
}

std::unique_ptr<Filter> make_fineweb_quality_filter(FineWebQualityConfig config, bool annotate_only) {
  return std::make_unique<FineWebQualityFilter>(config, annotate_only);
}

}  // namespace winnow::filters
