#include "filters/url_filter.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <unordered_set>
#include <vector>

#include "filters/annotation.h"
#include "filters/char_class.h"
#include "filters/list_file.h"
#include "filters/record_field.h"
#include "filters/rule_config.h"
#include "src/error.h"

namespace winnow::filters {
namespace {

bool is_ascii_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowercase_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

std::string normalize(std::string_view s) {  // lowercased, ASCII letters and digits only
  std::string out;
  for (const char c : s) {
    if (is_ascii_alnum(c)) out.push_back(ascii_lower(c));
  }
  return out;
}

// A domain as listed: lowercased, without a leading "*." / "." or a trailing ".".
std::string listed_domain(std::string_view entry) {
  std::string d = lowercase_ascii(entry);
  if (d.rfind("*.", 0) == 0) d.erase(0, 2);
  while (!d.empty() && d.front() == '.') d.erase(0, 1);
  while (!d.empty() && d.back() == '.') d.pop_back();
  return d;
}

// Heterogeneous lookup: a std::string_view finds a std::string without building one.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

StringSet read_set(const std::string& file, std::string (*transform)(std::string_view)) {
  StringSet set;
  if (file.empty()) return set;
  for (const ListEntry& entry : read_list_file(file)) {
    std::string key = transform(entry.text);
    if (!key.empty()) set.insert(std::move(key));
  }
  return set;
}

std::string as_is(std::string_view s) { return std::string(s); }

// What each rule found for one URL; every rule is measured (annotate mode reports them all).
struct UrlSignals {
  std::string_view domain;  // the listed domain that matched, or empty
  bool subdomain = false;
  bool url = false;
  std::vector<std::string> banned_words, soft_words;  // distinct, in URL order
  std::vector<int> subwords;                           // indexes of the matched banned subwords, sorted
};

}  // namespace

UrlParts split_url(std::string_view url) {
  UrlParts parts;
  parts.normalized = normalize(url);
  std::string_view rest = strip(url);
  const std::size_t scheme = rest.find("://");
  if (scheme != std::string_view::npos && rest.find_first_of("/?#") > scheme) {
    rest.remove_prefix(scheme + 3);
  } else if (rest.rfind("//", 0) == 0) {
    rest.remove_prefix(2);  // scheme-relative
  }
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (!authority.empty() && authority.front() == '[') {  // IPv6 literal: keep [..], drop the port after it
    const std::size_t close = authority.find(']');
    authority = authority.substr(0, close == std::string_view::npos ? authority.size() : close + 1);
  } else {
    authority = authority.substr(0, authority.find(':'));
  }
  parts.host = lowercase_ascii(authority);
  while (!parts.host.empty() && parts.host.back() == '.') parts.host.pop_back();
  return parts;
}

namespace {

class UrlFilter final : public Filter {
 public:
  UrlFilter(const UrlFilterConfig& config, bool annotate_only) : config_(config), annotate_only_(annotate_only) {
    domains_ = read_set(config.domains_file, listed_domain);
    subdomains_ = read_set(config.subdomains_file, listed_domain);
    urls_ = read_set(config.urls_file, as_is);
    banned_words_ = read_set(config.banned_words_file, normalize);
    soft_words_ = read_set(config.soft_banned_words_file, normalize);
    if (!config.banned_subwords_file.empty()) {
      RE2::Options options;
      options.set_log_errors(false);
      options.set_max_mem(std::int64_t{256} << 20);
      subword_set_ = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
      for (const ListEntry& entry : read_list_file(config.banned_subwords_file)) {
        const std::string key = normalize(entry.text);
        if (key.empty()) continue;  // nothing of it survives normalization: it could match nothing
        std::string error;
        if (subword_set_->Add(RE2::QuoteMeta(key), &error) < 0) throw Error(config.banned_subwords_file, entry.line, error);
        subwords_.push_back(key);
      }
      if (!subwords_.empty() && !subword_set_->Compile()) {
        throw Error(config.banned_subwords_file, 0, "RE2 could not compile the list (out of memory)");
      }
    }
  }

  std::string_view name() const override { return "url_filter"; }

