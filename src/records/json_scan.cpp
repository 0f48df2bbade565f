#include "src/records/json_scan.h"

#include <simdjson.h>

#include <cstring>
#include <string>

namespace winnow {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::size_t skip_space(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_space(text[pos])) ++pos;
  return pos;
}

// One past the closing quote of the string literal starting at `open_quote`. memchr finds each candidate
// quote (a record's text is most of its bytes, and kept records with added fields are scanned whole); a quote
// preceded by an odd number of backslashes is escaped.
std::size_t string_end(std::string_view text, std::size_t open_quote) {
  std::size_t from = open_quote + 1;
  while (from < text.size()) {
    const void* found = std::memchr(text.data() + from, '"', text.size() - from);
    if (found == nullptr) break;
    const auto quote = static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
    std::size_t backslashes = 0;
    while (quote - backslashes > open_quote + 1 && text[quote - backslashes - 1] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return quote + 1;
    from = quote + 1;
  }
  return text.size();
}

// One past the end of the value starting at `pos`.
std::size_t value_end(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return pos;
  if (text[pos] == '"') return string_end(text, pos);
  if (text[pos] == '{' || text[pos] == '[') {
    int depth = 0;
    for (std::size_t i = pos; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '"') {
        i = string_end(text, i) - 1;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return i + 1;
      }
    }
    return text.size();
  }
  while (pos < text.size() && text[pos] != ',' && text[pos] != '}' && text[pos] != ']' && !is_space(text[pos])) ++pos;
  return pos;
}

bool key_equals(std::string_view literal, std::string_view key) {
  const std::string_view raw = literal.substr(1, literal.size() - 2);
  if (raw.find('\\') == std::string_view::npos) return raw == key;
  // Escaped member names are rare: let the real parser unescape them.
  simdjson::dom::parser parser;
  std::string_view unescaped;
  if (parser.parse(simdjson::padded_string(literal)).get_string().get(unescaped)) return false;
  return unescaped == key;
}

}  // namespace

std::vector<std::optional<TextSpan>> find_member_values(std::string_view object,
                                                       const std::vector<std::string_view>& keys) {
  std::vector<std::optional<TextSpan>> found(keys.size());
  std::size_t missing = keys.size();
  std::size_t pos = skip_space(object, 0);
  if (pos >= object.size() || object[pos] != '{') return found;
  pos = skip_space(object, pos + 1);
  while (missing > 0 && pos < object.size() && object[pos] == '"') {
    const std::size_t key_end = string_end(object, pos);
    const std::string_view literal = object.substr(pos, key_end - pos);
    pos = skip_space(object, key_end);
    if (pos >= object.size() || object[pos] != ':') break;
    pos = skip_space(object, pos + 1);
    const std::size_t end = value_end(object, pos);
    for (std::size_t k = 0; k < keys.size(); ++k) {
      if (!found[k] && key_equals(literal, keys[k])) {
        found[k] = TextSpan{pos, end - pos};
        --missing;
      }
    }
    pos = skip_space(object, end);
    if (pos >= object.size() || object[pos] != ',') break;
    pos = skip_space(object, pos + 1);
  }
  return found;
}

std::optional<TextSpan> find_member_value(std::string_view object, std::string_view key) {
  return find_member_values(object, {key}).front();
}

}  // namespace winnow
