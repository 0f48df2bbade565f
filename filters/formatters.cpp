#include "filters/formatters.h"

#include <arpa/inet.h>
#include <re2/re2.h>

#include <vector>

#include "filters/char_class.h"
#include "filters/rule_config.h"

namespace winnow::filters {
namespace {

re2::StringPiece piece(std::string_view s) { return re2::StringPiece(s.data(), s.size()); }

// datatrove's email pattern (PIIFormatter), ASCII, without its rare bracketed-IP domains.
const RE2& email_pattern() {
  static const RE2 re(
      R"(\b[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@)"
      R"((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)");
  return re;
}
// Dotted quads without leading zeros; the context check below rejects pieces of longer dotted numbers.
const RE2& ipv4_pattern() {
  static const RE2 re(
      R"(\b(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\b)");
  return re;
}
// Candidates only (hex groups and at least two colons); inet_pton decides what is an address.
const RE2& ipv6_candidate_pattern() {
  static const RE2 re(R"((?:[0-9A-Fa-f]{1,4})?(?::(?:[0-9A-Fa-f]{1,4})?){2,8})");
  return re;
}

bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Calls decide(match) for each match of `re` in `text` (searching on after each match); where it returns true,
// the match is replaced by `replacement`. Returns the number replaced; `out` is written only if that is > 0.
template <class Decide>
std::uint64_t replace_matches(std::string_view text, const RE2& re, std::string_view replacement, std::string& out,
                              Decide decide) {
  std::uint64_t replaced = 0;
  std::size_t copied = 0, pos = 0;
  re2::StringPiece match;
  std::string result;
  while (pos <= text.size() && re.Match(piece(text), pos, text.size(), RE2::UNANCHORED, &match, 1)) {
    const auto start = static_cast<std::size_t>(match.data() - text.data());
    const std::size_t end = start + match.size();
    if (match.empty()) {  // cannot happen with these patterns, but must not loop
      pos = start + 1;
      continue;
    }
    if (decide(text, start, end)) {
      result.append(text.substr(copied, start - copied));
      result.append(replacement);
      copied = end;
      ++replaced;
    }
    pos = end;
  }
  if (replaced == 0) return 0;
  result.append(text.substr(copied));
  out = std::move(result);
  return replaced;
}

bool public_ipv4_at(std::string_view text, std::size_t start, std::size_t end) {
  // Part of a longer dotted number ("1.2.3.4.5", "v1.2.3.4.5"): not an address.
  if (start >= 2 && text[start - 1] == '.' && is_digit(text[start - 2])) return false;
  if (end + 1 < text.size() && text[end] == '.' && is_digit(text[end + 1])) return false;
  const std::string address(text.substr(start, end - start));
  unsigned char bytes[4];
  return inet_pton(AF_INET, address.c_str(), bytes) == 1 && is_public_ipv4(bytes);
}

bool public_ipv6_at(std::string_view text, std::size_t start, std::size_t end) {
  if (start > 0 && (is_ascii_alnum(text[start - 1]) || text[start - 1] == ':' || text[start - 1] == '.')) return false;
  if (end < text.size() && (is_ascii_alnum(text[end]) || text[end] == ':' || text[end] == '.')) return false;
  const std::string address(text.substr(start, end - start));
  unsigned char bytes[16];
  return inet_pton(AF_INET6, address.c_str(), bytes) == 1 && is_public_ipv6(bytes);
}

// Runs one replacement step on `current` (the text so far), keeping `buffer` as the new current text.
template <class Step>
void apply_step(std::string_view& current, std::string& buffer, bool& changed, Step step) {
  std::string out;
  if (step(current, out) == 0) return;
  buffer = std::move(out);
  current = buffer;
  changed = true;
}

class PiiFormatter final : public Filter {
 public:
  explicit PiiFormatter(PiiConfig config) : config_(std::move(config)) {}
  std::string_view name() const override { return "pii_formatter"; }
  Verdict keep(Document& doc) const override {
    std::string out;
    FormatCounts counts;
    if (replace_pii(doc.text, config_, out, counts)) {
      doc.set_text(std::move(out));
      changed_.add();
    }
    emails_.add(counts.emails);
    ipv4_.add(counts.ipv4);
    ipv6_.add(counts.ipv6);
    return Verdict::keep();
  }
  void write_stats(JsonBuilder& json) const override {
    json.value("documents_changed", changed_.value());
    json.value("emails_replaced", emails_.value());
    json.value("ipv4_replaced", ipv4_.value());
    json.value("ipv6_replaced", ipv6_.value());
  }

