// URL filter (after datatrove's URLFilter): drops a document by the URL in one of its fields, from blocklists
// the user supplies. Every lookup is an exact hash-set lookup or one RE2::Set pass (no backtracking).
//
//   filters:
//     url_filter:
//       url_key: url                        # the field holding the URL (added_metadata first, then the record)
//       domains_file: lists/domains.txt     # a domain and every subdomain of it
//       subdomains_file: lists/hosts.txt    # exactly these host names
//       urls_file: lists/urls.txt           # exactly these URLs
//       banned_words_file: lists/hard.txt   # one listed word among the URL's words drops it
//       soft_banned_words_file: lists/soft.txt
//       soft_word_threshold: 2              # drop at >= this many distinct soft-banned words
//       banned_subwords_file: lists/sub.txt # a listed string inside the normalized URL drops it
//
// Definitions (checked in this order; the first rule that holds decides):
//   host        the URL's authority without user info and port, lowercased, without a trailing "."; the URL
//               may omit the scheme ("example.com/a"). IPv6 literals keep their brackets.
//   url_domain_blocklist     the host or a parent of it at a label boundary is in domains_file
//                            ("example.com" blocks "example.com" and "a.b.example.com", not "badexample.com")
//   url_subdomain_blocklist  the host itself is in subdomains_file
//   url_blocklist            the URL, as written in the field after trimming whitespace, is in urls_file
//   url words   the URL split at every run of characters other than ASCII letters and digits, lowercased
//   url_banned_word          a URL word is in banned_words_file (entries normalized the same way)
//   url_soft_banned_words    distinct URL words in soft_banned_words_file >= soft_word_threshold
//   normalized URL           the URL lowercased with everything but ASCII letters and digits removed
//   url_banned_subword       a banned_subwords_file entry (normalized the same way) occurs in it
// Domains and host names in the files are lowercased and a leading "*." or "." and a trailing "." are removed.
// A document without the field (or with a non-string or empty value) is kept and counted
// (documents_without_url in stats.json). Rejects carry what matched: "host", "domain", "word", or for soft words
// "value": count, "min": threshold and "words".
#pragma once

#include <memory>
#include <string>

#include "src/config/yaml_values.h"
#include "src/pipeline/stages.h"

namespace winnow::filters {

struct UrlFilterConfig {
  std::string url_key = "url";
  std::string domains_file, subdomains_file, urls_file;               // "" = none
  std::string banned_words_file, soft_banned_words_file, banned_subwords_file;
  double soft_word_threshold = 2;  // 0 / null: the soft rule is off

  static UrlFilterConfig from_yaml(const YamlValues& values, const YAML::Node& node, const std::string& path);
};

// The pieces of a URL the rules look at (exposed for tests).
struct UrlParts {
  std::string host;        // see "host" above; "" when the URL has none
  std::string normalized;  // see "normalized URL" above
};
UrlParts split_url(std::string_view url);

// Reads the lists. Throws Error naming the file for an unreadable list or a pattern RE2 refuses.
std::unique_ptr<Filter> make_url_filter(const UrlFilterConfig& config, bool annotate_only = false);

}  // namespace winnow::filters
