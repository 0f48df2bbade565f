#include "filters/c4_quality.h"

#include <string.h>  // memmem

#include <array>

#include "filters/annotation.h"
#include "filters/char_class.h"
#include "filters/punkt.h"
#include "filters/text_analysis.h"
#include "filters/text_lines.h"

namespace winnow::filters {
namespace {

bool ends_with(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }

// Python's line.lower() as far as ASCII phrases can tell: ASCII letters, and KELVIN SIGN which lowercases to
// 'k'. (Other characters never lowercase to ASCII alone: U+0130 gives "i" plus a combining dot.) A line without
// a KELVIN SIGN (nearly every line) keeps its length: a branch-free byte loop the compiler vectorizes.
void lower_for_search(std::string_view s, std::string& out) {
  constexpr std::string_view kKelvin = "\xE2\x84\xAA";
  if (memmem(s.data(), s.size(), kKelvin.data(), kKelvin.size()) == nullptr) {
    out.resize(s.size());
    char* const o = out.data();
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      o[i] = static_cast<char>(c + (static_cast<unsigned char>(c - 'A') < 26 ? 32 : 0));
    }
    return;
  }
  out.clear();
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (s.compare(i, 3, kKelvin) == 0) {
      out.push_back('k');
      i += 2;
    } else {
      out.push_back(c);
    }
  }
}

// `needle` occurs in `haystack`. glibc's memmem, not string::find: find runs memcmp at every occurrence of the
// needle's first letter, and these phrases start with common letters.
bool contains(std::string_view haystack, std::string_view needle) {
  return memmem(haystack.data(), haystack.size(), needle.data(), needle.size()) != nullptr;
}

// CITATION_REGEX.sub("", line): \[\d*]|\[edit]|\[citation needed]  (\d: any decimal digit). Returns `line`
// itself when it has no '[' (most lines: no copy), else the rewritten line in `buffer`.
std::string_view remove_citations(std::string_view line, std::string& buffer) {
  if (line.find('[') == std::string_view::npos) return line;
  buffer.clear();
  std::size_t i = 0;
  while (i < line.size()) {
    if (line[i] == '[') {
      std::size_t j = i + 1;
      while (j < line.size()) {
        std::size_t k = j;
        if (!has_class(next_code_point(line, k), kDigit)) break;
        j = k;
      }
      std::size_t end = 0;
      if (j < line.size() && line[j] == ']') end = j + 1;
      else if (line.compare(i, 6, "[edit]") == 0) end = i + 6;
      else if (line.compare(i, 17, "[citation needed]") == 0) end = i + 17;
      if (end) {
        i = end;
        continue;
      }
    }
    buffer.push_back(line[i++]);
  }
  return buffer;
}

// len(s.split()) and whether one of those words is longer than max_chars code points, in one pass (C4 needs
// no more of the words). ASCII by one table lookup per byte; code points are counted only for a word longer
// than max_chars bytes.
struct LineWords {
  std::size_t count = 0;
  bool too_long = false;
};
LineWords count_words(std::string_view s, const Threshold& max_chars) {
  LineWords r;
  // The common line: ASCII and no longer than max_chars bytes (so no word can be too long). Words are counted
  // as space-to-non-space steps without a branch per byte (word lengths are irregular: a branch mispredicts).
  if (!max_chars || static_cast<double>(s.size()) <= *max_chars) {
    const std::uint8_t* const classes = detail::kAsciiCharClasses;
    bool ascii = true;
    std::size_t previous_space = 1;
    for (const char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      if (c >= 0x80) {
        ascii = false;
        break;
      }
      const std::size_t space = (classes[c] & kSpace) != 0;
      r.count += previous_space & (space ^ 1);
      previous_space = space;
    }
    if (ascii) return r;
    r.count = 0;  // a non-ASCII byte: Unicode spaces need decoding, below
  }
  const std::uint8_t* const ascii_classes = detail::kAsciiCharClasses;
  std::size_t word_begin = 0;
  bool in_word = false;
  auto end_word = [&](std::size_t end) {
    ++r.count;
    const std::size_t bytes = end - word_begin;
    r.too_long |= max_chars && static_cast<double>(bytes) > *max_chars &&
                  static_cast<double>(code_point_count(s.substr(word_begin, bytes))) > *max_chars;
  };
  // Every non-ASCII whitespace character (str.isspace) starts with the byte 0xC2, 0xE1, 0xE2 or 0xE3 (checked
  // with Python 3.11 over all code points): only those are decoded; any other byte >= 0x80 belongs to a word.
  for (std::size_t p = 0; p < s.size();) {
    const auto c = static_cast<unsigned char>(s[p]);
    std::size_t next = p + 1;
    bool space = false;
    if (c < 0x80) {
      space = (ascii_classes[c] & kSpace) != 0;
    } else if (c == 0xC2 || (c >= 0xE1 && c <= 0xE3)) {
      next = p;
      space = has_class(next_code_point(s, next), kSpace);
    } else {
      next = p + (c < 0xE0 ? 2 : (c < 0xF0 ? 3 : 4));  // a lead byte: the rest of its code point (valid UTF-8)
    }
    if (space && in_word) end_word(p);
    if (!space && !in_word) word_begin = p;
    in_word = !space;
    p = next;
  }
  if (in_word) end_word(s.size());
  return r;
}

