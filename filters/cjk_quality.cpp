#include "filters/cjk_quality.h"

// XXH3 inlined: the n-gram rules hash every 3- and 10-gram of a document (9 and 30 bytes of CJK), where the
// call into libxxhash cost more than the hash (same hash values: the same library code, compiled here).
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <vector>

#include "filters/annotation.h"
#include "filters/char_class.h"
#include "filters/cjk_opencc.h"
#include "filters/cjk_script.h"
#include "src/error.h"

namespace winnow::filters {
namespace {

double ratio(double part, double whole) { return whole == 0 ? 0 : part / whole; }

// The text without its whitespace: its code points, their UTF-8 bytes and where each starts (plus one past
// the end), so an n-gram of code points is a byte range that XXH3 hashes in one call. The vectors only grow
// (to the largest text seen, plus slack for the 4-byte copies below); `chars` and `byte_count` say how much
// is this text's: resizing them to each text's size zero-filled what the previous, shorter text left
// (a memset of ~9 bytes per character, 6% of the family's instructions).
struct CompactText {
  std::string bytes;
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> starts;
  std::size_t char_count = 0;
  std::size_t chars() const { return char_count; }
  // The n-gram's key in NgramCounts: up to 3 code points (21 bits each) packed whole, so no two n-grams
  // share a key; longer ones by the XXH3-64 hash of their bytes.
  std::uint64_t ngram_key(std::size_t first, std::size_t n) const {
    if (n <= 3) {
      std::uint64_t key = std::uint64_t{1} << 63;
      for (std::size_t k = 0; k < n; ++k) key |= static_cast<std::uint64_t>(cps[first + k]) << (21 * (2 - k));
      return key;
    }
    return XXH3_64bits(bytes.data() + starts[first], starts[first + n] - starts[first]);
  }
};

// What one pass over the text measures besides the compact text: count_cjk()'s counts and
// mean_line_length()'s sums.
struct TextTally {
  CjkCount count;
  std::size_t line_chars = 0;  // code points of the non-blank lines, each stripped
  std::size_t lines = 0;       // non-blank lines
};

// is_cjk(cp), with the common cases answered inline: nothing below U+1100 (ASCII, Latin, punctuation) is
// CJK, and U+4E00..U+9FFF (the CJK Unified Ideographs) all are.
bool is_cjk_fast(char32_t cp) {
  if (cp < 0x1100) return false;
  if (cp >= 0x4E00 && cp <= 0x9FFF) return true;
  return is_cjk(cp);
}

// One decode of the text for all three: the CJK counts with count_cjk()'s exact rule, the mean line length
// with mean_line_length()'s (lines split at "\n", each stripped of whitespace, blank ones skipped: a line's
// stripped length is from its first to its last non-whitespace code point, both counted), and, when
// `keep_chars`, the compact text.
template <bool keep_chars>
void tally(std::string_view text, CompactText& out, TextTally& tally) {
  if constexpr (keep_chars) {
    // Room for the text's characters and 3 bytes of slack: each character's bytes are copied as 4.
    if (out.bytes.size() < text.size() + 3) out.bytes.resize(text.size() + 3);
    if (out.cps.size() < text.size()) out.cps.resize(text.size());
    if (out.starts.size() < text.size() + 1) out.starts.resize(text.size() + 1);
  }
  tally = TextTally{};
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t line_first = kNone, line_last = 0;  // the current line's first and last non-whitespace index
  const auto end_line = [&] {
    if (line_first == kNone) return;
    tally.line_chars += line_last - line_first + 1;
    ++tally.lines;
    line_first = kNone;
  };
  std::size_t bytes = 0, chars = 0, index = 0;  // index: of the code point in the whole text
  char* const byte_out = out.bytes.data();
  for (std::size_t pos = 0; pos < text.size(); ++index) {
    const std::size_t begin = pos;
    const char32_t cp = next_code_point(text, pos);
    const bool cjk = is_cjk_fast(cp);
    const bool space = !cjk && (char_class(cp) & kSpace) != 0;
    tally.count.cjk += cjk;
    tally.count.non_space += !space;
    if (space) {
      if (cp == '\n') end_line();
      continue;
    }
    if (line_first == kNone) line_first = index;
    line_last = index;
    if constexpr (keep_chars) {
      out.starts[chars] = static_cast<std::uint32_t>(bytes);
      out.cps[chars++] = cp;
      if (begin + 4 <= text.size()) {
        std::memcpy(byte_out + bytes, text.data() + begin, 4);  // one store; the slack takes the excess
      } else {
        std::memcpy(byte_out + bytes, text.data() + begin, pos - begin);  // the text's last bytes
      }
      bytes += pos - begin;
    }
  }
  end_line();
  if constexpr (keep_chars) {
    out.starts[chars] = static_cast<std::uint32_t>(bytes);
    out.char_count = chars;
  }
}

// Open-addressing hash map from n-gram hash to count, reused from document to document: std::unordered_map
// allocates a node per n-gram, which made the n-gram rules the slowest part of the family. The two scans run
// inside it on plain pointers to its arrays (the table is thread_local: through its vectors, each access
// reloaded their data pointers).
class NgramCounts {
 public:
  // Uses the first `capacity` slots only (a power of two at least 8 times `expected`: a sparse table probes
  // less; at twice, the family ran 5-12% slower). Empties only the slots the previous document filled,
  // remembered as they fill: clearing the whole prefix (64 bytes per n-gram, twice a document) was the
  // family's largest cost and pushed the split's tables out of the cache.
  void reset(std::size_t expected) {
    for (std::size_t k = 0; k < filled_count_; ++k) keys_[filled_[k]] = 0;
    filled_count_ = 0;
    std::size_t capacity = 16;
    while (capacity < expected * 8) capacity *= 2;
    if (keys_.size() < capacity) {
      keys_.resize(capacity);  // new slots are 0: empty
      counts_.resize(capacity);
      filled_.resize(capacity);
    }
    mask_ = capacity - 1;
    shift_ = 64 - static_cast<unsigned>(std::countr_zero(capacity));
  }
  // Adds key_of(i) for each i < grams; returns the largest count reached.
  template <class KeyOf>
  std::uint32_t add_all(std::size_t grams, KeyOf key_of) {
    Arrays a = arrays();
    std::uint32_t top = 0;
    for (std::size_t i = 0; i < grams; ++i) top = std::max(top, a.add(key_of(i)));
    filled_count_ = a.filled_count;
    return top;
  }
  // Gopher's duplicated n-gram scan over key_of(0..grams): an n-gram seen before counts n characters and the
  // scan jumps past it, otherwise it is remembered. Returns the characters counted.
  template <class KeyOf>
  std::size_t repeated_chars(std::size_t grams, std::size_t n, KeyOf key_of) {
    Arrays a = arrays();
    std::size_t repeated = 0;
    for (std::size_t i = 0; i < grams;) {
      const std::uint64_t key = key_of(i);
      if (a.keys[a.slot(key)] != 0) {
        repeated += n;
        i += n;
      } else {
        a.add(key);
        ++i;
      }
    }
    filled_count_ = a.filled_count;
    return repeated;
  }

