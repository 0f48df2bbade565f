#include <doctest/doctest.h>

#include <string>

#include "filters/filter_factory.h"
#include "filters/url_filter.h"
#include "src/error.h"
#include "src/records/json_text.h"
#include "support/test_support.h"

namespace winnow::filters {
namespace {

using test::TempDir;
using test::write_file;

Verdict judge_url(const Filter& filter, const std::string& url, Document* out = nullptr) {
  Document doc;
  doc.text = "some text";
  const std::string record = "{\"text\":\"some text\",\"url\":" + json_string(url) + "}";
  doc.record = record;
  const Verdict verdict = filter.keep(doc);
  if (out) *out = doc;
  return verdict;
}

std::string stats_of(const Filter& filter) {
  JsonBuilder json;
  json.begin_object();
  filter.write_stats(json);
  json.end_object();
  return json.str();
}

TEST_CASE("url_filter: split_url finds the host and the normalized URL") {
  CHECK(split_url("https://User:pw@WWW.Example.COM.:8080/a/b?c#d").host == "www.example.com");
  CHECK(split_url("example.com/path").host == "example.com");
  CHECK(split_url("//cdn.example.com/x").host == "cdn.example.com");
  CHECK(split_url("http://[2001:db8::1]:80/").host == "[2001:db8::1]");
  CHECK(split_url("  http://a.b  ").host == "a.b");
  CHECK(split_url("https://x.org/path?next=http://y.org").host == "x.org");  // "://" after the path is not a scheme
  CHECK(split_url("mailto:me").host == "mailto");  // no "//": the part before the first "/" (a host-less URL)
  CHECK(split_url("HTTPS://Ex-Ample.org/A_B").normalized == "httpsexampleorgab");
}

TEST_CASE("url_filter: domain, subdomain and URL blocklists, each under its own reason") {
  TempDir dir;
  write_file(dir / "domains.txt", "# blocked domains\nExample.com\n*.wild.org\n.dot.net.\n");
  write_file(dir / "hosts.txt", "ads.site.io\n");
  write_file(dir / "urls.txt", "https://good.org/bad-page\n");
  UrlFilterConfig config;
  config.domains_file = dir / "domains.txt";
  config.subdomains_file = dir / "hosts.txt";
  config.urls_file = dir / "urls.txt";
  const auto filter = make_url_filter(config);
  const Verdict domain = judge_url(*filter, "https://a.b.EXAMPLE.com/x");
  CHECK(domain.reason == "url_domain_blocklist");
  CHECK(domain.fields == "\"domain\":\"example.com\"");
  CHECK_FALSE(judge_url(*filter, "http://example.com").kept);
  CHECK(judge_url(*filter, "http://badexample.com/").kept);         // not at a label boundary
  CHECK(judge_url(*filter, "http://example.com.evil.io/").kept);    // a prefix is no parent domain
  CHECK_FALSE(judge_url(*filter, "http://x.wild.org/").kept);
  CHECK_FALSE(judge_url(*filter, "http://dot.net/").kept);
  CHECK(judge_url(*filter, "https://ads.site.io/x").reason == "url_subdomain_blocklist");
  CHECK(judge_url(*filter, "https://site.io/x").kept);               // the exact host only
  CHECK(judge_url(*filter, "https://x.ads.site.io/x").kept);
  CHECK(judge_url(*filter, "https://good.org/bad-page").reason == "url_blocklist");
  CHECK(judge_url(*filter, "https://good.org/bad-page?x").kept);     // exact URLs
  CHECK(judge_url(*filter, "https://good.org/").kept);
}

TEST_CASE("url_filter: banned words, soft-banned words at the threshold, banned subwords") {
  TempDir dir;
  write_file(dir / "hard.txt", "casino\n");
  write_file(dir / "soft.txt", "free\ncredits\nbonus\n");
  write_file(dir / "sub.txt", "xxx\nPorn-Hub\n");
  UrlFilterConfig config;
  config.banned_words_file = dir / "hard.txt";
  config.soft_banned_words_file = dir / "soft.txt";
  config.banned_subwords_file = dir / "sub.txt";
  const auto filter = make_url_filter(config);
  const Verdict hard = judge_url(*filter, "https://x.org/best-CASINO_games");
  CHECK(hard.reason == "url_banned_word");
  CHECK(hard.fields == "\"word\":\"casino\"");
  CHECK(judge_url(*filter, "https://casinos.org/").kept);            // words, not substrings
  CHECK(judge_url(*filter, "https://x.org/free-free-free").kept);     // one distinct soft word: under 2
  const Verdict soft = judge_url(*filter, "https://x.org/free-credits-free");
  CHECK(soft.reason == "url_soft_banned_words");
  CHECK(soft.fields == "\"value\":2,\"min\":2,\"words\":[\"free\",\"credits\"]");
  const Verdict sub = judge_url(*filter, "https://my.porn.hub.example/");
  CHECK(sub.reason == "url_banned_subword");
  CHECK(sub.fields == "\"subword\":\"pornhub\"");
  CHECK_FALSE(judge_url(*filter, "https://x.org/aXXXb").kept);
  CHECK(judge_url(*filter, "https://x.org/x-x-y").kept);
  config.soft_word_threshold = 3;
  const auto three = make_url_filter(config);
  CHECK(judge_url(*three, "https://x.org/free-credits").kept);
  CHECK_FALSE(judge_url(*three, "https://x.org/free-credits-bonus").kept);
  config.soft_word_threshold = 0;  // off
  const auto off = make_url_filter(config);
  CHECK(judge_url(*off, "https://x.org/free-credits-bonus").kept);
}

TEST_CASE("url_filter: records without the field are kept and counted, url_key and added_metadata are read") {
  TempDir dir;
  write_file(dir / "domains.txt", "example.com\n");
  UrlFilterConfig config;
  config.domains_file = dir / "domains.txt";
  const auto filter = make_url_filter(config);
  Document doc;
  doc.text = "t";
  CHECK(filter->keep(doc).kept);  // no record at all
  doc.record = R"({"text":"t","url":null})";
  CHECK(filter->keep(doc).kept);
  doc.record = R"({"text":"t","url":"  "})";
  CHECK(filter->keep(doc).kept);
  doc.record = R"({"text":"t","url":"https:\/\/example.com\/a"})";  // escaped slashes are decoded
  CHECK_FALSE(filter->keep(doc).kept);
  doc.added_metadata["url"] = "\"https://fine.org/\"";  // an earlier stage's value wins
  CHECK(filter->keep(doc).kept);
  const std::string stats = stats_of(*filter);
  CHECK(stats.find("\"documents_without_url\":3") != std::string::npos);
  CHECK(stats.find("\"url_domain_blocklist\":1") != std::string::npos);

  write_file(dir / "c.yaml", "");
  const auto filters = make_filters(
      parse_config("filters:\n  url_filter: {url_key: source, domains_file: domains.txt, soft_word_threshold: 3}\n",
                   dir / "c.yaml"));
  REQUIRE(filters.size() == 1);
  Document other;
  other.record = R"({"text":"t","url":"https://example.com/","source":"https://ok.org/"})";
  CHECK(filters[0]->keep(other).kept);
  other.record = R"({"text":"t","url":"https://ok.org/","source":"http://www.example.com/"})";
  CHECK_FALSE(filters[0]->keep(other).kept);
}

TEST_CASE("url_filter: annotate_only writes every rule's signal and keeps the document") {
  TempDir dir;
  write_file(dir / "domains.txt", "example.com\n");
  write_file(dir / "soft.txt", "free\ncredits\n");
  UrlFilterConfig config;
  config.domains_file = dir / "domains.txt";
  config.soft_banned_words_file = dir / "soft.txt";
  const auto filter = make_url_filter(config, true);
  Document doc;
  CHECK(judge_url(*filter, "https://example.com/free-credits", &doc).kept);
  CHECK(doc.added_metadata.at("winnow_signals") ==
        "{\"url_filter\":{\"url_domain_blocklist\":1,\"url_subdomain_blocklist\":0,\"url_blocklist\":0,"
        "\"url_banned_word\":0,\"url_soft_banned_words\":2,\"url_banned_subword\":0,\"drop\":\"url_domain_blocklist\"}}");
}

TEST_CASE("url_filter: config errors name the file and line") {
  TempDir dir;
  CHECK_THROWS_WITH_AS(make_filters(parse_config("filters:\n  url_filter: {}\n", dir / "c.yaml")),
                       doctest::Contains("needs at least one list"), Error);
  CHECK_THROWS_WITH_AS(make_filters(parse_config("filters:\n  url_filter: {domains_file: nope.txt}\n", dir / "c.yaml")),
                       doctest::Contains("nope.txt"), Error);
  CHECK_THROWS_WITH_AS(
      make_filters(parse_config("filters:\n  url_filter: {domains_file: a, soft_word_thresold: 2}\n", dir / "c.yaml")),
      doctest::Contains("c.yaml:2"), Error);
}

}  // namespace
}  // namespace winnow::filters