  Verdict keep(Document& doc) const override {
    const std::optional<std::string> url = document_string_field(doc, config_.url_key);
    const std::string_view trimmed = url ? strip(*url) : std::string_view();
    if (trimmed.empty()) {
      without_url_.add();
      if (annotate_only_) {
        FamilySignals signals;
        signals.add_raw("url", "null");
        std::move(signals).write(doc, name(), Verdict::keep());
      }
      return Verdict::keep();
    }
    const UrlSignals s = measure(trimmed);
    const Verdict verdict = decide(s);
    if (!annotate_only_) return verdict;
    FamilySignals signals;
    signals.add("url_domain_blocklist", s.domain.empty() ? 0 : 1);
    signals.add("url_subdomain_blocklist", s.subdomain ? 1 : 0);
    signals.add("url_blocklist", s.url ? 1 : 0);
    signals.add("url_banned_word", static_cast<double>(s.banned_words.size()));
    signals.add("url_soft_banned_words", static_cast<double>(s.soft_words.size()));
    signals.add("url_banned_subword", static_cast<double>(s.subwords.size()));
    std::move(signals).write(doc, name(), verdict);
    return Verdict::keep();
  }

  void write_stats(JsonBuilder& json) const override {
    json.value("annotate_only", annotate_only_);
    json.value("url_key", config_.url_key);
    json.begin_object("lists");  // entries per list
    json.value("domains", static_cast<std::uint64_t>(domains_.size()));
    json.value("subdomains", static_cast<std::uint64_t>(subdomains_.size()));
    json.value("urls", static_cast<std::uint64_t>(urls_.size()));
    json.value("banned_words", static_cast<std::uint64_t>(banned_words_.size()));
    json.value("soft_banned_words", static_cast<std::uint64_t>(soft_words_.size()));
    json.value("banned_subwords", static_cast<std::uint64_t>(subwords_.size()));
    json.end_object();
    json.begin_object("thresholds");
    write_threshold(json, "soft_word_threshold", soft_threshold());
    json.end_object();
    json.value("documents_without_url", without_url_.value());
    json.value("match_errors", match_errors_.value());
    // Documents each rule matched, whichever rule decided (a document can count under several; the ledger's
    // `dropped` counts each drop once, under the first rule that held).
    json.begin_object("documents_matched");
    for (std::size_t i = 0; i < kRules; ++i) json.value(kRuleNames[i], matched_[i].value());
    json.end_object();
  }

 private:
  static constexpr std::size_t kRules = 6;
  static constexpr const char* kRuleNames[kRules] = {"url_domain_blocklist", "url_subdomain_blocklist",
                                                     "url_blocklist",        "url_banned_word",
                                                     "url_soft_banned_words", "url_banned_subword"};

  std::optional<double> soft_threshold() const {
    return config_.soft_word_threshold > 0 ? std::optional<double>(config_.soft_word_threshold) : std::nullopt;
  }

  UrlSignals measure(std::string_view url) const {
    UrlSignals s;
    const UrlParts parts = split_url(url);
    // The host and each parent at a label boundary: a.b.example.com, b.example.com, example.com, com.
    for (std::string_view h = parts.host; !h.empty() && s.domain.empty();) {
      if (const auto found = domains_.find(h); found != domains_.end()) s.domain = *found;
      const std::size_t dot = h.find('.');
      h = dot == std::string_view::npos ? std::string_view() : h.substr(dot + 1);
    }
    s.subdomain = !parts.host.empty() && subdomains_.count(std::string_view(parts.host)) > 0;
    s.url = urls_.count(url) > 0;
    if (!banned_words_.empty() || !soft_words_.empty()) {
      std::string word;
      auto take = [&] {
        if (word.empty()) return;
        auto add_distinct = [&](std::vector<std::string>& to) {
          if (std::find(to.begin(), to.end(), word) == to.end()) to.push_back(word);
        };
        if (banned_words_.count(std::string_view(word))) add_distinct(s.banned_words);
        if (soft_words_.count(std::string_view(word))) add_distinct(s.soft_words);
        word.clear();
      };
      for (const char c : url) {
        if (is_ascii_alnum(c)) {
          word.push_back(ascii_lower(c));
        } else {
          take();
        }
      }
      take();
    }
    if (!subwords_.empty()) {
      RE2::Set::ErrorInfo error;
      if (!subword_set_->Match(parts.normalized, &s.subwords, &error) && error.kind != RE2::Set::kNoError) {
        match_errors_.add();
      }
      std::sort(s.subwords.begin(), s.subwords.end());
    }
    if (!s.domain.empty()) matched_[0].add();
    if (s.subdomain) matched_[1].add();
    if (s.url) matched_[2].add();
    if (!s.banned_words.empty()) matched_[3].add();
    if (soft_threshold() && static_cast<double>(s.soft_words.size()) >= config_.soft_word_threshold) matched_[4].add();
    if (!s.subwords.empty()) matched_[5].add();
    return s;
  }

