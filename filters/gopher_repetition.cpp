#include "filters/gopher_repetition.h"

#include <unordered_map>
#include <unordered_set>

#include "filters/char_class.h"
#include "filters/text_analysis.h"
#include "filters/text_lines.h"

namespace winnow::filters {
namespace {

double ratio(double part, double whole) { return whole == 0 ? 0 : part / whole; }

// datatrove's find_duplicates: (repeats of an earlier element, their characters).
std::pair<std::size_t, std::size_t> find_duplicates(const std::vector<std::string_view>& items) {
  std::unordered_set<std::string_view> seen;
  seen.reserve(items.size());
  std::size_t repeats = 0, chars = 0;
  for (const std::string_view item : items) {
    if (!seen.insert(item).second) {
      ++repeats;
      chars += code_point_count(item);
    }
  }
  return {repeats, chars};
}

constexpr std::uint64_t kMod = (std::uint64_t{1} << 61) - 1;  // Mersenne prime: hashes of joined characters
constexpr std::uint64_t kBase = 0x1f3a5c7d9e2b4u % kMod;
__extension__ typedef unsigned __int128 Wide;  // GCC/Clang 128-bit product for the modular multiply
std::uint64_t mul_mod(std::uint64_t a, std::uint64_t b) {
  const Wide p = static_cast<Wide>(a) * b;
  std::uint64_t r = static_cast<std::uint64_t>(p & kMod) + static_cast<std::uint64_t>(p >> 61);
  if (r >= kMod) r -= kMod;
  return r;
}
std::uint64_t add_mod(std::uint64_t a, std::uint64_t b) {
  std::uint64_t r = a + b;
  if (r >= kMod) r -= kMod;
  return r;
}
std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Per word: an id (equal words, equal ids), the polynomial hash of its bytes and base^bytes.
struct WordHashes {
  std::vector<std::uint32_t> id;
  std::vector<std::uint64_t> poly, power;
};

void hash_words(const Words& words, WordHashes& h) {
  std::unordered_map<std::string_view, std::uint32_t> ids;
  ids.reserve(words.size());
  h.id.resize(words.size());
  h.poly.resize(words.size());
  h.power.resize(words.size());
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string_view w = words[i];
    h.id[i] = ids.emplace(w, static_cast<std::uint32_t>(ids.size())).first->second;
    std::uint64_t poly = 0, power = 1;
    for (const char c : w) {
      poly = add_mod(mul_mod(poly, kBase), static_cast<unsigned char>(c) + 1);
      power = mul_mod(power, kBase);
    }
    h.poly[i] = poly;
    h.power[i] = power;
  }
}

// Characters of the most frequent n-gram (" ".join) times its count; ties go to the n-gram seen first.
std::size_t top_n_gram_chars(const Words& words, const WordHashes& h, std::size_t n) {
  struct Entry {
    std::size_t count, first;
  };
  std::unordered_map<std::uint64_t, Entry> counts;
  const std::size_t total = words.size() - n + 1;
  counts.reserve(total);
  for (std::size_t i = 0; i < total; ++i) {
    std::uint64_t key = n;
    for (std::size_t k = 0; k < n; ++k) key = mix(key ^ (h.id[i + k] + 0x9e3779b97f4a7c15ULL * (k + 1)));
    auto [it, inserted] = counts.try_emplace(key, Entry{0, i});
    ++it->second.count;
  }
  Entry best{0, 0};
  for (const auto& [key, e] : counts) {
    if (e.count > best.count || (e.count == best.count && e.first < best.first)) best = e;
  }
  std::size_t chars = n - 1;
  for (std::size_t k = 0; k < n; ++k) chars += words.chars(best.first + k);
  return chars * best.count;
}

// datatrove v0.10 find_all_duplicate: characters of n-grams ("".join) seen before, skipping n words after each.
std::size_t duplicated_n_gram_chars(const Words& words, const WordHashes& h, std::size_t n) {
  if (words.size() < n) return 0;
  std::unordered_set<std::uint64_t> seen;
  seen.reserve(words.size());
  std::size_t repeated = 0;
  for (std::size_t i = 0; i + n <= words.size();) {
    std::uint64_t key = 0;
    for (std::size_t k = 0; k < n; ++k) key = add_mod(mul_mod(key, h.power[i + k]), h.poly[i + k]);
    if (!seen.insert(key).second) {
      for (std::size_t k = 0; k < n; ++k) repeated += words.chars(i + k);
      i += n;
    } else {
      ++i;
    }
  }
  return repeated;
}

void read_n_grams(const YamlValues& values, const YAML::Node& node, const std::string& path,
                  std::vector<std::pair<int, Threshold>>& out) {
  values.for_each_entry(node, path, {}, [&](const std::string& key, const YAML::Node& value) {
    const int n = static_cast<int>(values.integer_value(YAML::Node(key), path + " key", 1, 100));
    const Threshold t = read_threshold(values, value, path + "." + key, 0, 1e6);
    for (auto& [existing, threshold] : out) {
      if (existing == n) {
        threshold = t;
        return;
      }
    }
    out.emplace_back(n, t);
  });
}

// Reasons are built from n ("top_3_gram", "duplicated_7_n_grams"); the ledger needs strings that live as long
// as the program, so they are made once for every n the config accepts (1..100).
std::string_view n_gram_reason(bool top, int n) {
  static const auto names = [] {
    std::vector<std::string> v;
    for (int k = 0; k <= 100; ++k) v.push_back("top_" + std::to_string(k) + "_gram");
    for (int k = 0; k <= 100; ++k) v.push_back("duplicated_" + std::to_string(k) + "_n_grams");
    return v;
  }();
  return names[static_cast<std::size_t>(top ? n : 101 + n)];
}

class GopherRepetitionFilter final : public Filter {
 public:
  explicit GopherRepetitionFilter(GopherRepetitionConfig config) : config_(std::move(config)) {}
  std::string_view name() const override { return "gopher_repetition"; }
  Verdict keep(Document& doc) const override {
    return decide_gopher_repetition(measure_gopher_repetition(TextAnalysis::of(doc), config_), config_);
  }
  void write_stats(JsonBuilder& json) const override {
    json.begin_object("thresholds");
    write_threshold(json, "dup_para_frac", config_.dup_para_frac);
    write_threshold(json, "dup_para_char_frac", config_.dup_para_char_frac);
    write_threshold(json, "dup_line_frac", config_.dup_line_frac);
    write_threshold(json, "dup_line_char_frac", config_.dup_line_char_frac);
    for (const auto& [n, t] : config_.top_n_grams) write_threshold(json, n_gram_reason(true, n), t);
    for (const auto& [n, t] : config_.dup_n_grams) write_threshold(json, n_gram_reason(false, n), t);
    json.end_object();
  }