 private:
  PiiConfig config_;
  mutable RelaxedCounter changed_, emails_, ipv4_, ipv6_;
};

// A formatter that only removes (control characters, symbol lines): one function, one counter of removals.
class RemovingFormatter final : public Filter {
 public:
  using Apply = bool (*)(std::string_view, std::string&, FormatCounts&);
  RemovingFormatter(std::string_view name, std::string_view counted, Apply apply)
      : name_(name), counted_(counted), apply_(apply) {}
  std::string_view name() const override { return name_; }
  Verdict keep(Document& doc) const override {
    std::string out;
    FormatCounts counts;
    if (apply_(doc.text, out, counts)) {
      doc.set_text(std::move(out));
      changed_.add();
    }
    removed_.add(counts.removed);
    return Verdict::keep();
  }
  void write_stats(JsonBuilder& json) const override {
    json.value("documents_changed", changed_.value());
    json.value(counted_, removed_.value());
  }

 private:
  std::string_view name_, counted_;
  Apply apply_;
  mutable RelaxedCounter changed_, removed_;
};

}  // namespace

PiiConfig PiiConfig::from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path) {
  PiiConfig c;
  if (YamlValues::is_null(node)) return c;
  values.for_each_entry(node, path, {"emails", "ips", "email_replacement", "ipv4_replacement", "ipv6_replacement"},
                        [&](const std::string& key, const YAML::Node& value) {
                          const std::string at = path + "." + key;
                          if (key == "emails") c.emails = values.bool_value(value, at);
                          if (key == "ips") c.ips = values.bool_value(value, at);
                          if (key == "email_replacement") c.email_replacement = values.string_value(value, at);
                          if (key == "ipv4_replacement") c.ipv4_replacement = values.string_value(value, at);
                          if (key == "ipv6_replacement") c.ipv6_replacement = values.string_value(value, at);
                        });
  return c;
}

// Public IPv4: everything but the IANA special-purpose ranges that are not globally reachable (RFC 6890 and
// successors; Python's ipaddress is_global): 0/8, 10/8, 100.64/10 (shared CGN), 127/8, 169.254/16, 172.16/12,
// 192.0.0/24, 192.0.2/24, 192.168/16, 198.18/15, 198.51.100/24, 203.0.113/24, 224/4 (multicast), 240/4 (reserved,
// with 255.255.255.255).
bool is_public_ipv4(const unsigned char a[4]) {
  if (a[0] == 0 || a[0] == 10 || a[0] == 127 || a[0] >= 224) return false;
  if (a[0] == 100 && (a[1] & 0xC0) == 64) return false;
  if (a[0] == 169 && a[1] == 254) return false;
  if (a[0] == 172 && (a[1] & 0xF0) == 16) return false;
  if (a[0] == 192 && a[1] == 0 && (a[2] == 0 || a[2] == 2)) return false;
  if (a[0] == 192 && a[1] == 168) return false;
  if (a[0] == 198 && (a[1] & 0xFE) == 18) return false;
  if (a[0] == 198 && a[1] == 51 && a[2] == 100) return false;
  if (a[0] == 203 && a[1] == 0 && a[2] == 113) return false;
  return true;
}

// Public IPv6: global unicast 2000::/3, minus 2001::/23 (IETF protocol assignments: Teredo, benchmarking,
// ORCHID), 2001:db8::/32 and 3fff::/20 (documentation). So loopback, unspecified, IPv4-mapped, link-local,
// unique-local (fc00::/7), multicast and every other range are kept.
bool is_public_ipv6(const unsigned char a[16]) {
  if ((a[0] & 0xE0) != 0x20) return false;
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] < 0x02) return false;
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0D && a[3] == 0xB8) return false;
  if (a[0] == 0x3F && a[1] == 0xFF && (a[2] & 0xF0) == 0) return false;
  return true;
}

