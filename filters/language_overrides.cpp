#include "filters/language_overrides.h"

#include <map>
#include <optional>

#include "filters/cjk_words.h"
#include "filters/record_field.h"
#include "filters/rule_config.h"
#include "src/error.h"

namespace winnow::filters {
namespace {

// One way a family decides the documents of one language (or the default one).
struct Variant {
  const Filter* filter = nullptr;  // null: the family is off for this language
  WordSplit word_split = kDefaultWordSplit;
  mutable RelaxedCounter documents;
};

class LanguageRoutedFilter final : public Filter {
 public:
  LanguageRoutedFilter(std::unique_ptr<Filter> base, WordSplit word_split) : base_(std::move(base)) {
    default_.filter = base_.get();
    default_.word_split = word_split;
  }
  void add_language(const std::string& language, std::unique_ptr<Filter> own, bool off, WordSplit word_split) {
    Variant& v = languages_[language];
    v.filter = off ? nullptr : own ? own.get() : base_.get();
    v.word_split = word_split;
    if (own) owned_.push_back(std::move(own));
  }
  std::string_view name() const override { return base_->name(); }
  Verdict keep(Document& doc) const override {
    const auto [language, variant] = pick(doc);
    variant->documents.add();
    if (variant->filter == nullptr) return Verdict::keep();
    const WordSplitScope scope(variant->word_split);
    Verdict verdict = variant->filter->keep(doc);
    if (!verdict.kept && language != nullptr) {
      verdict.fields += verdict.fields.empty() ? "\"language\":\"" : ",\"language\":\"";
      verdict.fields += *language;  // validated: [A-Za-z0-9_-]
      verdict.fields += '"';
    }
    return verdict;
  }
  void write_stats(JsonBuilder& json) const override {
    base_->write_stats(json);
    json.value("word_split", word_split_name(default_.word_split));
    if (languages_.empty()) return;
    json.value("default_documents", default_.documents.value());
    json.begin_object("languages");
    for (const auto& [language, v] : languages_) {
      json.begin_object(language);
      json.value("documents", v.documents.value());
      json.value("word_split", word_split_name(v.word_split));
      json.value("off", v.filter == nullptr);
      if (v.filter != nullptr && v.filter != base_.get()) {
        json.begin_object("variant");
        v.filter->write_stats(json);
        json.end_object();
      }
      json.end_object();
    }
    json.end_object();
  }

 private:
  std::pair<const std::string*, const Variant*> pick(const Document& doc) const {
    if (languages_.empty()) return {nullptr, &default_};
    thread_local std::string scratch;
    const std::string_view language = document_language(doc, scratch);
    if (language.empty()) return {nullptr, &default_};
    auto it = languages_.find(language);
    if (it == languages_.end()) {
      const std::size_t cut = language.find_first_of("-_");
      if (cut != std::string_view::npos) it = languages_.find(language.substr(0, cut));
    }
    if (it == languages_.end()) return {nullptr, &default_};
    return {&it->first, &it->second};
  }

  std::unique_ptr<Filter> base_;
  Variant default_;
  std::map<std::string, Variant, std::less<>> languages_;
  std::vector<std::unique_ptr<Filter>> owned_;
};

WordSplit read_word_split(const YamlValues& values, const YAML::Node& node, const std::string& path) {
  WordSplit mode = kDefaultWordSplit;
  if (!parse_word_split(values.string_value(node, path), mode)) values.fail(node, path + " must be nltk, icu or auto");
  return mode;
}

bool is_language_code(const std::string& code) {
  if (code.empty() || code.size() > 32) return false;
  for (const char c : code) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool is_false(const YAML::Node& node) {
  bool value = true;
  return node.IsScalar() && YAML::convert<bool>::decode(node, value) && !value;
}

// `base` with `changes` laid over it, key by key. Keys are the original nodes, so an error about one still
// names its line.
YAML::Node merge(const YAML::Node& base, const YAML::Node& changes) {
  YAML::Node merged(YAML::NodeType::Map);
  if (base.IsMap()) {
    for (const auto& entry : base) {
      if (changes.IsMap() && changes[entry.first.Scalar()]) continue;
      merged[entry.first] = entry.second;
    }
  }
  if (changes.IsMap()) {
    for (const auto& entry : changes) merged[entry.first] = entry.second;
  }
  return merged;
}

}  // namespace

std::vector<std::unique_ptr<Filter>> make_filters_with_languages(const ConfigSection& filters,
                                                                 const BuildFamilies& build) {
  std::vector<std::unique_ptr<Filter>> defaults = build(filters);
  const YAML::Node& top = filters.node;
  if (!top.IsMap() || (!top["word_split"] && !top["languages"])) return defaults;
  const YamlValues values = filters.values();
  const WordSplit word_split =
      top["word_split"] ? read_word_split(values, top["word_split"], "filters.word_split") : kDefaultWordSplit;

  std::vector<std::unique_ptr<LanguageRoutedFilter>> routed;
  std::vector<std::string> family_names;
  for (auto& filter : defaults) {
    family_names.emplace_back(filter->name());
    routed.push_back(std::make_unique<LanguageRoutedFilter>(std::move(filter), word_split));
  }
  const YAML::Node languages = top["languages"];
  if (languages && !YamlValues::is_null(languages)) {
    values.for_each_entry(languages, "filters.languages", {}, [&](const std::string& language, const YAML::Node& settings) {
      const std::string path = "filters.languages." + language;
      if (!is_language_code(language)) {
        values.fail(settings, path + ": a language code is 1 to 32 of A-Z a-z 0-9 - _");
      }
      // Families this language changes, and its word split.
      WordSplit language_split = word_split;
      std::map<std::string, YAML::Node> changed;
      if (!YamlValues::is_null(settings)) {
        values.for_each_entry(settings, path, {}, [&](const std::string& key, const YAML::Node& value) {
          if (key == "word_split") {
            language_split = read_word_split(values, value, path + ".word_split");
            return;
          }
          if (std::find(family_names.begin(), family_names.end(), key) == family_names.end()) {
            std::string known = "word_split";
            for (const std::string& name : family_names) known += ", " + name;
            values.fail(value, path + "." + key + ": not a family listed in filters: (known here: " + known + ")");
          }
          changed[key] = value;
        });
      }
      for (std::size_t i = 0; i < routed.size(); ++i) {
        const auto it = changed.find(family_names[i]);
        if (it == changed.end()) {
          routed[i]->add_language(language, nullptr, false, language_split);
          continue;
        }
        if (is_false(it->second)) {
          routed[i]->add_language(language, nullptr, true, language_split);
          continue;
        }
        if (!YamlValues::is_null(it->second) && !it->second.IsMap()) {
          values.fail(it->second, path + "." + it->first + " must be a mapping of settings, {} or false");
        }
        YAML::Node one(YAML::NodeType::Map);
        if (top["annotate_only"]) one["annotate_only"] = top["annotate_only"];
        one[it->first] = merge(top[it->first], it->second);
        std::vector<std::unique_ptr<Filter>> built = build(ConfigSection{one, filters.file});
        if (built.size() != 1) values.fail(it->second, path + "." + it->first + " did not build one filter");
        routed[i]->add_language(language, std::move(built[0]), false, language_split);
      }
    });
  }
  std::vector<std::unique_ptr<Filter>> out;
  for (auto& r : routed) out.push_back(std::move(r));
  return out;
}

std::string_view document_language(const Document& doc, std::string& scratch) {
  std::optional<std::string> language = document_string_field(doc, "language");
  if (!language) return {};
  scratch = *std::move(language);
  return scratch;
}

}  // namespace winnow::filters
