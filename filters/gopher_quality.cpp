#include "filters/gopher_quality.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <cstring>

#include "filters/annotation.h"
#include "filters/char_class.h"
#include "filters/text_analysis.h"

namespace winnow::filters {
namespace {

std::size_t count_occurrences(std::string_view text, std::string_view needle) {  // str.count: non-overlapping
  std::size_t n = 0;
  for (std::size_t pos = text.find(needle); pos != std::string_view::npos; pos = text.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}
double ratio(double part, double whole) { return whole == 0 ? 0 : part / whole; }
bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }

GopherQualitySignals measure(const TextAnalysis& analysis, const GopherQualityConfig& config, bool stop_at_drop);

class GopherQualityFilter final : public Filter {
 public:
  GopherQualityFilter(GopherQualityConfig config, bool annotate_only)
      : config_(std::move(config)), annotate_only_(annotate_only) {}
  std::string_view name() const override { return "gopher_quality"; }
  Verdict keep(Document& doc) const override {
    // Dropping: the stop words are counted only as far as the decision needs (see measure).
    const GopherQualitySignals s = measure(TextAnalysis::of(doc), config_, !annotate_only_);
    Verdict verdict = decide_gopher_quality(s, config_);
    if (!annotate_only_) return verdict;
    annotate_gopher_quality(s).write(doc, name(), verdict);
    return Verdict::keep();
  }
  void write_stats(JsonBuilder& json) const override {
    json.value("annotate_only", annotate_only_);
    json.begin_object("thresholds");
    write_threshold(json, "min_doc_words", config_.min_doc_words);
    write_threshold(json, "max_doc_words", config_.max_doc_words);
    write_threshold(json, "min_avg_word_length", config_.min_avg_word_length);
    write_threshold(json, "max_avg_word_length", config_.max_avg_word_length);
    write_threshold(json, "max_symbol_word_ratio", config_.max_symbol_word_ratio);
    write_threshold(json, "max_bullet_lines_ratio", config_.max_bullet_lines_ratio);
    write_threshold(json, "max_ellipsis_lines_ratio", config_.max_ellipsis_lines_ratio);
    write_threshold(json, "max_non_alpha_words_ratio", config_.max_non_alpha_words_ratio);
    write_threshold(json, "min_stop_words", config_.min_stop_words);
    json.end_object();
  }