bool replace_pii(std::string_view text, const PiiConfig& config, std::string& out, FormatCounts& counts) {
  std::string_view current = text;
  std::string buffer;
  bool changed = false;
  if (config.emails) {
    apply_step(current, buffer, changed, [&](std::string_view t, std::string& o) {
      if (t.find('@') == std::string_view::npos) return std::uint64_t{0};
      counts.emails = replace_matches(t, email_pattern(), config.email_replacement, o,
                                      [](std::string_view, std::size_t, std::size_t) { return true; });
      return counts.emails;
    });
  }
  if (config.ips) {
    apply_step(current, buffer, changed, [&](std::string_view t, std::string& o) {
      if (t.find('.') == std::string_view::npos) return std::uint64_t{0};
      counts.ipv4 = replace_matches(t, ipv4_pattern(), config.ipv4_replacement, o, public_ipv4_at);
      return counts.ipv4;
    });
    apply_step(current, buffer, changed, [&](std::string_view t, std::string& o) {
      if (t.find("::") == std::string_view::npos && t.find(':') == t.rfind(':')) return std::uint64_t{0};
      counts.ipv6 = replace_matches(t, ipv6_candidate_pattern(), config.ipv6_replacement, o, public_ipv6_at);
      return counts.ipv6;
    });
  }
  if (changed) out = std::move(buffer);
  return changed;
}

bool clean_control_characters(std::string_view text, std::string& out, FormatCounts& counts) {
  // Line breaks first, so that "\r\n" becomes one "\n" and a lone "\r" (old Mac text) still ends its line.
  static const RE2 carriage_return(R"(\r\n?)");
  // C0 but \t and \n, DEL, C1. RE2 matches code points in UTF-8 mode, so \x{80}-\x{9F} is U+0080..U+009F.
  static const RE2 control(R"([\x00-\x08\x0B-\x1F\x7F\x{80}-\x{9F}])");
  bool any = false;
  for (const char c : text) {  // the common case: nothing to do, decided by one byte scan
    const auto b = static_cast<unsigned char>(c);
    if ((b < 0x20 && c != '\t' && c != '\n') || b == 0x7F || b == 0xC2) {
      any = true;
      break;
    }
  }
  if (!any) return false;
  std::string result(text);
  const int breaks = RE2::GlobalReplace(&result, carriage_return, "\n");
  const int removed = RE2::GlobalReplace(&result, control, "");
  counts.removed = static_cast<std::uint64_t>(removed) + static_cast<std::uint64_t>(breaks);
  if (result == text) return false;
  out = std::move(result);
  return true;
}

namespace {
// A line with a non-space character and no letter or digit: every code point is whitespace or has no \w class
// (the underscore, which \w includes, counts as a symbol).
bool is_symbol_line(std::string_view line) {
  bool any_visible = false;
  for (std::size_t pos = 0; pos < line.size();) {
    const char32_t cp = next_code_point(line, pos);
    const std::uint8_t classes = char_class(cp);
    if (classes & kSpace) continue;
    if ((classes & kWord) && cp != U'_') return false;
    any_visible = true;
  }
  return any_visible;
}
}  // namespace

bool remove_symbol_lines(std::string_view text, std::string& out, FormatCounts& counts) {
  std::string result;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    const std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
    if (end == std::string_view::npos) end = text.size();
    if (is_symbol_line(text.substr(start, end - start))) {
      if (counts.removed++ == 0) result.assign(text.substr(0, start));
    } else if (counts.removed > 0) {
      result.append(text.substr(start, next - start));
    }
    start = next;
  }
  if (counts.removed == 0) return false;
  // The last line kept had its "\n" only because a removed line followed it: text ending in a symbol line ends
  // without the break that separated them.
  if (!text.empty() && text.back() != '\n' && !result.empty() && result.back() == '\n') result.pop_back();
  out = std::move(result);
  return true;
}

std::unique_ptr<Filter> make_pii_formatter(PiiConfig config) { return std::make_unique<PiiFormatter>(std::move(config)); }

std::unique_ptr<Filter> make_control_chars_formatter() {
  return std::make_unique<RemovingFormatter>("control_chars_formatter", "characters_removed",
                                             clean_control_characters);
}

std::unique_ptr<Filter> make_symbol_lines_formatter() {
  return std::make_unique<RemovingFormatter>("symbol_lines_formatter", "lines_removed", remove_symbol_lines);
}

}  // namespace winnow::filters