 private:
  GopherRepetitionConfig config_;
};

}  // namespace

GopherRepetitionConfig GopherRepetitionConfig::from_yaml(const YamlValues& values, const YAML::Node& node,
                                                         const std::string& path) {
  GopherRepetitionConfig c;
  if (YamlValues::is_null(node)) return c;
  values.for_each_entry(
      node, path,
      {"dup_line_frac", "dup_para_frac", "dup_line_char_frac", "dup_para_char_frac", "top_n_grams", "dup_n_grams"},
      [&](const std::string& key, const YAML::Node& value) {
        const std::string at = path + "." + key;
        if (key == "dup_line_frac") c.dup_line_frac = read_threshold(values, value, at, 0, 1);
        if (key == "dup_para_frac") c.dup_para_frac = read_threshold(values, value, at, 0, 1);
        if (key == "dup_line_char_frac") c.dup_line_char_frac = read_threshold(values, value, at, 0, 1);
        if (key == "dup_para_char_frac") c.dup_para_char_frac = read_threshold(values, value, at, 0, 1);
        if (key == "top_n_grams") read_n_grams(values, value, at, c.top_n_grams);
        if (key == "dup_n_grams") read_n_grams(values, value, at, c.dup_n_grams);
      });
  return c;
}

GopherRepetitionSignals measure_gopher_repetition(const TextAnalysis& analysis, const GopherRepetitionConfig& c) {
  GopherRepetitionSignals s;
  const std::string_view text = analysis.text();
  const auto chars = static_cast<double>(analysis.chars());
  thread_local std::vector<std::string_view> parts;
  split_on_newline_runs(strip(text), 2, parts);
  auto [para_repeats, para_chars] = find_duplicates(parts);
  s.dup_para_frac = ratio(static_cast<double>(para_repeats), static_cast<double>(parts.size()));
  s.dup_para_char_frac = ratio(static_cast<double>(para_chars), chars);
  split_on_newline_runs(text, 1, parts);
  auto [line_repeats, line_chars] = find_duplicates(parts);
  s.dup_line_frac = ratio(static_cast<double>(line_repeats), static_cast<double>(parts.size()));
  s.dup_line_char_frac = ratio(static_cast<double>(line_chars), chars);

  const bool any_n_gram_rule = !c.top_n_grams.empty() || !c.dup_n_grams.empty();
  if (!any_n_gram_rule) return s;
  const Words& words = analysis.words();
  WordHashes h;
  hash_words(words, h);
  for (const auto& [n, t] : c.top_n_grams) {
    const auto un = static_cast<std::size_t>(n);
    const bool has = t && words.size() >= un;
    s.top_n_gram_frac.push_back(has ? ratio(static_cast<double>(top_n_gram_chars(words, h, un)), chars) : 0);
  }
  for (const auto& [n, t] : c.dup_n_grams) {
    const double v = t ? ratio(static_cast<double>(duplicated_n_gram_chars(words, h, static_cast<std::size_t>(n))), chars) : 0;
    s.dup_n_gram_frac.push_back(v);
  }
  return s;
}

