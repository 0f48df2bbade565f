#include <doctest/doctest.h>

#include <arpa/inet.h>

#include <string>

#include "filters/filter_factory.h"
#include "filters/formatters.h"
#include "src/error.h"

namespace winnow::filters {
namespace {

// The text after one formatter ran on it (the formatter never drops).
std::string formatted(const Filter& filter, const std::string& text) {
  Document doc;
  doc.text = text;
  REQUIRE(filter.keep(doc).kept);
  CHECK(doc.text_changed == (doc.text != text));
  return doc.text;
}

bool public_v4(const char* address) {
  unsigned char bytes[4];
  REQUIRE(inet_pton(AF_INET, address, bytes) == 1);
  return is_public_ipv4(bytes);
}
bool public_v6(const char* address) {
  unsigned char bytes[16];
  REQUIRE(inet_pton(AF_INET6, address, bytes) == 1);
  return is_public_ipv6(bytes);
}

TEST_CASE("pii_formatter: emails in running text become the placeholder, the words around them stay") {
  const auto pii = make_pii_formatter({});
  CHECK(formatted(*pii, "Write to john.doe+news@mail.example.co.uk. Thanks!") ==
        "Write to email@example.com. Thanks!");
  CHECK(formatted(*pii, "a@b.cd,x_y@z-q.org") == "email@example.com,email@example.com");
  CHECK(formatted(*pii, "(contact: Ana@Site.IO)") == "(contact: email@example.com)");
  CHECK(formatted(*pii, "no address @ here, nor user@ or @host.com or user@localhost") ==
        "no address @ here, nor user@ or @host.com or user@localhost");
  CHECK(formatted(*pii, "плохо@ничего.рф stays: not ASCII") == "плохо@ничего.рф stays: not ASCII");
}

TEST_CASE("pii_formatter: public IPv4 replaced, private, reserved and longer dotted numbers kept") {
  const auto pii = make_pii_formatter({});
  CHECK(formatted(*pii, "server 8.8.8.8 and 93.184.216.34.") == "server 0.0.0.0 and 0.0.0.0.");
  CHECK(formatted(*pii, "lan 10.0.0.1 192.168.1.1 172.16.0.1 172.31.255.255 127.0.0.1 169.254.1.1") ==
        "lan 10.0.0.1 192.168.1.1 172.16.0.1 172.31.255.255 127.0.0.1 169.254.1.1");
  CHECK(formatted(*pii, "v1.2.3.4.5, 999.1.1.1, 1.2.3, 01.2.3.4") == "v1.2.3.4.5, 999.1.1.1, 1.2.3, 01.2.3.4");
  // At the edges of the private ranges.
  CHECK(public_v4("172.15.255.255"));
  CHECK_FALSE(public_v4("172.16.0.0"));
  CHECK_FALSE(public_v4("172.31.255.255"));
  CHECK(public_v4("172.32.0.0"));
  CHECK(public_v4("100.63.255.255"));
  CHECK_FALSE(public_v4("100.64.0.0"));
  CHECK_FALSE(public_v4("100.127.255.255"));
  CHECK(public_v4("100.128.0.0"));
  CHECK_FALSE(public_v4("198.18.0.1"));
  CHECK_FALSE(public_v4("198.19.255.255"));
  CHECK(public_v4("198.20.0.0"));
  CHECK_FALSE(public_v4("192.0.2.7"));
  CHECK_FALSE(public_v4("203.0.113.9"));
  CHECK_FALSE(public_v4("224.0.0.1"));
  CHECK_FALSE(public_v4("255.255.255.255"));
  CHECK_FALSE(public_v4("0.0.0.0"));
  CHECK(public_v4("1.1.1.1"));
  CHECK(public_v4("223.255.255.255"));
}

TEST_CASE("pii_formatter: public IPv6 replaced, loopback, link-local, unique-local and documentation kept") {
  const auto pii = make_pii_formatter({});
  CHECK(formatted(*pii, "dns 2001:4860:4860::8888, [2606:4700::1111]:53") == "dns ::, [::]:53");
  CHECK(formatted(*pii, "::1 fe80::1 fd00::5 2001:db8::1 ff02::1 ::ffff:10.0.0.1") ==
        "::1 fe80::1 fd00::5 2001:db8::1 ff02::1 ::ffff:10.0.0.1");
  CHECK(formatted(*pii, "at 12:30:45, std::vector, a::b, 00:1a:2b:3c:4d:5e") ==
        "at 12:30:45, std::vector, a::b, 00:1a:2b:3c:4d:5e");
  CHECK(public_v6("2a00:1450:4001::1"));
  CHECK_FALSE(public_v6("2001:0:1::1"));     // Teredo, in 2001::/23
  CHECK_FALSE(public_v6("2001:1ff::1"));     // still 2001::/23
  CHECK(public_v6("2001:200::1"));           // just past it
  CHECK_FALSE(public_v6("3fff::1"));         // documentation (RFC 9637)
  CHECK(public_v6("3fff:1000::1"));
  CHECK_FALSE(public_v6("4000::1"));         // outside 2000::/3
  CHECK(public_v6("3ffe::1"));
}

TEST_CASE("pii_formatter: settings pick the placeholders and switch kinds off") {
  PiiConfig config;
  config.email_replacement = "<EMAIL>";
  config.ips = false;
  const auto pii = make_pii_formatter(config);
  CHECK(formatted(*pii, "me@x.org from 8.8.8.8") == "<EMAIL> from 8.8.8.8");
  const Config yaml = parse_config("filters:\n  pii_formatter: {emails: false, ipv4_replacement: 'IP'}\n", "t.yaml");
  const auto filters = make_filters(yaml);
  REQUIRE(filters.size() == 1);
  CHECK(formatted(*filters[0], "me@x.org from 8.8.8.8") == "me@x.org from IP");
}

TEST_CASE("control_chars_formatter: C0 and C1 controls removed, tab and newline kept, CR becomes a line break") {
  const auto clean = make_control_chars_formatter();
  CHECK(formatted(*clean, "tab\there\nnext") == "tab\there\nnext");
  CHECK(formatted(*clean, std::string("a\0b\x01\x1f\x7f" "c", 7)) == "abc");
  CHECK(formatted(*clean, "dos\r\nline\rmac") == "dos\nline\nmac");
  CHECK(formatted(*clean, "c1 \xc2\x80|\xc2\x9f| kept \xc2\xa0|\xc2\xa9") == "c1 || kept \xc2\xa0|\xc2\xa9");
  CHECK(formatted(*clean, "\f\v form feed and vertical tab") == " form feed and vertical tab");
  CHECK(formatted(*clean, "") == "");
}

TEST_CASE("symbol_lines_formatter: lines with no letter or digit are removed with their line break") {
  const auto symbols = make_symbol_lines_formatter();
  CHECK(formatted(*symbols, "Title\n=====\nText here.\n* * *\nMore.") == "Title\nText here.\nMore.");
  CHECK(formatted(*symbols, "Text.\n---") == "Text.");
  CHECK(formatted(*symbols, "Text.\n---\n") == "Text.\n");
  CHECK(formatted(*symbols, "|---|---|\n| a | b |\n") == "| a | b |\n");
  CHECK(formatted(*symbols, "→ ★ ♥\n___\n\xe2\x80\x94\nok") == "ok");     // symbols, underscores, an em dash
  CHECK(formatted(*symbols, "keep blank\n\n   \nlines") == "keep blank\n\n   \nlines");
  CHECK(formatted(*symbols, "1.\n-a-\n中\n٣") == "1.\n-a-\n中\n٣");  // a digit or letter of any script keeps it
  CHECK(formatted(*symbols, "!!!") == "");
}

TEST_CASE("formatters: settings are checked") {
  CHECK_THROWS_AS(make_filters(parse_config("filters:\n  symbol_lines_formatter: {x: 1}\n", "t.yaml")), Error);
  CHECK_THROWS_AS(make_filters(parse_config("filters:\n  pii_formatter: {phone: true}\n", "t.yaml")), Error);
  CHECK(make_filters(parse_config("filters:\n  control_chars_formatter:\n  symbol_lines_formatter: {}\n", "t.yaml"))
            .size() == 2);
}

}  // namespace
}  // namespace winnow::filters