constexpr std::array<std::string_view, 6> kPolicy = {"terms of use", "privacy policy", "cookie policy",
                                                     "uses cookies", "use of cookies", "use cookies"};

// Any policy phrase: four of the six hold "cookie", so one search stands for them when it fails.
bool has_policy_phrase(std::string_view lower) {
  if (contains(lower, "terms of use") || contains(lower, "privacy policy")) return true;
  if (!contains(lower, "cookie")) return false;
  for (const std::string_view p : kPolicy) {
    if (contains(lower, p)) return true;
  }
  return false;
}

// The rules on the lines (str.splitlines) of one text; defined below.
C4QualityResult apply_to_lines(const std::vector<std::string_view>& lines, const C4QualityConfig& c,
                               bool count_every_sentence);

class C4QualityFilter final : public Filter {
 public:
  C4QualityFilter(C4QualityConfig config, bool annotate_only) : config_(config), annotate_only_(annotate_only) {}
  std::string_view name() const override { return "c4_quality"; }
  Verdict keep(Document& doc) const override {
    // Dropping: sentences are counted only until there are enough (the count is reported only when too low).
    // The lines (str.splitlines) are the shared analysis's: Gopher quality cuts the same text the same way.
    C4QualityResult r = apply_to_lines(TextAnalysis::of(doc).lines(), config_, annotate_only_);
    if (annotate_only_) {
      annotate(doc, r);
      return Verdict::keep();
    }
    lines_.add(r.lines);
    kept_lines_.add(r.kept_lines);
    too_long_word_.add(r.removed_too_long_word);
    no_terminal_punct_.add(r.removed_no_terminal_punct);
    too_few_words_.add(r.removed_too_few_words);
    javascript_.add(r.removed_javascript);
    policy_.add(r.removed_policy);
    if (r.verdict.kept && r.text != doc.text) doc.set_text(std::move(r.text));
    return std::move(r.verdict);
  }
  void write_stats(JsonBuilder& json) const override {
    json.value("annotate_only", annotate_only_);
    json.begin_object("lines");
    json.value("seen", lines_.value());
    json.value("kept", kept_lines_.value());
    json.value("removed_too_long_word", too_long_word_.value());
    json.value("removed_no_terminal_punct", no_terminal_punct_.value());
    json.value("removed_too_few_words", too_few_words_.value());
    json.value("removed_javascript", javascript_.value());
    json.value("removed_policy", policy_.value());
    json.end_object();
    json.begin_object("thresholds");
    write_threshold(json, "min_num_sentences", config_.min_num_sentences);
    write_threshold(json, "min_words_per_line", config_.min_words_per_line);
    write_threshold(json, "max_word_length", config_.max_word_length);
    json.end_object();
  }

 private:
  // Annotate-only: the text is not rewritten. C4 stops at a line that drops the document (as in drop mode), so
  // such a document reports that line under its reason, and no sentence count.
  void annotate(Document& doc, const C4QualityResult& r) const {
    FamilySignals out;
    if (!r.verdict.kept && r.verdict.reason != "c4_too_few_sentences") {
      out.add(r.verdict.reason, static_cast<double>(r.lines));
    } else {
      out.add("c4_too_few_sentences", static_cast<double>(r.sentences));
    }
    out.add("lines", static_cast<double>(r.lines));
    out.add("kept_lines", static_cast<double>(r.kept_lines));
    out.add("removed_too_long_word", static_cast<double>(r.removed_too_long_word));
    out.add("removed_no_terminal_punct", static_cast<double>(r.removed_no_terminal_punct));
    out.add("removed_too_few_words", static_cast<double>(r.removed_too_few_words));
    out.add("removed_javascript", static_cast<double>(r.removed_javascript));
    out.add("removed_policy", static_cast<double>(r.removed_policy));
    std::move(out).write(doc, name(), r.verdict);
  }
  C4QualityConfig config_;
  bool annotate_only_ = false;
  mutable RelaxedCounter lines_, kept_lines_, too_long_word_, no_terminal_punct_, too_few_words_, javascript_,
      policy_;
};

}  // namespace

