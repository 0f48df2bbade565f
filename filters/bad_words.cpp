#include "filters/bad_words.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>
#include <vector>

#include "filters/annotation.h"
#include "filters/char_class.h"
#include "filters/list_file.h"
#include "filters/record_field.h"
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

// The whole-word pattern of a literal term.
std::string whole_word_pattern(const std::string& term) {
  return std::string("(?:^|") + kNotWordChar + ")" + RE2::QuoteMeta(term) + "(?:" + kNotWordChar + "|$)";
}

RE2::Options matching_options(bool longest) {
  RE2::Options options;
  options.set_case_sensitive(false);
  options.set_longest_match(longest);
  options.set_log_errors(false);
  options.set_max_mem(std::int64_t{256} << 20);  // large lists in one DFA; RE2's default (8 MB) runs out
  return options;
}

// A whole-word term is found in two steps. Why: the boundary is two large Unicode classes; written into every
// pattern of a set, 403 entries (LDNOOBW en) took ~0.8 s of CPU to compile and the 28 lists ~3 s, and the DFA
// over them scanned at ~17 MB/s. So the set holds only the case-insensitive literal (a necessary condition:
// the whole-word pattern cannot match where the literal does not occur), and a term the set reports is
// confirmed by its own whole-word RE2, compiled the first time a document needs it. Same answers by construction.
class WordConfirmation {
 public:
  explicit WordConfirmation(std::string pattern) : pattern_(std::move(pattern)) {}
  // True when the whole-word pattern matches `text`; false (and `failed`) if RE2 cannot compile it.
  bool matches(std::string_view text, bool& failed) const {
    std::call_once(once_, [this] {
      auto re = std::make_unique<RE2>(pattern_, matching_options(false));
      if (re->ok()) re_ = std::move(re);
    });
    if (!re_) {
      failed = true;
      return false;
    }
    return RE2::PartialMatch(piece(text), *re_);
  }

 private:
  std::string pattern_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<RE2> re_;
};

// One compiled list: a set, the entry each of its patterns came from, and for whole-word terms the confirmation.
struct CompiledSet {
  std::unique_ptr<RE2::Set> set;
  std::vector<const ListEntry*> entries;
  std::vector<std::unique_ptr<WordConfirmation>> confirmations;  // null: a set hit is a match
  CompiledSet() : set(std::make_unique<RE2::Set>(matching_options(false), RE2::UNANCHORED)) {}
  void add(const std::string& pattern, const ListEntry& entry, const std::string& file) {
    std::string error;
    if (set->Add(piece(pattern), &error) < 0) throw Error(file, entry.line, "RE2 refuses this pattern: " + error);
    entries.push_back(&entry);
    confirmations.emplace_back();
  }
  void add_whole_word(const ListEntry& entry, const std::string& file) {
    add(RE2::QuoteMeta(entry.text), entry, file);
    confirmations.back() = std::make_unique<WordConfirmation>(whole_word_pattern(entry.text));
  }
  void compile(const std::string& file) {
    if (!entries.empty() && !set->Compile()) throw Error(file, 0, "RE2 could not compile the list (out of memory)");
  }
};

// One language's LDNOOBW list, compiled: every entry a substring (ja, zh, ko, th) or every entry a whole word.
struct LanguageList {
  std::string language, file;
  bool substring = false;
  std::vector<ListEntry> entries;
  CompiledSet set;
  mutable RelaxedCounter documents, matched;  // documents of this language seen; those with a match in this list
};

// Reads `language`'s list from `dir`: entries in file order, duplicates (same text) and allow-listed entries out.
std::unique_ptr<LanguageList> load_language_list(const std::string& dir, const std::string& language,
                                                 const std::vector<std::string>& allowed) {
  auto list = std::make_unique<LanguageList>();
  list->language = language;
  list->file = (std::filesystem::path(dir) / (language + ".txt")).string();
  list->substring = is_unspaced_language(language);
  if (!std::filesystem::is_regular_file(list->file)) {
    throw Error(list->file, 0,
                "no bad-word list for language '" + language +
                    "' (run scripts/fetch-filter-data, or set bad_words.lists_dir to a folder of <lang>.txt files)");
  }
  std::set<std::string> seen(allowed.begin(), allowed.end());
  // The LDNOOBW lists have no comment lines: an entry there may start with "#".
  for (ListEntry& entry : read_list_file(list->file, /*comments=*/false)) {
    if (seen.insert(entry.text).second) list->entries.push_back(std::move(entry));
  }
  for (const ListEntry& entry : list->entries) {
    if (list->substring) {
      list->set.add(RE2::QuoteMeta(entry.text), entry, list->file);
    } else {
      list->set.add_whole_word(entry, list->file);
    }
  }
  list->set.compile(list->file);
  return list;
}

