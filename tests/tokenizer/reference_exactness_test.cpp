// Exactness against the reference (npm tiktoken@1.0.22): the same ids, id for id, on a hand-built
// corpus and on thousands of random strings per encoding. The reference ids are computed now, by
// running node on reference/encode.mjs; nothing expected is stored in the repository.
#include <doctest/doctest.h>

#include <sstream>

#include "tokenizer/pretokenizer.h"
#include "tokenizer_test_support.h"

using namespace winnow::tokenizer;
using namespace winnow::tokenizer::testing;

namespace {

std::string describe_ids(const std::vector<std::uint32_t>& ids) {
  std::ostringstream o;
  for (std::size_t i = 0; i < ids.size() && i < 60; ++i) o << (i ? "," : "") << ids[i];
  if (ids.size() > 60) o << ",... (" << ids.size() << " ids)";
  return o.str();
}

// Compares ours with the reference for every text; reports the first few differences in full.
void check_against_reference(std::string_view encoding, const std::vector<std::string>& texts) {
  const Encoding& enc = test_encoding(encoding);
  const auto expected = reference_encode(encoding, texts);
  int mismatches = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const auto ours = enc.encode_ordinary(texts[i]);
    if (ours == expected[i]) continue;
    if (++mismatches <= 5) {
      std::ostringstream pieces;
      for (auto p : split_pieces(enc.pattern(), texts[i])) pieces << "[" << escape_for_message(p) << "]";
      FAIL_CHECK(encoding << " text #" << i << ": " << escape_for_message(texts[i].substr(0, 300))
                          << "\n  ours:      " << describe_ids(ours)
                          << "\n  reference: " << describe_ids(expected[i])
                          << "\n  our pieces: " << pieces.str().substr(0, 600));
    }
  }
  CHECK_MESSAGE(mismatches == 0, mismatches << " of " << texts.size() << " texts differ for " << encoding);
}

}  // namespace

TEST_CASE("cl100k_base matches the reference on the corpus") {
  check_against_reference("cl100k_base", exactness_corpus());
}
TEST_CASE("r50k_base matches the reference on the corpus") {
  check_against_reference("r50k_base", exactness_corpus());
}
TEST_CASE("o200k_base matches the reference on the corpus") {
  check_against_reference("o200k_base", exactness_corpus());
}

TEST_CASE("cl100k_base matches the reference on 4000 random strings") {
  check_against_reference("cl100k_base", random_strings(0xC1100C, 4000));
}
TEST_CASE("r50k_base matches the reference on 4000 random strings") {
  check_against_reference("r50k_base", random_strings(0x50C, 4000));
}
TEST_CASE("o200k_base matches the reference on 4000 random strings") {
  check_against_reference("o200k_base", random_strings(0x200C, 4000));
}

TEST_CASE("decode(encode(x)) == x for every corpus and random string, all encodings") {
  auto texts = exactness_corpus();
  auto randoms = random_strings(7, 1000);
  texts.insert(texts.end(), randoms.begin(), randoms.end());
  // Not valid UTF-8: still lossless.
  texts.push_back("\xFF\xFE abc \xC3 \xED\xA0\x80 \xF4\x90\x80\x80 \xE2\x82");
  for (const char* name : {"r50k_base", "cl100k_base", "o200k_base"}) {
    const Encoding& enc = test_encoding(name);
    for (const auto& t : texts) {
      const auto ids = enc.encode_ordinary(t);
      REQUIRE_MESSAGE(enc.decode(ids) == t, name << ": round trip failed for " << escape_for_message(t));
    }
  }
}