C4QualityConfig C4QualityConfig::from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path) {
  C4QualityConfig c;
  if (YamlValues::is_null(node)) return c;
  if (const YAML::Node preset = node["preset"]; preset) {
    const std::string name = values.string_value(preset, path + ".preset");
    if (name == "c4") {
      c.min_words_per_line = 5;
      c.min_num_sentences = 3;
    } else if (name != "datatrove") {
      values.fail(preset, path + ".preset must be datatrove or c4");
    }
  }
  values.for_each_entry(
      node, path,
      {"preset", "remove_citations", "filter_no_terminal_punct", "min_num_sentences", "min_words_per_line",
       "max_word_length", "filter_lorem_ipsum", "filter_javascript", "filter_curly_bracket", "filter_policy"},
      [&](const std::string& key, const YAML::Node& value) {
        const std::string at = path + "." + key;
        if (key == "remove_citations") c.remove_citations = values.bool_value(value, at);
        if (key == "filter_no_terminal_punct") c.filter_no_terminal_punct = values.bool_value(value, at);
        if (key == "min_num_sentences") c.min_num_sentences = read_threshold(values, value, at, 1, 1e9);
        if (key == "min_words_per_line") c.min_words_per_line = read_threshold(values, value, at, 1, 1e9);
        if (key == "max_word_length") c.max_word_length = read_threshold(values, value, at, 1, 1e12);
        if (key == "filter_lorem_ipsum") c.filter_lorem_ipsum = values.bool_value(value, at);
        if (key == "filter_javascript") c.filter_javascript = values.bool_value(value, at);
        if (key == "filter_curly_bracket") c.filter_curly_bracket = values.bool_value(value, at);
        if (key == "filter_policy") c.filter_policy = values.bool_value(value, at);
      });
  return c;
}

namespace {

C4QualityResult apply_to_lines(const std::vector<std::string_view>& lines, const C4QualityConfig& c,
                               bool count_every_sentence) {
  C4QualityResult r;
  std::string kept;
  for (const std::string_view raw_line : lines) {
    ++r.lines;
    const std::string_view stripped = strip(raw_line);
    // Words are counted only when a rule needs them: a word longer than max_word_length code points needs a
    // line longer than that many bytes, and the word count is needed only after the punctuation rule (which
    // removes most lines that end up removed).
    LineWords words;
    bool counted = false;
    if (c.max_word_length && static_cast<double>(stripped.size()) > *c.max_word_length) {
      words = count_words(stripped, c.max_word_length);
      counted = true;
      if (words.too_long) {
        ++r.removed_too_long_word;
        continue;
      }
    }
    thread_local std::string citations_removed, lower;
    const std::string_view line = c.remove_citations ? remove_citations(stripped, citations_removed) : stripped;
    if (c.filter_no_terminal_punct) {
      const bool terminal = ends_with(line, ".") || ends_with(line, "?") || ends_with(line, "!") ||
                            ends_with(line, "\"") || ends_with(line, "'");
      if (!terminal || ends_with(line, "...")) {
        ++r.removed_no_terminal_punct;
        continue;
      }
    }
    if (c.min_words_per_line && !counted) words = count_words(stripped, std::nullopt);
    if (c.min_words_per_line && static_cast<double>(words.count) < *c.min_words_per_line) {
      ++r.removed_too_few_words;
      continue;
    }
    lower_for_search(line, lower);
    if (c.filter_lorem_ipsum && contains(lower, "lorem ipsum")) {
      r.verdict = Verdict::drop("c4_lorem_ipsum", "\"text_line\":" + std::to_string(r.lines));
      return r;
    }
    if (c.filter_javascript && contains(lower, "javascript")) {
      ++r.removed_javascript;
      continue;
    }
    if (c.filter_curly_bracket && line.find('{') != std::string_view::npos) {
      r.verdict = Verdict::drop("c4_curly_bracket", "\"text_line\":" + std::to_string(r.lines));
      return r;
    }
    if (c.filter_policy && has_policy_phrase(lower)) {
      ++r.removed_policy;
      continue;
    }
    const bool need_sentences =
        c.min_num_sentences && (count_every_sentence || static_cast<double>(r.sentences) < *c.min_num_sentences);
    if (need_sentences) r.sentences += english_punkt().count_sentences(line);
    if (r.kept_lines++ > 0) kept.push_back('\n');
    kept.append(line);
  }
  if (c.min_num_sentences && static_cast<double>(r.sentences) < *c.min_num_sentences) {
    r.verdict = Verdict::drop("c4_too_few_sentences",
                              value_against(static_cast<double>(r.sentences), "min", *c.min_num_sentences));
    return r;
  }
  r.text = std::string(strip(kept));
  return r;
}

}  // namespace

C4QualityResult apply_c4_quality(std::string_view text, const C4QualityConfig& c, bool count_every_sentence) {
  thread_local std::vector<std::string_view> lines;
  split_lines_python(text, lines);
  return apply_to_lines(lines, c, count_every_sentence);
}

std::unique_ptr<Filter> make_c4_quality_filter(C4QualityConfig config, bool annotate_only) {
  return std::make_unique<C4QualityFilter>(config, annotate_only);
}

}  // namespace winnow::filters
