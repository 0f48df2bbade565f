#include "filters/cjk_opencc.h"

#include <opencc.h>

#include <map>

#include "filters/char_class.h"
#include "filters/cjk_script.h"
#include "filters/rule_config.h"
#include "src/error.h"
#include "src/records/json_text.h"

namespace winnow::filters {
namespace {

bool opened(opencc_t handle) { return handle != reinterpret_cast<opencc_t>(-1) && handle != nullptr; }

struct Converter {
  opencc_t handle = reinterpret_cast<opencc_t>(-1);
  explicit Converter(const std::string& config) : handle(opencc_open(config.c_str())) {}
  ~Converter() {
    if (opened(handle)) opencc_close(handle);
  }
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;
};

// This thread's converter for `config`.
opencc_t converter(const std::string& config) {
  thread_local std::map<std::string, std::unique_ptr<Converter>> converters;
  std::unique_ptr<Converter>& slot = converters[config];
  if (!slot) slot = std::make_unique<Converter>(config);
  if (!opened(slot->handle)) throw Error("OpenCC cannot load config '" + config + "': " + opencc_error());
  return slot->handle;
}

void append_converted(opencc_t handle, std::string_view piece, std::string& out) {
  if (piece.empty()) return;
  char* converted = opencc_convert_utf8(handle, piece.data(), piece.size());
  if (converted == nullptr) throw Error(std::string("OpenCC conversion failed: ") + opencc_error());
  out.append(converted);
  opencc_convert_utf8_free(converted);
}

class T2sFormatter final : public Filter {
 public:
  explicit T2sFormatter(T2sConfig config) : config_(std::move(config)) {}
  std::string_view name() const override { return "t2s_formatter"; }
  Verdict keep(Document& doc) const override {
    if (!may_contain_cjk(doc.text)) return Verdict::keep();
    std::string out = opencc_convert(config_.opencc_config, doc.text);
    if (out == doc.text) return Verdict::keep();
    if (!is_valid_utf8(out)) {
      invalid_.add();
      return Verdict::keep();
    }
    doc.set_text(std::move(out));
    changed_.add();
    return Verdict::keep();
  }
  void write_stats(JsonBuilder& json) const override {
    json.value("opencc_config", config_.opencc_config);
    json.value("documents_changed", changed_.value());
    json.value("invalid_utf8_outputs_refused", invalid_.value());
  }

 private:
  T2sConfig config_;
  mutable RelaxedCounter changed_, invalid_;
};

}  // namespace

void check_opencc_config(const std::string& config) { converter(config); }

std::string opencc_convert(const std::string& config, std::string_view text) {
  const opencc_t handle = converter(config);
  std::string out;
  out.reserve(text.size());
  for (std::size_t start = 0;;) {
    const std::size_t nul = text.find('\0', start);
    append_converted(handle, text.substr(start, nul == std::string_view::npos ? std::string_view::npos : nul - start), out);
    if (nul == std::string_view::npos) break;
    out.push_back('\0');
    start = nul + 1;
  }
  return out;
}

TraditionalChars::TraditionalChars(const std::string& config) {
  // Every Han code point on a line of its own, converted in one call: a line holds one character, so only
  // OpenCC's character dictionaries (no phrase) can apply.
  constexpr char32_t kEnd = 0x323B0;
  std::string all;
  std::vector<char32_t> han;
  for (char32_t cp = 0x2E80; cp < kEnd; ++cp) {
    if (!is_han(cp)) continue;
    han.push_back(cp);
    append_utf8(all, cp);
    all.push_back('\n');
  }
  const std::string converted = opencc_convert(config, all);
  changes_.assign(kEnd, false);
  std::size_t pos = 0;
  for (const char32_t cp : han) {
    const std::size_t end = converted.find('\n', pos);
    if (end == std::string::npos) throw Error("OpenCC config '" + config + "' changed the line structure of its input");
    const std::string_view line = std::string_view(converted).substr(pos, end - pos);
    std::size_t i = 0;
    changes_[cp] = line.empty() || next_code_point(line, i) != cp || i != line.size();
    pos = end + 1;
  }
}

T2sConfig T2sConfig::from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path) {
  T2sConfig c;
  if (YamlValues::is_null(node)) return c;
  values.for_each_entry(node, path, {"opencc_config"}, [&](const std::string& key, const YAML::Node& value) {
    if (key == "opencc_config") {
      c.opencc_config = values.string_value(value, path + "." + key);
      try {
        check_opencc_config(c.opencc_config);
      } catch (const Error& e) {
        values.fail(value, path + "." + key + ": " + e.what());
      }
    }
  });
  return c;
}

std::unique_ptr<Filter> make_t2s_formatter(T2sConfig config) {
  check_opencc_config(config.opencc_config);
  return std::make_unique<T2sFormatter>(std::move(config));
}

}  // namespace winnow::filters
