#include <doctest/doctest.h>

#include "filter_test_util.h"

namespace winnow::filters::test {
namespace {

GopherRepetitionConfig only(void (*set)(GopherRepetitionConfig&)) {
  GopherRepetitionConfig c;
  c.dup_line_frac = c.dup_para_frac = c.dup_line_char_frac = c.dup_para_char_frac = std::nullopt;
  c.top_n_grams.clear();
  c.dup_n_grams.clear();
  set(c);
  return c;
}

TEST_CASE("gopher_repetition: duplicate line fraction drops above 0.3, not at it") {
  const auto f = make_gopher_repetition_filter(only([](GopherRepetitionConfig& c) { c.dup_line_frac = 0.3; }));
  CHECK(run(*f, "a\nb\nc\nd\ne\nf\ng\na\nb\nc").kept);          // 3 of 10
  const Verdict v = run(*f, "a\nb\nc\nd\ne\nf\na\nb\nc\nd");    // 4 of 10
  CHECK(v.reason == "dup_line_frac");
  CHECK(v.fields == "\"value\":0.4,\"max\":0.3");
}

TEST_CASE("gopher_repetition: duplicate paragraph characters over len(text)") {
  const auto f = make_gopher_repetition_filter(only([](GopherRepetitionConfig& c) { c.dup_para_char_frac = 0.2; }));
  // "aaaa\n\nbbbbbbbbbb\n\naaaa": 4 repeated characters of 22 (0.18) kept; a longer repeat is over.
  CHECK(run(*f, "aaaa\n\nbbbbbbbbbb\n\naaaa").kept);
  CHECK(run(*f, "aaaaa\n\nbbbbbbbbb\n\naaaaa").reason == "dup_para_char_frac");  // 5 of 23
}

TEST_CASE("gopher_repetition: top 2-gram uses the space-joined n-gram") {
  const auto f = make_gopher_repetition_filter(only([](GopherRepetitionConfig& c) { c.top_n_grams = {{2, 0.5}}; }));
  // "ab cd ab cd": top 2-gram "ab cd" x2 = 10 chars of 11 -> over; reason names n.
  CHECK(run(*f, "ab cd ab cd").reason == "top_2_gram");
  CHECK(run(*f, "ab cd ef gh ij kl").kept);  // 5 of 17
}

TEST_CASE("gopher_repetition: duplicated n-grams count characters without spaces") {
  const auto f = make_gopher_repetition_filter(only([](GopherRepetitionConfig& c) { c.dup_n_grams = {{2, 0.3}}; }));
  // "a b a b" (7 chars): the 2-gram "ab" repeats once: 2 chars / 7 = 0.29 -> kept.
  CHECK(run(*f, "a b a b").kept);
  // "a b a b a b" (11 chars): repeats at words 2-3 and 4-5: 4 / 11 = 0.36 -> dropped.
  CHECK(run(*f, "a b a b a b").reason == "duplicated_2_n_grams");
}

TEST_CASE("gopher_repetition: empty, whitespace-only, one line, one repeated character") {
  const auto f = make_gopher_repetition_filter(GopherRepetitionConfig{});
  CHECK(run(*f, "").kept);
  CHECK(run(*f, "   ").kept);
  CHECK(run(*f, std::string(1000, 'x')).kept);                 // one word: no n-grams, no repeats
  CHECK(run(*f, repeat_words("x", 1000)).reason == "top_2_gram");
}

}  // namespace
}  // namespace winnow::filters::test
