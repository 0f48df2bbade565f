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
