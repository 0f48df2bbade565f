// Text formatters: filters that rewrite the text and never drop a document (docs/FILTERS.md, "Formatters").
//
//   pii_formatter            emails -> email_replacement ("email@example.com"); public IPv4 -> ipv4_replacement
//                            ("0.0.0.0"); public IPv6 -> ipv6_replacement ("::"). Private and reserved
//                            addresses are kept (see is_public_ipv4 / is_public_ipv6).
//   control_chars_formatter  "\r\n" and a lone "\r" -> "\n"; every other C0 control (U+0000..U+001F) but "\t"
//                            and "\n", DEL (U+007F) and every C1 control (U+0080..U+009F) removed.
//   symbol_lines_formatter   lines (split at "\n") with at least one non-space character and no letter or digit
//                            (no re `\w` character other than "_") are removed with their "\n".
// Patterns are RE2 (linear time, no backtracking); character classes are filters/char_class.h's (Python's).
// A formatter rewrites the text only when it changed something; annotate_only does not switch them off (they
// decide nothing). Each counts, for stats.json, the documents it changed and what it replaced or removed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "src/config/yaml_values.h"
#include "src/pipeline/stages.h"

namespace winnow::filters {

struct PiiConfig {
  bool emails = true;
  bool ips = true;
  std::string email_replacement = "email@example.com";
  std::string ipv4_replacement = "0.0.0.0";
  std::string ipv6_replacement = "::";
  static PiiConfig from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path);
};

// Counts of what one call replaced or removed.
struct FormatCounts {
  std::uint64_t emails = 0, ipv4 = 0, ipv6 = 0;  // pii
  std::uint64_t removed = 0;                      // control characters / symbol lines
};

// Each returns true and fills `out` when the text changes; false (out unspecified) when it stays as it is.
bool replace_pii(std::string_view text, const PiiConfig& config, std::string& out, FormatCounts& counts);
bool clean_control_characters(std::string_view text, std::string& out, FormatCounts& counts);
bool remove_symbol_lines(std::string_view text, std::string& out, FormatCounts& counts);

// Public = globally routable unicast (see the .cpp for the ranges excluded). REQUIRES: 4 / 16 bytes.
bool is_public_ipv4(const unsigned char address[4]);
bool is_public_ipv6(const unsigned char address[16]);

std::unique_ptr<Filter> make_pii_formatter(PiiConfig config);
std::unique_ptr<Filter> make_control_chars_formatter();
std::unique_ptr<Filter> make_symbol_lines_formatter();

}  // namespace winnow::filters
