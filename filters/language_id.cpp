#include "filters/language_id.h"

// CLD2's public header uses FILE without including <cstdio>.
#include <cstdio>
#include <cld2/public/compact_lang_det.h>

#include <algorithm>
#include <array>
#include <climits>

#include "filters/annotation.h"
#include "filters/rule_config.h"

namespace winnow::filters {

LanguageGuess identify_language(std::string_view text) {
  CLD2::Language top3[3];
  int percent3[3];
  double normalized_score3[3];
  int text_bytes = 0, valid_prefix_bytes = 0;
  bool reliable = false;
  const int length = static_cast<int>(std::min<std::size_t>(text.size(), INT_MAX));
  const CLD2::Language language = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      text.data(), length, /*is_plain_text=*/true, /*cld_hints=*/nullptr, /*flags=*/0, top3, percent3,
      normalized_score3, /*resultchunkvector=*/nullptr, &text_bytes, &reliable, &valid_prefix_bytes);
  LanguageGuess guess;
  guess.code = CLD2::LanguageCode(language);
  guess.reliable = reliable;
  guess.cld2_language = static_cast<int>(language);
  if (language != CLD2::UNKNOWN_LANGUAGE) {
    // The summary language is usually top3[0]; its share is that entry's percent (0 if CLD2 listed it nowhere).
    for (int i = 0; i < 3; ++i) {
      if (top3[i] == language) {
        guess.score = percent3[i] / 100.0;
        break;
      }
    }
  }
  return guess;
}

namespace {

bool same_or_base(std::string_view listed, std::string_view code) {
  if (listed == code) return true;
  const std::size_t dash = code.find_first_of("-_");
  return dash != std::string_view::npos && code.substr(0, dash) == listed;
}

class LanguageIdFilter final : public Filter {
 public:
  LanguageIdFilter(LanguageIdConfig config, bool annotate_only)
      : config_(std::move(config)), label_only_(config_.label_only || annotate_only), annotate_only_(annotate_only) {}

  std::string_view name() const override { return "language_id"; }

  Verdict keep(Document& doc) const override {
    const LanguageGuess guess = identify_language(doc.text);
    doc.added_metadata["language"] = json_string(guess.code);
    doc.added_metadata["language_score"] = format_number(guess.score);
    count_language(guess.cld2_language);
    if (!guess.reliable) unreliable_.add();

    const bool listed = config_.keep_languages.empty() ||
                        std::any_of(config_.keep_languages.begin(), config_.keep_languages.end(),
                                    [&](const std::string& keep) { return same_or_base(keep, guess.code); });
    const bool low_score = config_.min_score > 0 && guess.score < config_.min_score;
    Verdict verdict = Verdict::keep();
    if (!listed || low_score) {
      (!listed ? not_listed_ : low_score_).add();
      std::string fields = "\"language\":" + json_string(guess.code) + ",";
      fields += value_against(guess.score, "min", config_.min_score);
      if (!listed) fields += ",\"keep\":" + keep_list_json();
      verdict = Verdict::drop("language_not_kept", std::move(fields));
    }
    if (annotate_only_) {
      FamilySignals signals;
      signals.add("language_not_kept", guess.score);
      std::move(signals).write(doc, name(), verdict);
    }
    return label_only_ ? Verdict::keep() : verdict;
  }

  void write_stats(JsonBuilder& json) const override {
    json.value("label_only", label_only_);
    json.value("cld2_version", CLD2::DetectLanguageVersion());
    json.raw("keep_languages", keep_list_json());
    json.begin_object("thresholds");
    write_threshold(json, "min_score", config_.min_score > 0 ? std::optional<double>(config_.min_score) : std::nullopt);
    json.end_object();
    // Why documents fail the rule (in label-only mode: would fail). A document not listed is counted there
    // even when its score is also low.
    json.value("language_not_listed", not_listed_.value());
    json.value("score_below_min", low_score_.value());
    json.value("unreliable", unreliable_.value());
    json.begin_object("documents_by_language");
    for (std::size_t i = 0; i < by_language_.size(); ++i) {
      if (by_language_[i].value() == 0) continue;
      json.value(CLD2::LanguageCode(static_cast<CLD2::Language>(i)), by_language_[i].value());
    }
    json.end_object();
  }

 private:
  void count_language(int language) const {
    const auto index = static_cast<std::size_t>(language);
    by_language_[index < by_language_.size() ? index : 0].add();
  }

  std::string keep_list_json() const {
    std::string out = "[";
    for (std::size_t i = 0; i < config_.keep_languages.size(); ++i) {
      if (i) out.push_back(',');
      append_json_string(out, config_.keep_languages[i]);
    }
    return out + "]";
  }

  LanguageIdConfig config_;
  bool label_only_, annotate_only_;
  mutable RelaxedCounter not_listed_, low_score_, unreliable_;
  mutable std::array<RelaxedCounter, CLD2::NUM_LANGUAGES + 1> by_language_;  // indexed by CLD2::Language
};

}  // namespace

LanguageIdConfig LanguageIdConfig::from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path) {
  LanguageIdConfig c;
  if (YamlValues::is_null(node)) return c;
  values.for_each_entry(node, path, {"keep_languages", "min_score", "label_only"},
                        [&](const std::string& key, const YAML::Node& value) {
                          const std::string at = path + "." + key;
                          if (key == "keep_languages") c.keep_languages = values.string_list(value, at);
                          if (key == "min_score") c.min_score = read_threshold(values, value, at, 0, 1).value_or(0);
                          if (key == "label_only") c.label_only = values.bool_value(value, at);
                        });
  return c;
}

std::unique_ptr<Filter> make_language_id_filter(const LanguageIdConfig& config, bool annotate_only) {
  return std::make_unique<LanguageIdFilter>(config, annotate_only);
}

}  // namespace winnow::filters
