#include "filters/bad_words.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

#include "filters/annotation.h"
#include "filters/char_class.h"
#include "filters/rule_config.h"
#include "src/error.h"

namespace winnow::filters {
namespace {

re2::StringPiece piece(std::string_view s) { return re2::StringPiece(s.data(), s.size()); }

// Characters of scripts written without spaces between words: a term holding one matches as a substring.
const RE2& unspaced_script() {
  static const RE2 re(R"([\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}])");
  return re;
}

// Whole-word context: RE2's \b only knows ASCII, so the boundary is spelled out with Unicode classes.
constexpr const char* kNotWordChar = R"([^\p{L}\p{N}\p{M}_])";

struct ListEntry {
  std::string text;  // as written in the file (for the reject's "terms")
  std::size_t line;
};

std::vector<ListEntry> read_list(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file, 0, "cannot read this list file");
  std::vector<ListEntry> entries;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    const std::string_view entry = strip(line);
    if (entry.empty() || entry.front() == '#') continue;
    entries.push_back({std::string(entry), number});
  }
  return entries;
}

RE2::Options matching_options(bool longest) {
  RE2::Options options;
  options.set_case_sensitive(false);
  options.set_longest_match(longest);
  options.set_log_errors(false);
  options.set_max_mem(std::int64_t{256} << 20);  // large lists in one DFA; RE2's default (8 MB) runs out
  return options;
}

// One compiled list: a set and the entry each of its patterns came from.
struct CompiledSet {
  std::unique_ptr<RE2::Set> set;
  std::vector<const ListEntry*> entries;
  CompiledSet() : set(std::make_unique<RE2::Set>(matching_options(false), RE2::UNANCHORED)) {}
  void add(const std::string& pattern, const ListEntry& entry, const std::string& file) {
    std::string error;
    if (set->Add(piece(pattern), &error) < 0) throw Error(file, entry.line, "RE2 refuses this pattern: " + error);
    entries.push_back(&entry);
  }
  void compile(const std::string& file) {
    if (!entries.empty() && !set->Compile()) throw Error(file, 0, "RE2 could not compile the list (out of memory)");
  }
};

class BadWordsFilter final : public Filter {
 public:
  BadWordsFilter(const BadWordsConfig& config, bool annotate_only)
      : config_(config), annotate_only_(annotate_only) {
    if (!config.words_file.empty()) words_ = read_list(config.words_file);
    if (!config.regex_file.empty()) regexes_ = read_list(config.regex_file);
    if (!config.allow_file.empty()) allowed_ = read_list(config.allow_file);
    for (const ListEntry& word : words_) {
      const std::string quoted = RE2::QuoteMeta(word.text);
      if (RE2::PartialMatch(word.text, unspaced_script())) {
        unspaced_.add(quoted, word, config.words_file);
      } else {
        spaced_.add(std::string("(?:^|") + kNotWordChar + ")" + quoted + "(?:" + kNotWordChar + "|$)", word,
                    config.words_file);
      }
    }
    for (const ListEntry& regex : regexes_) spaced_.add(regex.text, regex, config.regex_file);
    spaced_.compile(config.words_file + " / " + config.regex_file);
    unspaced_.compile(config.words_file);
    if (!allowed_.empty() && !unspaced_.entries.empty()) {
      std::string alternation;
      for (const ListEntry& word : allowed_) alternation += (alternation.empty() ? "" : "|") + RE2::QuoteMeta(word.text);
      allow_ = std::make_unique<RE2>(alternation, matching_options(true));
      if (!allow_->ok()) throw Error(config.allow_file, 0, "RE2 could not compile the allow list: " + allow_->error());
    }
  }

  std::string_view name() const override { return "bad_words"; }

