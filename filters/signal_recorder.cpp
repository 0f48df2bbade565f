#include "filters/signal_recorder.h"

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <functional>
#include <map>

#include "filters/annotation.h"

namespace winnow::filters {
namespace {

std::optional<SignalThreshold> bound(Bound b, const Threshold& t) {
  if (!t) return std::nullopt;
  return SignalThreshold{b, *t};
}
SignalSpec spec(std::string key, SignalKind kind, std::optional<SignalThreshold> threshold = std::nullopt) {
  return SignalSpec{std::move(key), kind, threshold};
}

using Histograms = std::map<std::string, SignalHistogram, std::less<>>;

class SignalRecorder final : public Filter {
 public:
  SignalRecorder(std::unique_ptr<Filter> family, std::unique_ptr<Filter> measurer, std::vector<SignalSpec> specs)
      : family_(std::move(family)), measurer_(std::move(measurer)), specs_(std::move(specs)) {}

  std::string_view name() const override { return family_->name(); }

  Verdict keep(Document& doc) const override {
    Verdict verdict;
    {
      SignalCapture capture(/*write_to_document=*/measurer_ == nullptr);
      verdict = (measurer_ ? *measurer_ : *family_).keep(doc);
      Histograms& local = local_.local();
      for (const SignalCapture::Signal& signal : capture) histogram(local, signal.key).add(signal.value);
    }
    if (!measurer_) return verdict;  // annotate_only: the family annotated and kept the document
    return family_->keep(doc);
  }

  void write_stats(JsonBuilder& json) const override {
    family_->write_stats(json);
    Histograms total;
    for (const Histograms& local : local_) {
      for (const auto& [key, h] : local) histogram(total, key).merge(h);
    }
    // Rule order first (specs_), then any other signal by name: the same order on every run.
    std::vector<const std::string*> order;
    for (const SignalSpec& s : specs_) {
      if (total.count(s.key) && std::find_if(order.begin(), order.end(), [&](auto* k) { return *k == s.key; }) ==
                                    order.end()) {
        order.push_back(&s.key);
      }
    }
    for (const auto& entry : total) {  // not a structured binding: clang 14 cannot capture one in a lambda
      const std::string& key = entry.first;
      if (std::find_if(order.begin(), order.end(), [&](auto* k) { return *k == key; }) == order.end()) {
        order.push_back(&key);
      }
    }
    json.begin_object("signal_histograms");
    for (const std::string* key : order) {
      json.begin_object(*key);
      total.at(*key).write(json);
      json.end_object();
    }
    json.end_object();
  }

 private:
  SignalHistogram& histogram(Histograms& histograms, std::string_view key) const {
    const auto found = histograms.find(key);
    if (found != histograms.end()) return found->second;
    const auto s = std::find_if(specs_.begin(), specs_.end(), [&](const SignalSpec& x) { return x.key == key; });
    SignalHistogram fresh = s == specs_.end() ? SignalHistogram(SignalKind::count, std::nullopt)
                                               : SignalHistogram(s->kind, s->threshold);
    return histograms.emplace(std::string(key), std::move(fresh)).first->second;
  }

