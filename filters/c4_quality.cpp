#include "filters/c4_quality.h"

#include <string.h>  // memmem

#include <array>

#include "filters/annotation.h"
#include "filters/char_class.h"
#include "filters/punkt.h"
#include "filters/text_lines.h"

namespace winnow::filters {
namespace {

bool ends_with(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }

// Python's line.lower() as far as ASCII phrases can tell: ASCII letters, and KELVIN SIGN which lowercases to
// 'k'. (Other characters never lowercase to ASCII alone: U+0130 gives "i" plus a combining dot.)
void lower_for_search(std::string_view s, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (s.compare(i, 3, "\xE2\x84\xAA") == 0) {
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

// CITATION_REGEX.sub("", line): \[\d*]|\[edit]|\[citation needed]  (\d: any decimal digit)
void remove_citations(std::string_view line, std::string& out) {
  out.clear();
  if (line.find('[') == std::string_view::npos) {
    out.assign(line);
    return;
  }
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
    out.push_back(line[i++]);
  }
}

void split_whitespace(std::string_view s, std::vector<std::string_view>& out) {  // str.split()
  out.clear();
  std::size_t p = 0;
  while (p < s.size()) {
    std::size_t q = p;
    if (has_class(next_code_point(s, q), kSpace)) {
      p = q;
      continue;
    }
    const std::size_t begin = p;
    while (p < s.size()) {
      q = p;
      if (has_class(next_code_point(s, q), kSpace)) break;
      p = q;
    }
    out.push_back(s.substr(begin, p - begin));
  }
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

class C4QualityFilter final : public Filter {
 public:
  C4QualityFilter(C4QualityConfig config, bool annotate_only) : config_(config), annotate_only_(annotate_only) {}
  std::string_view name() const override { return "c4_quality"; }
  Verdict keep(Document& doc) const override {
    // Dropping: sentences are counted only until there are enough (the count is reported only when too low).
    C4QualityResult r = apply_c4_quality(doc.text, config_, annotate_only_);
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

C4QualityResult apply_c4_quality(std::string_view text, const C4QualityConfig& c, bool count_every_sentence) {
  C4QualityResult r;
  thread_local std::vector<std::string_view> lines, words;
  split_lines_python(text, lines);
  std::string kept;
  for (const std::string_view raw_line : lines) {
    ++r.lines;
    const std::string_view stripped = strip(raw_line);
    split_whitespace(stripped, words);
    if (c.max_word_length) {
      bool too_long = false;
      for (const std::string_view w : words) {
        // A word has at most as many code points as bytes: count them only when the bytes are over.
        too_long |= static_cast<double>(w.size()) > *c.max_word_length &&
                    static_cast<double>(code_point_count(w)) > *c.max_word_length;
      }
      if (too_long) {
        ++r.removed_too_long_word;
        continue;
      }
    }
    thread_local std::string line, lower;
    if (c.remove_citations) {
      remove_citations(stripped, line);
    } else {
      line.assign(stripped);
    }
    if (c.filter_no_terminal_punct) {
      const bool terminal = ends_with(line, ".") || ends_with(line, "?") || ends_with(line, "!") ||
                            ends_with(line, "\"") || ends_with(line, "'");
      if (!terminal || ends_with(line, "...")) {
        ++r.removed_no_terminal_punct;
        continue;
      }
    }
    if (c.min_words_per_line && static_cast<double>(words.size()) < *c.min_words_per_line) {
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
    if (c.filter_curly_bracket && line.find('{') != std::string::npos) {
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

std::unique_ptr<Filter> make_c4_quality_filter(C4QualityConfig config, bool annotate_only) {
  return std::make_unique<C4QualityFilter>(config, annotate_only);
}

}  // namespace winnow::filters
