// winnow's UTF-8 decoding: code points of text the record parser has already validated (Document::text is
// valid UTF-8 by contract), and the validity of a sequence in text that is not known to be valid.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace winnow {

// The code point starting at text[i]; advances i past it. REQUIRES: i < text.size(), text is valid UTF-8.
inline char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  if (lead < 0xE0) {
    const char32_t cp = (char32_t(lead & 0x1F) << 6) | (byte(i + 1) & 0x3F);
    i += 2;
    return cp;
  }
  if (lead < 0xF0) {
    const char32_t cp = (char32_t(lead & 0x0F) << 12) | (char32_t(byte(i + 1) & 0x3F) << 6) | (byte(i + 2) & 0x3F);
    i += 3;
    return cp;
  }
  const char32_t cp = (char32_t(lead & 0x07) << 18) | (char32_t(byte(i + 1) & 0x3F) << 12) |
                      (char32_t(byte(i + 2) & 0x3F) << 6) | (byte(i + 3) & 0x3F);
  i += 4;
  return cp;
}

// The code point ending just before text[end]; moves end back to its first byte. REQUIRES: end > 0.
inline char32_t previous_code_point(std::string_view text, std::size_t& end) {
  std::size_t start = end - 1;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  std::size_t i = start;
  const char32_t cp = next_code_point(text, i);
  end = start;
  return cp;
}

// The shape of a multi-byte sequence by its lead byte: its length (0: the byte cannot start one, i.e. 80..C1,
// F5..FF) and the allowed range of its second byte, which excludes overlong forms (E0, F0), surrogates (ED) and
// code points above U+10FFFF (F4), as in RFC 3629.
struct Utf8Lead {
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;
};
inline Utf8Lead utf8_lead(unsigned char lead) {
  Utf8Lead shape;
  if (lead >= 0xC2 && lead <= 0xDF) {
    shape.length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    shape.length = 3;
    if (lead == 0xE0) shape.low = 0xA0;
    if (lead == 0xED) shape.high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    shape.length = 4;
    if (lead == 0xF0) shape.low = 0x90;
    if (lead == 0xF4) shape.high = 0x8F;
  }
  return shape;
}

// For text not known to be valid: the length of the valid UTF-8 sequence starting at text[i], or 0 when the
// bytes there are not one.
inline std::size_t valid_utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  if (byte(i) < 0x80) return 1;
  const Utf8Lead shape = utf8_lead(byte(i));
  if (shape.length == 0 || i + shape.length > text.size()) return 0;
  if (byte(i + 1) < shape.low || byte(i + 1) > shape.high) return 0;
  for (std::size_t k = 2; k < shape.length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return shape.length;
}

// For text where valid_utf8_sequence_length(text, i) == 0: the length (1..3) of the maximal subpart of an
// ill-formed sequence starting at text[i], i.e. the longest prefix of a valid sequence that is there (Unicode
// 15.0, section 3.9, "U+FFFD Substitution of Maximal Subparts"; the WHATWG decoder's behaviour). A byte that
// cannot start a sequence (80..C1, F5..FF) is a subpart of its own.
inline std::size_t maximal_subpart_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const Utf8Lead shape = utf8_lead(byte(i));
  if (shape.length == 0) return 1;
  std::size_t k = 1;
  if (i + k < text.size() && byte(i + k) >= shape.low && byte(i + k) <= shape.high) {
    for (++k; k < shape.length && i + k < text.size() && (byte(i + k) & 0xC0) == 0x80; ++k) {
    }
  }
  return k;
}

// Copies `bytes` to `out` with each maximal subpart of an ill-formed sequence replaced by U+FFFD (EF BF BD), so
// "\xE2\x82" (a cut-off euro sign) becomes one U+FFFD and "\xC0\xAF" (an overlong "/") two. Returns the number
// of U+FFFD written. Valid input is copied unchanged.
inline std::size_t repair_utf8(std::string_view bytes, std::string& out) {
  out.clear();
  out.reserve(bytes.size() + 16);
  std::size_t replaced = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t valid = valid_utf8_sequence_length(bytes, i);
    if (valid > 0) {
      out.append(bytes.substr(i, valid));
      i += valid;
      continue;
    }
    out.append("\xEF\xBF\xBD");
    ++replaced;
    i += maximal_subpart_length(bytes, i);
  }
  return replaced;
}

}  // namespace winnow