 private:
  static std::uint64_t nonzero(std::uint64_t key) { return key == 0 ? 1 : key; }  // 0 marks an empty slot
  struct Arrays {
    std::uint64_t* keys;
    std::uint32_t* counts;
    std::uint32_t* filled;
    std::size_t filled_count;
    std::size_t mask;
    unsigned shift;
    std::size_t slot(std::uint64_t key) const {
      key = nonzero(key);
      // Multiplicative hashing: the top bits of key * an odd constant, as packed keys' low bits are those of
      // one code point.
      std::size_t i = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift);
      while (keys[i] != 0 && keys[i] != key) i = (i + 1) & mask;
      return i;
    }
    // Adds one occurrence; returns the count after it.
    std::uint32_t add(std::uint64_t key) {
      const std::size_t i = slot(key);
      if (keys[i] == 0) {
        keys[i] = nonzero(key);
        counts[i] = 0;
        filled[filled_count++] = static_cast<std::uint32_t>(i);
      }
      return ++counts[i];
    }
  };
  Arrays arrays() { return {keys_.data(), counts_.data(), filled_.data(), filled_count_, mask_, shift_}; }
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> counts_;
  std::vector<std::uint32_t> filled_;  // slots holding a key: the first filled_count_
  std::size_t filled_count_ = 0;
  std::size_t mask_ = 0;
  unsigned shift_ = 63;
};

double top_ngram_ratio(const CompactText& t, std::size_t n, NgramCounts& table) {
  if (t.chars() < n) return 0;
  const std::size_t grams = t.chars() - n + 1;
  table.reset(grams);
  std::uint32_t top = 0;
  if (n == 3) {
    // The default size, keyed as ngram_key keys it, without its loop over n.
    const char32_t* cps = t.cps.data();
    top = table.add_all(grams, [cps](std::size_t i) {
      return std::uint64_t{1} << 63 | static_cast<std::uint64_t>(cps[i]) << 42 |
             static_cast<std::uint64_t>(cps[i + 1]) << 21 | static_cast<std::uint64_t>(cps[i + 2]);
    });
  } else {
    top = table.add_all(grams, [&t, n](std::size_t i) { return t.ngram_key(i, n); });
  }
  return ratio(static_cast<double>(top) * static_cast<double>(n), static_cast<double>(t.chars()));
}

double duplicated_ngram_ratio(const CompactText& t, std::size_t n, NgramCounts& table) {
  if (t.chars() < n) return 0;
  const std::size_t grams = t.chars() - n + 1;
  table.reset(grams);
  const std::size_t repeated = table.repeated_chars(grams, n, [&t, n](std::size_t i) { return t.ngram_key(i, n); });
  return ratio(static_cast<double>(repeated), static_cast<double>(t.chars()));
}

double traditional_ratio(std::string_view text, const TraditionalChars& traditional) {
  std::size_t han = 0, changed = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const char32_t cp = next_code_point(text, pos);
    if (!is_han(cp)) continue;
    ++han;
    changed += traditional.changes(cp);
  }
  return ratio(static_cast<double>(changed), static_cast<double>(han));
}