 private:
  // Each signal under the reason of the rule that compares it (the value that rule's reject reports).
  static FamilySignals annotate_gopher_quality(const GopherQualitySignals& s) {
    FamilySignals out;
    out.add("gopher_short_doc", static_cast<double>(s.non_symbol_words));
    out.add("gopher_long_doc", static_cast<double>(s.non_symbol_words));
    out.add("gopher_below_avg_threshold", s.mean_word_length);
    out.add("gopher_above_avg_threshold", s.mean_word_length);
    out.add("gopher_too_many_hashes", s.hash_ratio);
    out.add("gopher_too_many_ellipsis", s.ellipsis_ratio);
    out.add("gopher_too_many_bullets", s.bullet_lines_ratio);
    out.add("gopher_too_many_end_ellipsis", s.end_ellipsis_lines_ratio);
    out.add("gopher_below_alpha_threshold", s.alpha_words_ratio);
    out.add("gopher_enough_stop_words", static_cast<double>(s.stop_words));
    return out;
  }
  GopherQualityConfig config_;
  bool annotate_only_;
};

}  // namespace

GopherQualityConfig GopherQualityConfig::from_yaml(const YamlValues& values, const YAML::Node& node,
                                                   const std::string& path) {
  GopherQualityConfig c;
  if (YamlValues::is_null(node)) return c;
  values.for_each_entry(
      node, path,
      {"min_doc_words", "max_doc_words", "min_avg_word_length", "max_avg_word_length", "max_symbol_word_ratio",
       "max_bullet_lines_ratio", "max_ellipsis_lines_ratio", "max_non_alpha_words_ratio", "min_stop_words",
       "stop_words"},
      [&](const std::string& key, const YAML::Node& value) {
        const std::string at = path + "." + key;
        if (key == "min_doc_words") c.min_doc_words = read_threshold(values, value, at, 1, 1e12);
        if (key == "max_doc_words") c.max_doc_words = read_threshold(values, value, at, 1, 1e12);
        if (key == "min_avg_word_length") c.min_avg_word_length = read_threshold(values, value, at, 0, 1e6);
        if (key == "max_avg_word_length") c.max_avg_word_length = read_threshold(values, value, at, 0, 1e6);
        if (key == "max_symbol_word_ratio") c.max_symbol_word_ratio = read_threshold(values, value, at, 0, 1e6);
        if (key == "max_bullet_lines_ratio") c.max_bullet_lines_ratio = read_threshold(values, value, at, 0, 1);
        if (key == "max_ellipsis_lines_ratio") c.max_ellipsis_lines_ratio = read_threshold(values, value, at, 0, 1);
        if (key == "max_non_alpha_words_ratio") c.max_non_alpha_words_ratio = read_threshold(values, value, at, 0, 1);
        if (key == "min_stop_words") c.min_stop_words = read_threshold(values, value, at, 1, 1e6);
        if (key == "stop_words") c.stop_words = values.string_list(value, at);
      });
  return c;
}

namespace {

using FirstByteLengths = std::array<std::uint64_t, 256>;  // per first byte, bit min(L, 63): a stop word of L bytes
std::uint64_t length_bit(std::size_t size) { return std::uint64_t{1} << std::min<std::size_t>(size, 63); }

// The distinct stop words present, by comparing strings (any number of stop words).
// Both count stops once `enough` distinct stop words are seen (all of them, or as many as a drop decision needs).
std::size_t count_stop_words(const Words& words, const std::vector<std::string>& stop_words, std::size_t enough,
                             const FirstByteLengths& first_byte_lengths) {
  thread_local std::vector<std::string_view> stop_seen;
  stop_seen.clear();
  for (std::size_t i = 0; i < words.size() && stop_seen.size() < enough; ++i) {
    const std::string_view w = words[i];
    if (w.empty() || (first_byte_lengths[static_cast<unsigned char>(w[0])] & length_bit(w.size())) == 0) continue;
    for (const std::string& stop : stop_words) {
      if (w != stop) continue;
      if (std::find(stop_seen.begin(), stop_seen.end(), w) == stop_seen.end()) stop_seen.push_back(w);
      break;
    }
  }
  return stop_seen.size();
}

// The same for at most 64 distinct stop words, with words of up to 8 bytes compared as integers: a word that
// passes the first-byte/length table (in English many do: "this", "they", "when", "are") is its bytes in a
// uint64 (one masked load from the words' buffer), checked against the stop words of its length by integer
// compares, and the stop words seen are bits. The string version called memcmp per stop word and searched a
// vector: ~60% of this filter's time on the generated corpus, whose documents rarely hold all eight.
std::size_t count_stop_words_packed(const Words& words, const std::vector<std::string>& stop_words,
                                    std::size_t enough, const FirstByteLengths& first_byte_lengths) {
  struct Packed {
    std::uint64_t key;
    std::size_t size;
    std::size_t distinct;  // the bit of the first equal entry of stop_words
  };
  thread_local std::vector<Packed> packed;
  thread_local std::vector<std::pair<std::string_view, std::size_t>> long_stops;
  packed.clear();
  long_stops.clear();
  thread_local std::vector<std::string_view> firsts;  // distinct stop words, in order (at most 64)
  firsts.clear();
  for (const std::string& stop : stop_words) {
    if (stop.empty()) continue;
    const auto d = static_cast<std::size_t>(std::find(firsts.begin(), firsts.end(), stop) - firsts.begin());
    if (d == firsts.size()) firsts.push_back(stop);
    if (stop.size() <= 8) {
      std::uint64_t key = 0;
      std::memcpy(&key, stop.data(), stop.size());
      packed.push_back({key, stop.size(), d});
    } else {
      long_stops.emplace_back(stop, d);
    }
  }
  const std::string_view bytes = words.bytes();
  std::uint64_t seen = 0;
  std::size_t count = 0;
  // Each word from the buffer and the previous end (words[i] would reload and bounds-check both ends).
  const std::size_t n = words.size();
  std::uint32_t begin = 0;
  for (std::size_t i = 0; i < n && count < enough; ++i) {
    const std::uint32_t end = words.byte_end(i);
    const std::string_view w(bytes.data() + begin, end - begin);
    begin = end;
    if (w.empty() || (first_byte_lengths[static_cast<unsigned char>(w[0])] & length_bit(w.size())) == 0) continue;
    std::size_t found = 64;
    if (w.size() <= 8) {
      std::uint64_t key = 0;
      const std::size_t begin = static_cast<std::size_t>(w.data() - bytes.data());
      if (begin + 8 <= bytes.size()) {
        std::memcpy(&key, w.data(), 8);
        key &= w.size() == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * w.size())) - 1;  // little-endian
      } else {
        std::memcpy(&key, w.data(), w.size());
      }
      for (const Packed& p : packed) {
        if (p.size == w.size() && p.key == key) {
          found = p.distinct;
          break;
        }
      }
    } else {
      for (const auto& [stop, d] : long_stops) {
        if (w == stop) {
          found = d;
          break;
        }
      }
    }
    if (found < 64 && !(seen >> found & 1)) {
      seen |= std::uint64_t{1} << found;
      ++count;
    }
  }
  return count;
}

}  // namespace

