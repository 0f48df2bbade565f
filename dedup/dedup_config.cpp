#include "dedup/dedup_config.h"

namespace winnow::dedup {
namespace {

template <typename Enum>
Enum choice(const YamlValues& values, const YAML::Node& node, const std::string& path,
            std::initializer_list<std::pair<const char*, Enum>> choices) {
  const std::string text = values.string_value(node, path);
  std::string names;
  for (const auto& [name, value] : choices) {
    if (text == name) return value;
    names += std::string(names.empty() ? "" : ", ") + name;
  }
  values.fail(node, path + " must be one of " + names + ", got '" + text + "'");
}

}  // namespace

const char* scope_name(Scope scope) {
  switch (scope) {
    case Scope::global: return "global";
    case Scope::input: return "input";
    case Scope::field: return "field";
    case Scope::source: return "source";
  }
  return "?";
}

DedupConfig parse_dedup_config(const ConfigSection& section) {
  DedupConfig config;
  if (!section.present()) return config;
  const YamlValues values = section.values();
  values.for_each_entry(
      section.node, "dedup",
      {"exact", "exact_normalization", "url_field", "near", "mode", "ngram", "cjk_ngram", "bands", "rows", "seed",
       "verify", "verify_threshold", "keep", "scope", "scope_field", "save_index", "against_index", "execution",
       "keep_field", "annotate_kept_clusters"},
      [&](const std::string& key, const YAML::Node& value) {
        const std::string path = "dedup." + key;
        if (key == "exact") {
          config.exact = values.bool_value(value, path);
        } else if (key == "exact_normalization") {
          config.exact_normalization = choice<ExactNormalization>(
              values, value, path,
              {{"none", ExactNormalization::none}, {"whitespace", ExactNormalization::whitespace},
               {"minhash", ExactNormalization::minhash}});
        } else if (key == "url_field") {
          config.url_field = YamlValues::is_null(value) ? "" : values.string_value(value, path);
        } else if (key == "near") {
          config.near = values.bool_value(value, path);
        } else if (key == "mode") {
          config.minhash.mode =
              choice<WordMode>(values, value, path, {{"datatrove", WordMode::datatrove}, {"fast", WordMode::fast}});
        } else if (key == "ngram") {
          config.minhash.ngram = static_cast<std::size_t>(values.integer_value(value, path, 1, 64));
        } else if (key == "cjk_ngram") {
          config.minhash.cjk_ngram = static_cast<std::size_t>(values.integer_value(value, path, 1, 64));
        } else if (key == "bands") {
          config.minhash.bands = static_cast<std::size_t>(values.integer_value(value, path, 1, 256));
        } else if (key == "rows") {
          config.minhash.rows = static_cast<std::size_t>(values.integer_value(value, path, 1, 64));
        } else if (key == "seed") {
          // datatrove mode seeds numpy's MT19937, which takes 32 bits.
          config.minhash.seed = static_cast<std::uint64_t>(values.integer_value(value, path, 0, 4294967295));
        } else if (key == "verify") {
          config.verify = choice<Verification>(values, value, path,
                                               {{"none", Verification::none}, {"signature", Verification::signature}});
        } else if (key == "verify_threshold") {
          config.verify_threshold = values.number_value(value, path, 0.0, 1.0);
        } else if (key == "keep") {
          config.keep = choice<KeepRule>(values, value, path,
                                         {{"first", KeepRule::first}, {"longest", KeepRule::longest},
                                          {"field", KeepRule::field}});
        } else if (key == "keep_field") {
          config.keep_field = values.string_value(value, path);
        } else if (key == "annotate_kept_clusters") {
          config.annotate_kept_clusters = values.bool_value(value, path);
        } else if (key == "scope") {
          config.scope = choice<Scope>(values, value, path,
                                       {{"source", Scope::source}, {"global", Scope::global}, {"input", Scope::input},
                                        {"field", Scope::field}});
        } else if (key == "scope_field") {
          config.scope_field = values.string_value(value, path);
        } else if (key == "save_index") {
          config.save_index = YamlValues::is_null(value) ? "" : values.string_value(value, path);
        } else if (key == "against_index") {
          if (YamlValues::is_null(value)) {
            config.against_index.clear();
          } else if (value.IsSequence()) {
            config.against_index = values.string_list(value, path);
          } else {
            config.against_index = {values.string_value(value, path)};
          }
        } else if (key == "execution") {
          config.execution = choice<Execution>(
              values, value, path,
              {{"auto", Execution::automatic}, {"streaming", Execution::streaming}, {"staged", Execution::staged}});
        }
      });
  if (config.annotate_kept_clusters && config.keep == KeepRule::first) {
    values.fail(section.node, "dedup.annotate_kept_clusters needs keep: longest or field (with keep: first a kept "
                              "document's cluster is only complete after it was written)");
  }
  if (config.minhash.hashes() > 1024) {
    values.fail(section.node, "dedup: bands x rows must be at most 1024");
  }
  return config;
}

}  // namespace winnow::dedup
