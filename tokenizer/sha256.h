// SHA-256 (FIPS 180-4), self-contained: used to pin the rank files the tokenizer loads.
//
// Why not OpenSSL: it is not a project dependency, and hashing a few MB once per load does not
// need its speed. Tested against the FIPS 180-2 / NIST example vectors.
//
//   Sha256 h; h.update(bytes); h.update(more); std::string hex = h.hex_digest();
//   sha256_hex(bytes) does the same in one call.
// After hex_digest()/digest() the object is finished; call reset() to hash something else.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace winnow::tokenizer {

class Sha256 {
 public:
  Sha256() { reset(); }
  void reset();
  void update(std::string_view bytes);
  std::array<std::uint8_t, 32> digest();  // finishes the hash
  std::string hex_digest();               // 64 lowercase hex characters; finishes the hash

 private:
  void compress(const std::uint8_t* block);
  std::array<std::uint32_t, 8> state_{};
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

// Lowercase hex SHA-256 of bytes.
std::string sha256_hex(std::string_view bytes);

}  // namespace winnow::tokenizer