  std::unique_ptr<Filter> family_;
  std::unique_ptr<Filter> measurer_;
  std::vector<SignalSpec> specs_;
  mutable tbb::enumerable_thread_specific<Histograms> local_;
};

}  // namespace

std::vector<SignalSpec> signal_specs(const GopherQualityConfig& c) {
  return {
      spec("gopher_short_doc", SignalKind::count, bound(Bound::min, c.min_doc_words)),
      spec("gopher_long_doc", SignalKind::count, bound(Bound::max, c.max_doc_words)),
      spec("gopher_below_avg_threshold", SignalKind::length, bound(Bound::min, c.min_avg_word_length)),
      spec("gopher_above_avg_threshold", SignalKind::length, bound(Bound::max, c.max_avg_word_length)),
      spec("gopher_too_many_hashes", SignalKind::fraction, bound(Bound::max, c.max_symbol_word_ratio)),
      spec("gopher_too_many_ellipsis", SignalKind::fraction, bound(Bound::max, c.max_symbol_word_ratio)),
      spec("gopher_too_many_bullets", SignalKind::fraction, bound(Bound::max, c.max_bullet_lines_ratio)),
      spec("gopher_too_many_end_ellipsis", SignalKind::fraction, bound(Bound::max, c.max_ellipsis_lines_ratio)),
      spec("gopher_below_alpha_threshold", SignalKind::fraction, bound(Bound::min, c.max_non_alpha_words_ratio)),
      spec("gopher_enough_stop_words", SignalKind::count, bound(Bound::min, c.min_stop_words)),
  };
}

std::vector<SignalSpec> signal_specs(const GopherRepetitionConfig& c) {
  std::vector<SignalSpec> specs = {
      spec("dup_para_frac", SignalKind::fraction, bound(Bound::max, c.dup_para_frac)),
      spec("dup_para_char_frac", SignalKind::fraction, bound(Bound::max, c.dup_para_char_frac)),
      spec("dup_line_frac", SignalKind::fraction, bound(Bound::max, c.dup_line_frac)),
      spec("dup_line_char_frac", SignalKind::fraction, bound(Bound::max, c.dup_line_char_frac)),
  };
  for (const auto& [n, t] : c.top_n_grams) {
    specs.push_back(spec("top_" + std::to_string(n) + "_gram", SignalKind::fraction, bound(Bound::max, t)));
  }
  for (const auto& [n, t] : c.dup_n_grams) {
    specs.push_back(spec("duplicated_" + std::to_string(n) + "_n_grams", SignalKind::fraction, bound(Bound::max, t)));
  }
  return specs;
}

std::vector<SignalSpec> signal_specs(const C4QualityConfig& c) {
  // c4_lorem_ipsum / c4_curly_bracket hold the text line that dropped the document (no threshold).
  return {
      spec("c4_too_few_sentences", SignalKind::count, bound(Bound::min, c.min_num_sentences)),
      spec("c4_lorem_ipsum", SignalKind::count),
      spec("c4_curly_bracket", SignalKind::count),
      spec("lines", SignalKind::count),
      spec("kept_lines", SignalKind::count),
      spec("removed_too_long_word", SignalKind::count),
      spec("removed_no_terminal_punct", SignalKind::count),
      spec("removed_too_few_words", SignalKind::count),
      spec("removed_javascript", SignalKind::count),
      spec("removed_policy", SignalKind::count),
  };
}

std::vector<SignalSpec> signal_specs(const FineWebQualityConfig& c) {
  return {
      // The number of non-blank lines; the rule drops a document with none, i.e. below 1.
      spec("fineweb_empty", SignalKind::count, SignalThreshold{Bound::min, 1}),
      spec("fineweb_line_punct_ratio", SignalKind::fraction, bound(Bound::min, c.line_punct_thr)),
      spec("fineweb_short_line_ratio", SignalKind::fraction, bound(Bound::max, c.short_line_thr)),
      spec("fineweb_char_dup_ratio", SignalKind::fraction, bound(Bound::max, c.char_duplicates_ratio)),
      spec("fineweb_list_ratio", SignalKind::fraction, bound(Bound::max, c.new_line_ratio)),
  };
}

std::vector<SignalSpec> signal_specs(const BadWordsConfig& c) {
  std::optional<SignalThreshold> t;
  if (c.min_matched_terms > 0) t = SignalThreshold{Bound::at_least, c.min_matched_terms};
  return {spec("bad_words", SignalKind::count, t)};
}

std::vector<SignalSpec> signal_specs(const UrlFilterConfig& c) {
  // Each rule drops when its signal is at least 1 (the soft rule: soft_word_threshold); a rule without its list
  // measures 0 and has no threshold.
  const auto listed = [](const std::string& file) -> std::optional<SignalThreshold> {
    if (file.empty()) return std::nullopt;
    return SignalThreshold{Bound::at_least, 1};
  };
  std::optional<SignalThreshold> soft;
  if (!c.soft_banned_words_file.empty() && c.soft_word_threshold > 0) {
    soft = SignalThreshold{Bound::at_least, c.soft_word_threshold};
  }
  return {
      spec("url_domain_blocklist", SignalKind::count, listed(c.domains_file)),
      spec("url_subdomain_blocklist", SignalKind::count, listed(c.subdomains_file)),
      spec("url_blocklist", SignalKind::count, listed(c.urls_file)),
      spec("url_banned_word", SignalKind::count, listed(c.banned_words_file)),
      spec("url_soft_banned_words", SignalKind::count, soft),
      spec("url_banned_subword", SignalKind::count, listed(c.banned_subwords_file)),
  };
}

std::vector<SignalSpec> signal_specs(const LanguageIdConfig& c) {
  // The score rule only (min_score 0 = off); label_only drops nothing, but the threshold still says what the
  // rule would drop, as annotate_only's thresholds do.
  std::optional<SignalThreshold> t;
  if (c.min_score > 0) t = SignalThreshold{Bound::min, c.min_score};
  return {spec("language_not_kept", SignalKind::fraction, t)};
}

std::vector<SignalSpec> signal_specs(const CjkQualityConfig& c) {
  // Mean line lengths are code points per line, often far above 20: binned as counts (1-2-3-5 per decade).
  return {
      spec("cjk_char_ratio", SignalKind::fraction, bound(Bound::min, c.min_cjk_char_ratio)),
      spec("cjk_traditional_char_ratio", SignalKind::fraction, bound(Bound::max, c.max_traditional_char_ratio)),
      spec("cjk_short_lines", SignalKind::count, bound(Bound::min, c.min_mean_line_length)),
      spec("cjk_long_lines", SignalKind::count, bound(Bound::max, c.max_mean_line_length)),
      spec("cjk_top_char_ngram", SignalKind::fraction, bound(Bound::max, c.max_top_char_ngram_ratio)),
      spec("cjk_dup_char_ngram", SignalKind::fraction, bound(Bound::max, c.max_dup_char_ngram_ratio)),
  };
}

std::unique_ptr<Filter> record_signal_histograms(std::unique_ptr<Filter> family, std::unique_ptr<Filter> measurer,
                                                 std::vector<SignalSpec> specs) {
  return std::make_unique<SignalRecorder>(std::move(family), std::move(measurer), std::move(specs));
}

}  // namespace winnow::filters
