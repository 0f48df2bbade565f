#include "tokenizer/byte_level.h"

#include <array>

namespace winnow::tokenizer {
namespace {

constexpr bool stands_for_itself(unsigned b) {
  return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
}

constexpr std::array<char32_t, 256> kByteToChar = [] {
  std::array<char32_t, 256> t{};
  char32_t next = 0x100;
  for (unsigned b = 0; b < 256; ++b) t[b] = stands_for_itself(b) ? b : next++;
  return t;
}();

// Every character of the alphabet is below U+0144 (0x100 + 68), so the inverse is a small array.
constexpr std::size_t kAlphabetLimit = 0x100 + 68;
constexpr std::array<std::int16_t, kAlphabetLimit> kCharToByte = [] {
  std::array<std::int16_t, kAlphabetLimit> t{};
  for (auto& v : t) v = -1;
  for (unsigned b = 0; b < 256; ++b) t[kByteToChar[b]] = static_cast<std::int16_t>(b);
  return t;
}();

void append_utf8(char32_t c, std::string& out) {
  // The alphabet never needs more than two bytes.
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace

char32_t byte_level_char(std::uint8_t b) { return kByteToChar[b]; }

std::string to_byte_level(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) append_utf8(kByteToChar[b], out);
  return out;
}

std::optional<std::string> from_byte_level(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::string out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size();) {
    char32_t c;
    if (s[i] < 0x80) {
      c = s[i];
      i += 1;
    } else if ((s[i] & 0xE0) == 0xC0 && i + 1 < text.size() && (s[i + 1] & 0xC0) == 0x80) {
      c = (char32_t{s[i] & 0x1Fu} << 6) | (s[i + 1] & 0x3Fu);
      if (c < 0x80) return std::nullopt;  // overlong form
      i += 2;
    } else {
      return std::nullopt;  // three- and four-byte characters are all outside the alphabet
    }
    if (c >= kAlphabetLimit || kCharToByte[c] < 0) return std::nullopt;
    out += static_cast<char>(kCharToByte[c]);
  }
  return out;
}

}  // namespace winnow::tokenizer
