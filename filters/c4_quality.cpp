#include "filters/c4_quality.h"

#include <emmintrin.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>

#include "filters/annotation.h"
#include "filters/c4_phrases.h"
#include "filters/char_class.h"
#include "filters/punkt.h"
#include "filters/text_analysis.h"
#include "filters/text_lines.h"

namespace winnow::filters {
namespace {

bool ends_with(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }

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

// len(s.split()) for an ASCII line, 16 bytes at a time (SSE2: every x86-64 has it); nullopt if the line has a
// byte >= 0x80. ASCII whitespace for str.isspace is 0x09..0x0D and 0x1C..0x20 (a test compares this with the
// character table); a word starts at a non-space byte after a space or at the line's start. Per block the starts
// are ~space & (space shifted one byte on, the previous block's last byte in front), summed bytewise (0xFF =
// -1 per start) and folded with psadbw before a byte counter could wrap.
std::optional<std::size_t> count_ascii_words(std::string_view s) {
  const __m128i zero = _mm_setzero_si128();
  const auto is_space = [](__m128i c) {
    const __m128i controls = _mm_and_si128(_mm_cmpgt_epi8(c, _mm_set1_epi8(0x08)), _mm_cmplt_epi8(c, _mm_set1_epi8(0x0E)));
    const __m128i separators = _mm_and_si128(_mm_cmpgt_epi8(c, _mm_set1_epi8(0x1B)), _mm_cmplt_epi8(c, _mm_set1_epi8(0x21)));
    return _mm_or_si128(controls, separators);
  };
  std::size_t count = 0;
  __m128i previous = _mm_set1_epi8(-1);  // "a space before the line"
  __m128i starts = zero;                 // per byte lane: minus the starts seen since the last fold
  std::size_t blocks = 0;
  const auto block = [&](__m128i c) {
    const __m128i space = is_space(c);
    const __m128i space_before = _mm_or_si128(_mm_slli_si128(space, 1), _mm_srli_si128(previous, 15));
    starts = _mm_add_epi8(starts, _mm_andnot_si128(space, space_before));
    previous = space;
    if (++blocks == 255) {  // each lane has counted at most 255 starts
      const __m128i sums = _mm_sad_epu8(_mm_sub_epi8(zero, starts), zero);
      count += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) + static_cast<std::size_t>(_mm_extract_epi16(sums, 4));
      starts = zero;
      blocks = 0;
    }
  };
  std::size_t at = 0;
  for (; s.size() - at >= 16; at += 16) {
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + at));
    if (_mm_movemask_epi8(c) != 0) return std::nullopt;
    block(c);
  }
  if (at < s.size()) {
    char padded[16];
    std::memset(padded, ' ', 16);  // spaces after the line start no word
    std::memcpy(padded, s.data() + at, s.size() - at);
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(padded));
    if (_mm_movemask_epi8(c) != 0) return std::nullopt;
    block(c);
  }
  const __m128i sums = _mm_sad_epu8(_mm_sub_epi8(zero, starts), zero);
  return count + static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) + static_cast<std::size_t>(_mm_extract_epi16(sums, 4));
}

// len(s.split()) and whether one of those words is longer than max_chars code points, in one pass (C4 needs
// no more of the words). ASCII lines 16 bytes at a time (count_ascii_words), others by one table lookup per
// ASCII byte; code points are counted only for a word longer than max_chars bytes.
struct LineWords {
  std::size_t count = 0;
  bool too_long = false;
};
LineWords count_words(std::string_view s, const Threshold& max_chars) {
  LineWords r;
  // The common line: ASCII and no longer than max_chars bytes (so no word can be too long): 16 bytes at a time.
  if (!max_chars || static_cast<double>(s.size()) <= *max_chars) {
    if (const std::optional<std::size_t> count = count_ascii_words(s)) {
      r.count = *count;
      return r;
    }
    // a non-ASCII byte: Unicode spaces need decoding, below
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
    thread_local std::string citations_removed;
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
    const C4Phrases phrases = find_c4_phrases(line);
    if (c.filter_lorem_ipsum && phrases.lorem_ipsum) {
      r.verdict = Verdict::drop("c4_lorem_ipsum", "\"text_line\":" + std::to_string(r.lines));
      return r;
    }
    if (c.filter_javascript && phrases.javascript) {
      ++r.removed_javascript;
      continue;
    }
    if (c.filter_curly_bracket && phrases.curly_bracket) {
      r.verdict = Verdict::drop("c4_curly_bracket", "\"text_line\":" + std::to_string(r.lines));
      return r;
    }
    if (c.filter_policy && phrases.policy) {
      ++r.removed_policy;
      continue;
    }
    const bool need_sentences =
        c.min_num_sentences && (count_every_sentence || static_cast<double>(r.sentences) < *c.min_num_sentences);
    if (need_sentences) {
      // Dropping, a line's sentences are counted only up to the number still missing: Punkt stops reading a
      // long line there (the count only has to be right when it stays below the minimum).
      const std::size_t at_most =
          count_every_sentence
              ? SIZE_MAX
              : static_cast<std::size_t>(std::ceil(*c.min_num_sentences - static_cast<double>(r.sentences)));
      r.sentences += english_punkt().count_sentences(line, at_most);
    }
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
