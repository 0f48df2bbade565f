#include <doctest/doctest.h>

#include <string>

#include "tokenizer/sha256.h"

using winnow::tokenizer::Sha256;
using winnow::tokenizer::sha256_hex;

// FIPS 180-2 appendix B examples and the empty message.
TEST_CASE("sha256 matches the NIST example vectors") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 gives the same digest however the input is split") {
  const std::string msg = "The quick brown fox jumps over the lazy dog, many times over, to cross block edges.";
  const std::string whole = sha256_hex(msg);
  for (std::size_t cut = 0; cut <= msg.size(); ++cut) {
    Sha256 h;
    h.update(std::string_view(msg).substr(0, cut));
    h.update(std::string_view(msg).substr(cut));
    REQUIRE(h.hex_digest() == whole);
  }
  // Lengths around the 55/56/64-byte padding boundaries.
  for (std::size_t n : {55u, 56u, 63u, 64u, 65u, 119u, 120u}) {
    Sha256 a, b;
    const std::string s(n, 'x');
    a.update(s);
    for (char c : s) b.update(std::string_view(&c, 1));
    CHECK(a.hex_digest() == b.hex_digest());
  }
  CHECK(sha256_hex("The quick brown fox jumps over the lazy dog") ==
        "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592");
}