  Verdict decide(const UrlSignals& s) const {
    if (!s.domain.empty()) return Verdict::drop("url_domain_blocklist", "\"domain\":" + json_string(s.domain));
    if (s.subdomain) return Verdict::drop("url_subdomain_blocklist");
    if (s.url) return Verdict::drop("url_blocklist");
    if (!s.banned_words.empty()) return Verdict::drop("url_banned_word", "\"word\":" + json_string(s.banned_words[0]));
    const auto soft = static_cast<double>(s.soft_words.size());
    if (soft_threshold() && soft >= config_.soft_word_threshold) {
      std::string fields = value_against(soft, "min", config_.soft_word_threshold) + ",\"words\":[";
      for (std::size_t i = 0; i < s.soft_words.size(); ++i) {
        if (i) fields.push_back(',');
        append_json_string(fields, s.soft_words[i]);
      }
      return Verdict::drop("url_soft_banned_words", fields + "]");
    }
    if (!s.subwords.empty()) {
      return Verdict::drop("url_banned_subword", "\"subword\":" + json_string(subwords_[static_cast<std::size_t>(s.subwords[0])]));
    }
    return Verdict::keep();
  }

  UrlFilterConfig config_;
  bool annotate_only_;
  StringSet domains_, subdomains_, urls_, banned_words_, soft_words_;
  std::vector<std::string> subwords_;
  std::unique_ptr<RE2::Set> subword_set_;
  mutable RelaxedCounter without_url_, match_errors_;
  mutable RelaxedCounter matched_[kRules];
};

}  // namespace

UrlFilterConfig UrlFilterConfig::from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path) {
  UrlFilterConfig c;
  const std::string needs = path + " needs at least one list (domains_file, subdomains_file, urls_file, " +
                            "banned_words_file, soft_banned_words_file, banned_subwords_file)";
  if (YamlValues::is_null(node)) values.fail(node, needs);
  values.for_each_entry(node, path,
                        {"url_key", "domains_file", "subdomains_file", "urls_file", "banned_words_file",
                         "soft_banned_words_file", "soft_word_threshold", "banned_subwords_file"},
                        [&](const std::string& key, const YAML::Node& value) {
                          const std::string at = path + "." + key;
                          if (key == "url_key") {
                            c.url_key = values.string_value(value, at);
                            if (c.url_key.empty()) values.fail(value, at + " must not be empty");
                          }
                          if (key == "domains_file") c.domains_file = config_relative_path(values, value, at);
                          if (key == "subdomains_file") c.subdomains_file = config_relative_path(values, value, at);
                          if (key == "urls_file") c.urls_file = config_relative_path(values, value, at);
                          if (key == "banned_words_file") c.banned_words_file = config_relative_path(values, value, at);
                          if (key == "soft_banned_words_file") {
                            c.soft_banned_words_file = config_relative_path(values, value, at);
                          }
                          if (key == "banned_subwords_file") c.banned_subwords_file = config_relative_path(values, value, at);
                          if (key == "soft_word_threshold") {
                            c.soft_word_threshold = read_threshold(values, value, at, 1, 1e6).value_or(0);
                          }
                        });
  if (c.domains_file.empty() && c.subdomains_file.empty() && c.urls_file.empty() && c.banned_words_file.empty() &&
      c.soft_banned_words_file.empty() && c.banned_subwords_file.empty()) {
    values.fail(node, needs);
  }
  return c;
}

std::unique_ptr<Filter> make_url_filter(const UrlFilterConfig& config, bool annotate_only) {
  return std::make_unique<UrlFilter>(config, annotate_only);
}

}  // namespace winnow::filters
