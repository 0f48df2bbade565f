#include <doctest/doctest.h>

#include <algorithm>

#include "tokenizer_test_support.h"

using namespace winnow::tokenizer;
using namespace winnow::tokenizer::testing;

TEST_CASE("the three encodings load with their vocabulary sizes and end-of-text ids") {
  struct Want { const char* name; std::uint32_t n_vocab, eot; };
  for (const Want& w : {Want{"gpt2", 50257, 50256}, Want{"r50k_base", 50257, 50256},
                        Want{"cl100k_base", 100277, 100257}, Want{"o200k_base", 200019, 199999}}) {
    const Encoding& enc = test_encoding(w.name);
    CHECK(enc.n_vocab() == w.n_vocab);
    CHECK(enc.end_of_text_id() == w.eot);
    CHECK(enc.token_bytes(w.eot) == "<|endoftext|>");
    CHECK_THROWS_AS((void)enc.token_bytes(w.n_vocab), std::out_of_range);
  }
  CHECK(test_encoding("gpt2").name() == "r50k_base");
}

TEST_CASE("special-token text in a document is ordinary text") {
  for (const char* name : {"r50k_base", "cl100k_base", "o200k_base"}) {
    const Encoding& enc = test_encoding(name);
    const auto ids = enc.encode_ordinary("a <|endoftext|> b");
    CHECK(std::find(ids.begin(), ids.end(), enc.end_of_text_id()) == ids.end());
    CHECK(ids.size() > 3);
    CHECK(enc.decode(ids) == "a <|endoftext|> b");
  }
}

TEST_CASE("encode_document places the end-of-text id as asked") {
  const Encoding& enc = test_encoding("cl100k_base");
  const auto body = enc.encode_ordinary("some text");
  std::vector<std::uint32_t> doc{99};  // encode_document clears its output first
  enc.encode_document("some text", EotPlacement::kAppend, doc);
  REQUIRE(doc.size() == body.size() + 1);
  CHECK(doc.back() == enc.end_of_text_id());
  CHECK(std::equal(body.begin(), body.end(), doc.begin()));
  enc.encode_document("some text", EotPlacement::kPrepend, doc);
  REQUIRE(doc.size() == body.size() + 1);
  CHECK(doc.front() == enc.end_of_text_id());
  CHECK(std::equal(body.begin(), body.end(), doc.begin() + 1));
  enc.encode_document("some text", EotPlacement::kNone, doc);
  CHECK(doc == body);
  enc.encode_document("", EotPlacement::kAppend, doc);
  CHECK(doc == std::vector<std::uint32_t>{enc.end_of_text_id()});
}

TEST_CASE("the piece cache changes no id: with and without it, twice over, two encodings on one thread") {
  LoadOptions no_cache;
  no_cache.piece_cache = false;
  const std::string dir = test_data_dir();
  const Encoding cl_cached = Encoding::load("cl100k_base", dir);
  const Encoding o_cached = Encoding::load("o200k_base", dir);
  const Encoding cl_plain = Encoding::load("cl100k_base", dir, no_cache);
  const Encoding o_plain = Encoding::load("o200k_base", dir, no_cache);
  auto texts = exactness_corpus();
  const auto randoms = random_strings(0xCAC4E, 500);
  texts.insert(texts.end(), randoms.begin(), randoms.end());
  for (int pass = 0; pass < 2; ++pass) {  // the second pass is served from the cache
    for (const auto& t : texts) {
      REQUIRE(cl_cached.encode_ordinary(t) == cl_plain.encode_ordinary(t));
      REQUIRE(o_cached.encode_ordinary(t) == o_plain.encode_ordinary(t));  // same thread, other vocabulary
    }
  }
}

TEST_CASE("the rank table finds every token of every length with its rank, and no near miss") {
  for (const char* name : {"r50k_base", "cl100k_base", "o200k_base"}) {
    const RankTable& ranks = test_encoding(name).ranks();
    std::size_t checked = 0, near_misses = 0;
    for (std::uint32_t id = 0; id < ranks.rank_limit(); ++id) {
      const std::string_view bytes = ranks.bytes_of(id);
      if (bytes.empty()) continue;
      REQUIRE_MESSAGE(ranks.find(bytes) == id, name << " token " << id);
      ++checked;
      // The token with one more byte: found only if that is itself a token, and then with its own rank.
      const std::string longer = std::string(bytes) + "\x01";
      const std::uint32_t r = ranks.find(longer);
      if (r == kNoRank) ++near_misses;
      else CHECK(ranks.bytes_of(r) == longer);
    }
    CHECK(checked == ranks.size());
    CHECK(near_misses > checked * 9 / 10);
  }
}
