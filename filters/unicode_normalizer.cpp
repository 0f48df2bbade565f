#include "filters/unicode_normalizer.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <cstdint>
#include <cstring>

#include "filters/rule_config.h"
#include "src/error.h"

namespace winnow::filters {
namespace {

// ICU's instances are process-wide singletons, built once and safe to use from every thread.
const icu::Normalizer2& normalizer_for(NormalizationForm form) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = nullptr;
  switch (form) {
    case NormalizationForm::nfc: normalizer = icu::Normalizer2::getNFCInstance(status); break;
    case NormalizationForm::nfkc: normalizer = icu::Normalizer2::getNFKCInstance(status); break;
    case NormalizationForm::nfd: normalizer = icu::Normalizer2::getNFDInstance(status); break;
    case NormalizationForm::nfkd: normalizer = icu::Normalizer2::getNFKDInstance(status); break;
  }
  if (U_FAILURE(status) || normalizer == nullptr) {
    throw Error(std::string("ICU cannot load the ") + std::string(form_name(form)) + " data: " + u_errorName(status));
  }
  return *normalizer;
}

// Length of the ASCII prefix of `text`, 8 bytes at a time.
std::size_t ascii_prefix(std::string_view text) {
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, text.data() + i, 8);
    if (chunk & 0x8080808080808080ULL) break;
  }
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  return i;
}

class UnicodeNormalizer final : public Filter {
 public:
  explicit UnicodeNormalizer(UnicodeNormalizerConfig config) : config_(config) {
    normalizer_for(config_.form);  // fails at start-up, not on the first document, if ICU's data is missing
  }
  std::string_view name() const override { return "unicode_normalizer"; }
  Verdict keep(Document& doc) const override {
    thread_local std::string out;
    if (normalize_unicode(doc.text, config_.form, out)) {
      changed_.add();
      doc.set_text(out);
    }
    return Verdict::keep();
  }
  void write_stats(JsonBuilder& json) const override {
    json.value("form", form_name(config_.form));
    json.value("documents_changed", changed_.value());
  }

 private:
  UnicodeNormalizerConfig config_;
  mutable RelaxedCounter changed_;
};

}  // namespace

std::string_view form_name(NormalizationForm form) {
  switch (form) {
    case NormalizationForm::nfc: return "NFC";
    case NormalizationForm::nfkc: return "NFKC";
    case NormalizationForm::nfd: return "NFD";
    case NormalizationForm::nfkd: return "NFKD";
  }
  return "NFC";
}

UnicodeNormalizerConfig UnicodeNormalizerConfig::from_yaml(const YamlValues& values, const YAML::Node& node,
                                                           const std::string& path) {
  UnicodeNormalizerConfig config;
  if (YamlValues::is_null(node)) return config;
  values.for_each_entry(node, path, {"form"}, [&](const std::string& key, const YAML::Node& value) {
    const std::string form = values.string_value(value, path + "." + key);
    if (form == "NFC") {
      config.form = NormalizationForm::nfc;
    } else if (form == "NFKC") {
      config.form = NormalizationForm::nfkc;
    } else if (form == "NFD") {
      config.form = NormalizationForm::nfd;
    } else if (form == "NFKD") {
      config.form = NormalizationForm::nfkd;
    } else {
      values.fail(value, path + ".form must be NFC, NFKC, NFD or NFKD (not '" + form + "')");
    }
  });
  return config;
}

bool normalize_unicode(std::string_view text, NormalizationForm form, std::string& out) {
  const std::size_t ascii = ascii_prefix(text);
  if (ascii == text.size()) return false;
  // From the last ASCII character on: it may compose with a combining mark right after it ("e" + U+0301).
  const std::size_t from = ascii == 0 ? 0 : ascii - 1;
  const icu::Normalizer2& normalizer = normalizer_for(form);
  UErrorCode status = U_ZERO_ERROR;
  const std::string_view rest = text.substr(from);
  const icu::StringPiece rest_piece(rest.data(), static_cast<std::int32_t>(rest.size()));
  if (normalizer.isNormalizedUTF8(rest_piece, status) && U_SUCCESS(status)) return false;
  status = U_ZERO_ERROR;
  out.assign(text.substr(0, from));
  icu::StringByteSink<std::string> sink(&out, static_cast<std::int32_t>(rest.size()));
  normalizer.normalizeUTF8(0, rest_piece, sink, nullptr, status);
  // Fails only on allocation failure or text that breaks Document's contract: the text then stays as it was
  // (a formatter never loses a record).
  if (U_FAILURE(status)) return false;
  return out != text;
}

std::unique_ptr<Filter> make_unicode_normalizer(UnicodeNormalizerConfig config) {
  return std::make_unique<UnicodeNormalizer>(config);
}

}  // namespace winnow::filters