// The language codes `lists` names; "all" = every <lang>.txt in dir, in name order.
std::vector<std::string> list_languages(const BadWordsConfig& config, const std::string& dir) {
  if (!(config.lists.size() == 1 && config.lists[0] == "all")) return config.lists;
  std::vector<std::string> languages;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.path().extension() == ".txt") languages.push_back(entry.path().stem().string());
  }
  if (error || languages.empty()) {
    throw Error(dir, 0, "no <lang>.txt bad-word lists here (run scripts/fetch-filter-data, or set bad_words.lists_dir)");
  }
  std::sort(languages.begin(), languages.end());
  return languages;
}

class BadWordsFilter final : public Filter {
 public:
  BadWordsFilter(const BadWordsConfig& config, bool annotate_only)
      : config_(config), annotate_only_(annotate_only) {
    if (!config.lists.empty()) {
      lists_dir_ = config.lists_dir.empty() ? default_lists_dir() : config.lists_dir;
      for (const std::string& language : list_languages(config, lists_dir_)) {
        if (list_index_.count(language)) continue;  // named twice
        const auto allowed = config.list_allowlist.find(language);
        static const std::vector<std::string> none;
        auto list = load_language_list(lists_dir_, language,
                                       allowed == config.list_allowlist.end() ? none : allowed->second);
        list_index_.emplace(language, language_lists_.size());
        language_lists_.push_back(std::move(list));
      }
    }
    if (!config.words_file.empty()) words_ = read_list_file(config.words_file);
    if (!config.regex_file.empty()) regexes_ = read_list_file(config.regex_file);
    if (!config.allow_file.empty()) allowed_ = read_list_file(config.allow_file);
    for (const ListEntry& word : words_) {
      const std::string quoted = RE2::QuoteMeta(word.text);
      if (RE2::PartialMatch(word.text, unspaced_script())) {
        unspaced_.add(quoted, word, config.words_file);
      } else {
        spaced_.add_whole_word(word, config.words_file);
      }
    }
    for (const ListEntry& regex : regexes_) spaced_.add(regex.text, regex, config.regex_file);
    spaced_.compile(config.words_file + " / " + config.regex_file);
    unspaced_.compile(config.words_file);
    const bool any_substring_list = std::any_of(language_lists_.begin(), language_lists_.end(),
                                                [](const auto& list) { return list->substring; });
    if (!allowed_.empty() && (!unspaced_.entries.empty() || any_substring_list)) {
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
    thread_local std::string masked;  // the text with allow-listed words hidden, built once if a substring set needs it
    bool masked_ready = false;
    auto substring_text = [&]() -> std::string_view {
      if (!allow_) return doc.text;
      if (!masked_ready) {
        masked = doc.text;  // allow-listed words hide what they cover (a line break matches no term)
        RE2::GlobalReplace(&masked, *allow_, "\n");
        masked_ready = true;
      }
      return masked;
    };
    if (!unspaced_.entries.empty()) match(unspaced_, substring_text(), matched);
    std::string language_field;
    if (!language_lists_.empty()) {
      const std::string language = document_language(doc);
      if (const LanguageList* list = list_for(language)) {
        list->documents.add();
        const std::size_t before = matched.size();
        match(list->set, list->substring ? substring_text() : std::string_view(doc.text), matched);
        if (matched.size() > before) list->matched.add();
      } else {
        count_language_without_list(language);
      }
      language_field = ",\"language\":";
      append_json_string(language_field, language);
    }
    const auto count = static_cast<double>(matched.size());
    Verdict verdict = Verdict::keep();
    if (config_.min_matched_terms > 0 && count >= config_.min_matched_terms) {
      verdict = Verdict::drop("bad_words",
                              value_against(count, "min", config_.min_matched_terms) + terms_field(matched) + language_field);
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
    if (language_lists_.empty()) return;
    json.value("lists_dir", lists_dir_);
    json.value("default_language", config_.default_language);
    json.begin_object("language_from");  // where each document's language came from
    json.value("added_metadata", language_from_metadata_.value());
    json.value("record", language_from_record_.value());
    json.value("default", language_from_default_.value());
    json.end_object();
    json.begin_object("lists");  // per language: entries, documents checked against it, documents it matched
    for (const auto& list : language_lists_) {
      json.begin_object(list->language);
      json.value("entries", static_cast<std::uint64_t>(list->entries.size()));
      json.value("substring", list->substring);
      json.value("documents", list->documents.value());
      json.value("documents_matched", list->matched.value());
      json.end_object();
    }
    json.end_object();
    json.begin_object("languages_without_list");  // documents whose language has no list (not checked by one)
    const std::lock_guard lock(without_list_mutex_);
    for (const auto& [language, count] : without_list_) json.value(language, count);
    json.end_object();
  }

 private:
  // added_metadata (language_id), then the record's own field, then the default.
  std::string document_language(const Document& doc) const {
    FieldSource source = FieldSource::absent;
    std::optional<std::string> language = document_string_field(doc, "language", &source);
    if (language && !language->empty()) {
      (source == FieldSource::added_metadata ? language_from_metadata_ : language_from_record_).add();
      return *std::move(language);
    }
    language_from_default_.add();
    return config_.default_language;
  }

  // The list of `language`, else of its code without the region ("zh-Hant" -> "zh"); null when neither exists.
  const LanguageList* list_for(std::string_view language) const {
    auto found = list_index_.find(language);
    if (found == list_index_.end()) {
      const std::size_t dash = language.find_first_of("-_");
      if (dash != std::string_view::npos) found = list_index_.find(language.substr(0, dash));
    }
    return found == list_index_.end() ? nullptr : language_lists_[found->second].get();
  }

  void count_language_without_list(const std::string& language) const {
    const std::lock_guard lock(without_list_mutex_);
    ++without_list_[language.size() > 64 ? language.substr(0, 64) : language];  // a bounded key, whatever the input
  }

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
    for (const int hit : hits) {
      const auto i = static_cast<std::size_t>(hit);
      if (const WordConfirmation* confirm = set.confirmations[i].get()) {
        bool failed = false;
        const bool whole_word = confirm->matches(text, failed);
        if (failed) match_errors_.add();
        if (!whole_word) continue;
      }
      matched.push_back(set.entries[i]);
    }
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
  std::string lists_dir_;
  std::vector<std::unique_ptr<LanguageList>> language_lists_;  // stable addresses: CompiledSet points into them
  std::map<std::string, std::size_t, std::less<>> list_index_;
  mutable RelaxedCounter documents_matched_, match_errors_;
  mutable RelaxedCounter language_from_metadata_, language_from_record_, language_from_default_;
  mutable std::mutex without_list_mutex_;  // taken only for documents whose language has no list
  mutable std::map<std::string, std::uint64_t> without_list_;
};

}  // namespace

std::map<std::string, std::vector<std::string>> BadWordsConfig::datatrove_list_allowlist() {
  return {{"ja", {"sm", "グロ", "女の子"}}, {"zh", {"性"}}};
}

bool is_unspaced_language(std::string_view language) {
  const std::string_view base = language.substr(0, language.find_first_of("-_"));
  return base == "ja" || base == "zh" || base == "ko" || base == "th";
}

std::string default_lists_dir() {
  const char* env = std::getenv("WINNOW_FILTER_DATA_DIR");
  if (env && *env) return (std::filesystem::path(env) / "naughty-words").string();
  if (std::filesystem::is_directory(".cache/filter-data/naughty-words")) return ".cache/filter-data/naughty-words";
#ifdef WINNOW_DEFAULT_FILTER_DATA_DIR
  return (std::filesystem::path(WINNOW_DEFAULT_FILTER_DATA_DIR) / "naughty-words").string();
#else
  return ".cache/filter-data/naughty-words";
#endif
}

BadWordsConfig BadWordsConfig::from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path) {
  BadWordsConfig c;
  const std::string needs = path + " needs lists, words_file or regex_file";
  if (YamlValues::is_null(node)) values.fail(node, needs);
  auto list_path = [&](const YAML::Node& value, const std::string& at) { return config_relative_path(values, value, at); };
  auto language_code = [&](const YAML::Node& value, const std::string& at, const std::string& code) {
    const bool plain = !code.empty() && code.size() <= 64 &&
                       std::all_of(code.begin(), code.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_'; });
    if (!plain) values.fail(value, at + ": '" + code + "' is not a language code (letters, digits, '-', '_')");
    return code;
  };
  values.for_each_entry(node, path,
                        {"words_file", "regex_file", "allow_file", "min_matched_terms", "lists", "lists_dir",
                         "default_language", "list_allowlist"},
                        [&](const std::string& key, const YAML::Node& value) {
                          const std::string at = path + "." + key;
                          if (key == "words_file") c.words_file = list_path(value, at);
                          if (key == "regex_file") c.regex_file = list_path(value, at);
                          if (key == "allow_file") c.allow_file = list_path(value, at);
                          if (key == "lists_dir") c.lists_dir = list_path(value, at);
                          if (key == "min_matched_terms") {
                            c.min_matched_terms = read_threshold(values, value, at, 1, 1e9).value_or(0);
                          }
                          if (key == "default_language") c.default_language = language_code(value, at, values.string_value(value, at));
                          if (key == "lists") {
                            if (value.IsScalar() && value.as<std::string>() == "all") {
                              c.lists = {"all"};
                            } else {
                              for (const std::string& code : values.string_list(value, at)) c.lists.push_back(language_code(value, at, code));
                            }
                          }
                          if (key == "list_allowlist") {  // replaces the default map; {} = no allow-list
                            c.list_allowlist.clear();
                            if (!YamlValues::is_null(value)) {
                              values.for_each_entry(value, at, {}, [&](const std::string& language, const YAML::Node& words) {
                                c.list_allowlist[language_code(words, at, language)] = values.string_list(words, at + "." + language);
                              });
                            }
                          }
                        });
  if (c.words_file.empty() && c.regex_file.empty() && c.lists.empty()) values.fail(node, needs);
  return c;
}

std::unique_ptr<Filter> make_bad_words_filter(const BadWordsConfig& config, bool annotate_only) {
  return std::make_unique<BadWordsFilter>(config, annotate_only);
}

}  // namespace winnow::filters