constexpr const char* kReasons[] = {"cjk_char_ratio",  "cjk_traditional_char_ratio", "cjk_short_lines",
                                    "cjk_long_lines",  "cjk_top_char_ngram",         "cjk_dup_char_ngram"};

class CjkQualityFilter final : public Filter {
 public:
  CjkQualityFilter(CjkQualityConfig config, bool annotate_only)
      : config_(std::move(config)), annotate_only_(annotate_only) {
    if (config_.max_traditional_char_ratio || annotate_only_) {
      traditional_ = std::make_unique<TraditionalChars>(config_.opencc_config);
    }
  }
  std::string_view name() const override { return "cjk_quality"; }
  Verdict keep(Document& doc) const override {
    const CjkQualitySignals s = measure_cjk_quality(doc.text, config_, traditional_.get(), annotate_only_);
    Verdict verdict = decide_cjk_quality(s, config_);
    if (!verdict.kept) count_drop(verdict.reason);
    if (!annotate_only_) return verdict;
    annotate(s).write(doc, name(), verdict);
    return Verdict::keep();
  }
  void write_stats(JsonBuilder& json) const override {
    json.value("annotate_only", annotate_only_);
    json.begin_object("thresholds");
    write_threshold(json, "min_cjk_char_ratio", config_.min_cjk_char_ratio);
    write_threshold(json, "max_traditional_char_ratio", config_.max_traditional_char_ratio);
    write_threshold(json, "min_mean_line_length", config_.min_mean_line_length);
    write_threshold(json, "max_mean_line_length", config_.max_mean_line_length);
    write_threshold(json, "max_top_char_ngram_ratio", config_.max_top_char_ngram_ratio);
    json.value("top_char_ngram_size", static_cast<std::uint64_t>(config_.top_char_ngram_size));
    write_threshold(json, "max_dup_char_ngram_ratio", config_.max_dup_char_ngram_ratio);
    json.value("dup_char_ngram_size", static_cast<std::uint64_t>(config_.dup_char_ngram_size));
    json.value("opencc_config", config_.opencc_config);
    json.end_object();
    // Documents each rule dropped (in annotate-only mode: would have dropped).
    json.begin_object("dropped_by_rule");
    for (std::size_t i = 0; i < std::size(kReasons); ++i) json.value(kReasons[i], dropped_[i].value());
    json.end_object();
  }

 private:
  void count_drop(std::string_view reason) const {
    for (std::size_t i = 0; i < std::size(kReasons); ++i) {
      if (reason == kReasons[i]) dropped_[i].add();
    }
  }
  static FamilySignals annotate(const CjkQualitySignals& s) {
    FamilySignals out;
    out.add("cjk_char_ratio", s.cjk_char_ratio);
    out.add("cjk_traditional_char_ratio", s.traditional_char_ratio);
    out.add("cjk_short_lines", s.mean_line_length);
    out.add("cjk_long_lines", s.mean_line_length);
    out.add("cjk_top_char_ngram", s.top_char_ngram_ratio);
    out.add("cjk_dup_char_ngram", s.dup_char_ngram_ratio);
    return out;
  }
  CjkQualityConfig config_;
  bool annotate_only_;
  std::unique_ptr<TraditionalChars> traditional_;
  mutable RelaxedCounter dropped_[std::size(kReasons)];
};

std::size_t read_ngram_size(const YamlValues& values, const YAML::Node& node, const std::string& path) {
  return static_cast<std::size_t>(values.integer_value(node, path, 1, 100));
}

}  // namespace