namespace {

// With stop_at_drop (dropping), measuring stops where the decision is known: the signals come in the order of
// decide_gopher_quality's rules (word counts and lengths, then "#" and ellipses, then lines, then the
// alphabetic ratio and stop words), and after each group the rules decided so far are checked with every later
// signal at a value no rule drops (`pending`). decide_gopher_quality on what is returned then gives the verdict,
// reason and value of the full measurement. The stop-word count is exact only where the decision needs it.
GopherQualitySignals measure(const TextAnalysis& analysis, const GopherQualityConfig& config, bool stop_at_drop) {
  GopherQualitySignals s;
  const Words& words = analysis.words();
  const std::string_view text = analysis.text();
  s.words = words.size();
  // Counters in locals, the loop branch-free: a count kept in `s` (returned through memory) is stored per word.
  std::size_t non_symbol_words = 0, non_symbol_chars = 0, alpha_words = 0;
  const std::size_t count = words.size();
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t non_symbol = !words.has(i, Words::kOnlyPunctuation);
    non_symbol_words += non_symbol;
    non_symbol_chars += non_symbol * words.chars(i);
    alpha_words += words.has(i, Words::kHasAlpha);
  }
  s.non_symbol_words = non_symbol_words;
  s.mean_word_length = ratio(static_cast<double>(non_symbol_chars), static_cast<double>(s.non_symbol_words));
  const double alpha_words_ratio = ratio(static_cast<double>(alpha_words), static_cast<double>(s.words));
  // Signals not measured yet, at values no rule drops: ratios with a maximum at 0, the alphabetic ratio (a
  // minimum in [0, 1]) at 1, the stop words (a minimum up to 1e6) at the most.
  s.alpha_words_ratio = 1;
  s.stop_words = std::numeric_limits<std::size_t>::max();
  const auto decided = [&] { return stop_at_drop && !decide_gopher_quality(s, config).kept; };
  if (decided()) return s;
  s.hash_ratio = ratio(static_cast<double>(count_occurrences(text, "#")), static_cast<double>(s.words));
  s.ellipsis_ratio = ratio(static_cast<double>(count_occurrences(text, "...") + count_occurrences(text, "…")),
                           static_cast<double>(s.words));
  if (decided()) return s;
  const std::vector<std::string_view>& lines = analysis.lines();
  std::size_t bullets = 0, end_ellipsis = 0;
  for (const std::string_view line : lines) {
    const std::string_view left = lstrip(line);
    bullets += starts_with(left, "•") || starts_with(left, "-");
    const std::string_view right = rstrip(line);
    end_ellipsis += ends_with(right, "...") || ends_with(right, "…");
  }
  s.bullet_lines_ratio = ratio(static_cast<double>(bullets), static_cast<double>(lines.size()));
  s.end_ellipsis_lines_ratio = ratio(static_cast<double>(end_ellipsis), static_cast<double>(lines.size()));
  s.alpha_words_ratio = alpha_words_ratio;
  if (decided()) return s;
  // Distinct stop words present: stop_words may repeat a word, so the set is of the matched texts. A word is
  // compared only when some stop word has its first byte and its length (one table lookup turns away most
  // words), and no word is looked at once every stop word has been seen (in prose, early in the document).
  thread_local FirstByteLengths first_byte_lengths{};
  std::size_t distinct_stops = 0;
  for (std::size_t k = 0; k < config.stop_words.size(); ++k) {
    const std::string& stop = config.stop_words[k];
    if (stop.empty()) continue;  // words are never empty
    distinct_stops += std::find(config.stop_words.begin(), config.stop_words.begin() + static_cast<std::ptrdiff_t>(k),
                                stop) == config.stop_words.begin() + static_cast<std::ptrdiff_t>(k);
    first_byte_lengths[static_cast<unsigned char>(stop[0])] |= length_bit(stop.size());
  }
  // Dropping, the count matters only below min_stop_words (decide_gopher_quality drops when it is lower, and
  // reports it then): counting stops at min_stop_words, or is skipped without that rule. A count that stops is
  // at least the minimum, so the decision is the same; a count below it is complete, so the reason's value is.
  std::size_t enough = distinct_stops;
  if (stop_at_drop) {
    enough = !config.min_stop_words ? 0
             : *config.min_stop_words < static_cast<double>(distinct_stops)
                 ? static_cast<std::size_t>(std::ceil(*config.min_stop_words))
                 : distinct_stops;
  }
  s.stop_words = distinct_stops <= 64 ? count_stop_words_packed(words, config.stop_words, enough, first_byte_lengths)
                                       : count_stop_words(words, config.stop_words, enough, first_byte_lengths);
  for (const std::string& stop : config.stop_words) {
    if (!stop.empty()) first_byte_lengths[static_cast<unsigned char>(stop[0])] = 0;
  }
  return s;
}

}  // namespace