Verdict decide_gopher_repetition(const GopherRepetitionSignals& s, const GopherRepetitionConfig& c) {
  if (c.dup_para_frac && s.dup_para_frac > *c.dup_para_frac) {
    return Verdict::drop("dup_para_frac", value_against(s.dup_para_frac, "max", *c.dup_para_frac));
  }
  if (c.dup_para_char_frac && s.dup_para_char_frac > *c.dup_para_char_frac) {
    return Verdict::drop("dup_para_char_frac", value_against(s.dup_para_char_frac, "max", *c.dup_para_char_frac));
  }
  if (c.dup_line_frac && s.dup_line_frac > *c.dup_line_frac) {
    return Verdict::drop("dup_line_frac", value_against(s.dup_line_frac, "max", *c.dup_line_frac));
  }
  if (c.dup_line_char_frac && s.dup_line_char_frac > *c.dup_line_char_frac) {
    return Verdict::drop("dup_line_char_frac", value_against(s.dup_line_char_frac, "max", *c.dup_line_char_frac));
  }
  for (std::size_t i = 0; i < c.top_n_grams.size() && i < s.top_n_gram_frac.size(); ++i) {
    const auto& [n, t] = c.top_n_grams[i];
    if (t && s.top_n_gram_frac[i] > *t) {
      return Verdict::drop(n_gram_reason(true, n), value_against(s.top_n_gram_frac[i], "max", *t));
    }
  }
  for (std::size_t i = 0; i < c.dup_n_grams.size() && i < s.dup_n_gram_frac.size(); ++i) {
    const auto& [n, t] = c.dup_n_grams[i];
    if (t && s.dup_n_gram_frac[i] > *t) {
      return Verdict::drop(n_gram_reason(false, n), value_against(s.dup_n_gram_frac[i], "max", *t));
    }
  }
  return Verdict::keep();
}

std::unique_ptr<Filter> make_gopher_repetition_filter(GopherRepetitionConfig config) {
  return std::make_unique<GopherRepetitionFilter>(std::move(config));
}

}  // namespace winnow::filters