  Verdict keep(Document& doc) const override {
    thread_local std::vector<const ListEntry*> matched;
    matched.clear();
    match(spaced_, doc.text, matched);
    if (!unspaced_.entries.empty()) {
      if (allow_ && !allowed_.empty()) {
        std::string masked = doc.text;  // allow-listed words hide what they cover (a line break matches no term)
        RE2::GlobalReplace(&masked, *allow_, "\n");
        match(unspaced_, masked, matched);
      } else {
        match(unspaced_, doc.text, matched);
      }
    }
    const auto count = static_cast<double>(matched.size());
    Verdict verdict = Verdict::keep();
    if (config_.min_matched_terms > 0 && count >= config_.min_matched_terms) {
      verdict = Verdict::drop("bad_words", value_against(count, "min", config_.min_matched_terms) + terms_field(matched));
    }
    if (count > 0) documents_matched_.add();
    if (!annotate_only_) return verdict;
    FamilySignals signals;
    signals.add("bad_words", count);
    std::move(signals).write(doc, name(), verdict);
    return Verdict::keep();
  }

  void write_stats(JsonBuilder& json) const override {
    json.value("annotate_only", annotate_only_);
    json.value("min_matched_terms", config_.min_matched_terms);
    json.value("words", static_cast<std::uint64_t>(words_.size()));
    json.value("regexes", static_cast<std::uint64_t>(regexes_.size()));
    json.value("allowed", static_cast<std::uint64_t>(allowed_.size()));
    json.value("documents_matched", documents_matched_.value());
    json.value("match_errors", match_errors_.value());
  }

 private:
  // Adds the entries of `set` that match `text` (in list order) to `matched`.
  void match(const CompiledSet& set, std::string_view text, std::vector<const ListEntry*>& matched) const {
    if (set.entries.empty()) return;
    thread_local std::vector<int> hits;
    hits.clear();
    RE2::Set::ErrorInfo error;
    if (!set.set->Match(piece(text), &hits, &error) && error.kind != RE2::Set::kNoError) {
      match_errors_.add();  // the DFA ran out of memory: the document is judged on what else matched
      return;
    }
    std::sort(hits.begin(), hits.end());
    for (const int hit : hits) matched.push_back(set.entries[static_cast<std::size_t>(hit)]);
  }

  // ,"terms":[...]: the first ten matched entries, for the reject.
  static std::string terms_field(const std::vector<const ListEntry*>& matched) {
    std::string out = ",\"terms\":[";
    std::size_t n = 0;
    for (const ListEntry* entry : matched) {
      if (n == 10) break;
      if (n++) out.push_back(',');
      append_json_string(out, entry->text);
    }
    out.push_back(']');
    return out;
  }

  BadWordsConfig config_;
  bool annotate_only_;
  std::vector<ListEntry> words_, regexes_, allowed_;
  CompiledSet spaced_, unspaced_;
  std::unique_ptr<RE2> allow_;
  mutable RelaxedCounter documents_matched_, match_errors_;
};

}  // namespace

BadWordsConfig BadWordsConfig::from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path) {
  BadWordsConfig c;
  if (YamlValues::is_null(node)) values.fail(node, path + " needs words_file or regex_file");
  // Relative list paths are relative to the config file's folder.
  const std::filesystem::path base = std::filesystem::path(values.file()).parent_path();
  auto list_path = [&](const YAML::Node& value, const std::string& at) {
    const std::filesystem::path p(values.string_value(value, at));
    return (p.is_absolute() || base.empty() ? p : base / p).string();
  };
  values.for_each_entry(node, path, {"words_file", "regex_file", "allow_file", "min_matched_terms"},
                        [&](const std::string& key, const YAML::Node& value) {
                          const std::string at = path + "." + key;
                          if (key == "words_file") c.words_file = list_path(value, at);
                          if (key == "regex_file") c.regex_file = list_path(value, at);
                          if (key == "allow_file") c.allow_file = list_path(value, at);
                          if (key == "min_matched_terms") {
                            c.min_matched_terms = read_threshold(values, value, at, 1, 1e9).value_or(0);
                          }
                        });
  if (c.words_file.empty() && c.regex_file.empty()) values.fail(node, path + " needs words_file or regex_file");
  return c;
}

std::unique_ptr<Filter> make_bad_words_filter(const BadWordsConfig& config, bool annotate_only) {
  return std::make_unique<BadWordsFilter>(config, annotate_only);
}

}  // namespace winnow::filters