GopherQualitySignals measure_gopher_quality(const TextAnalysis& analysis, const GopherQualityConfig& config) {
  return measure(analysis, config, false);
}

Verdict decide_gopher_quality(const GopherQualitySignals& s, const GopherQualityConfig& c) {
  const auto n = static_cast<double>(s.non_symbol_words);
  if (c.min_doc_words && n < *c.min_doc_words) return Verdict::drop("gopher_short_doc", value_against(n, "min", *c.min_doc_words));
  if (c.max_doc_words && n > *c.max_doc_words) return Verdict::drop("gopher_long_doc", value_against(n, "max", *c.max_doc_words));
  if (s.non_symbol_words > 0) {  // the mean of no words is NaN in datatrove: no comparison holds
    if (c.min_avg_word_length && s.mean_word_length < *c.min_avg_word_length) {
      return Verdict::drop("gopher_below_avg_threshold", value_against(s.mean_word_length, "min", *c.min_avg_word_length));
    }
    if (c.max_avg_word_length && s.mean_word_length > *c.max_avg_word_length) {
      return Verdict::drop("gopher_above_avg_threshold", value_against(s.mean_word_length, "max", *c.max_avg_word_length));
    }
  }
  if (c.max_symbol_word_ratio && s.hash_ratio > *c.max_symbol_word_ratio) {
    return Verdict::drop("gopher_too_many_hashes", value_against(s.hash_ratio, "max", *c.max_symbol_word_ratio));
  }
  if (c.max_symbol_word_ratio && s.ellipsis_ratio > *c.max_symbol_word_ratio) {
    return Verdict::drop("gopher_too_many_ellipsis", value_against(s.ellipsis_ratio, "max", *c.max_symbol_word_ratio));
  }
  if (c.max_bullet_lines_ratio && s.bullet_lines_ratio > *c.max_bullet_lines_ratio) {
    return Verdict::drop("gopher_too_many_bullets", value_against(s.bullet_lines_ratio, "max", *c.max_bullet_lines_ratio));
  }
  if (c.max_ellipsis_lines_ratio && s.end_ellipsis_lines_ratio > *c.max_ellipsis_lines_ratio) {
    return Verdict::drop("gopher_too_many_end_ellipsis",
                         value_against(s.end_ellipsis_lines_ratio, "max", *c.max_ellipsis_lines_ratio));
  }
  if (c.max_non_alpha_words_ratio && s.alpha_words_ratio < *c.max_non_alpha_words_ratio) {
    return Verdict::drop("gopher_below_alpha_threshold",
                         value_against(s.alpha_words_ratio, "min", *c.max_non_alpha_words_ratio));
  }
  if (c.min_stop_words && static_cast<double>(s.stop_words) < *c.min_stop_words) {
    return Verdict::drop("gopher_enough_stop_words",
                         value_against(static_cast<double>(s.stop_words), "min", *c.min_stop_words));
  }
  return Verdict::keep();
}

std::unique_ptr<Filter> make_gopher_quality_filter(GopherQualityConfig config, bool annotate_only) {
  return std::make_unique<GopherQualityFilter>(std::move(config), annotate_only);
}

}  // namespace winnow::filters