CjkQualityConfig CjkQualityConfig::from_yaml(const YamlValues& values, const YAML::Node& node,
                                             const std::string& path) {
  CjkQualityConfig c;
  if (YamlValues::is_null(node)) return c;
  values.for_each_entry(
      node, path,
      {"min_cjk_char_ratio", "max_traditional_char_ratio", "min_mean_line_length", "max_mean_line_length",
       "max_top_char_ngram_ratio", "top_char_ngram_size", "max_dup_char_ngram_ratio", "dup_char_ngram_size",
       "opencc_config"},
      [&](const std::string& key, const YAML::Node& value) {
        const std::string at = path + "." + key;
        if (key == "min_cjk_char_ratio") c.min_cjk_char_ratio = read_threshold(values, value, at, 0, 1);
        if (key == "max_traditional_char_ratio") c.max_traditional_char_ratio = read_threshold(values, value, at, 0, 1);
        if (key == "min_mean_line_length") c.min_mean_line_length = read_threshold(values, value, at, 0, 1e9);
        if (key == "max_mean_line_length") c.max_mean_line_length = read_threshold(values, value, at, 0, 1e9);
        if (key == "max_top_char_ngram_ratio") c.max_top_char_ngram_ratio = read_threshold(values, value, at, 0, 1e6);
        if (key == "top_char_ngram_size") c.top_char_ngram_size = read_ngram_size(values, value, at);
        if (key == "max_dup_char_ngram_ratio") c.max_dup_char_ngram_ratio = read_threshold(values, value, at, 0, 1);
        if (key == "dup_char_ngram_size") c.dup_char_ngram_size = read_ngram_size(values, value, at);
        if (key == "opencc_config") {
          c.opencc_config = values.string_value(value, at);
          try {
            check_opencc_config(c.opencc_config);
          } catch (const Error& e) {
            values.fail(value, at + ": " + e.what());
          }
        }
      });
  return c;
}

CjkQualitySignals measure_cjk_quality(std::string_view text, const CjkQualityConfig& c,
                                      const TraditionalChars* traditional, bool all_signals) {
  CjkQualitySignals s;
  if (traditional) s.traditional_char_ratio = traditional_ratio(text, *traditional);
  const bool top = all_signals || c.max_top_char_ngram_ratio, dup = all_signals || c.max_dup_char_ngram_ratio;
  thread_local CompactText chars;
  thread_local NgramCounts table;
  TextTally counts;
  if (top || dup) {
    tally<true>(text, chars, counts);
  } else {
    tally<false>(text, chars, counts);
  }
  s.cjk_char_ratio = counts.count.share();
  s.mean_line_length = ratio(static_cast<double>(counts.line_chars), static_cast<double>(counts.lines));
  if (top) s.top_char_ngram_ratio = top_ngram_ratio(chars, c.top_char_ngram_size, table);
  if (dup) s.dup_char_ngram_ratio = duplicated_ngram_ratio(chars, c.dup_char_ngram_size, table);
  return s;
}

Verdict decide_cjk_quality(const CjkQualitySignals& s, const CjkQualityConfig& c) {
  if (c.min_cjk_char_ratio && s.cjk_char_ratio < *c.min_cjk_char_ratio) {
    return Verdict::drop("cjk_char_ratio", value_against(s.cjk_char_ratio, "min", *c.min_cjk_char_ratio));
  }
  if (c.max_traditional_char_ratio && s.traditional_char_ratio > *c.max_traditional_char_ratio) {
    return Verdict::drop("cjk_traditional_char_ratio",
                         value_against(s.traditional_char_ratio, "max", *c.max_traditional_char_ratio));
  }
  if (c.min_mean_line_length && s.mean_line_length < *c.min_mean_line_length) {
    return Verdict::drop("cjk_short_lines", value_against(s.mean_line_length, "min", *c.min_mean_line_length));
  }
  if (c.max_mean_line_length && s.mean_line_length > *c.max_mean_line_length) {
    return Verdict::drop("cjk_long_lines", value_against(s.mean_line_length, "max", *c.max_mean_line_length));
  }
  if (c.max_top_char_ngram_ratio && s.top_char_ngram_ratio > *c.max_top_char_ngram_ratio) {
    return Verdict::drop("cjk_top_char_ngram", value_against(s.top_char_ngram_ratio, "max", *c.max_top_char_ngram_ratio));
  }
  if (c.max_dup_char_ngram_ratio && s.dup_char_ngram_ratio > *c.max_dup_char_ngram_ratio) {
    return Verdict::drop("cjk_dup_char_ngram", value_against(s.dup_char_ngram_ratio, "max", *c.max_dup_char_ngram_ratio));
  }
  return Verdict::keep();
}

std::unique_ptr<Filter> make_cjk_quality_filter(CjkQualityConfig config, bool annotate_only) {
  return std::make_unique<CjkQualityFilter>(std::move(config), annotate_only);
}

}  // namespace winnow::filters
