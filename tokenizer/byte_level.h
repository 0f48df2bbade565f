// GPT-2's byte-level alphabet: the bijection between the 256 byte values and 256 printable Unicode
// characters that HuggingFace byte-level BPE models (tokenizer.json) write their vocabularies in.
//
// A tokenizer.json never stores raw bytes: each byte of a token is written as one character, e.g.
// the space 0x20 as U+0120 'Ġ', so "Ġthe" is the token " the". The mapping (from OpenAI's gpt-2
// encoder.py, reproduced by HF tokenizers' ByteLevel pre-tokenizer and decoder):
//   bytes '!'..'~', 0xA1..0xAC and 0xAE..0xFF map to the code point of the same value;
//   the other 68 bytes (0x00..0x20, 0x7F..0xA0, 0xAD), in increasing order, map to U+0100, U+0101, ...
// winnow's BPE works on raw bytes; this mapping is applied only when a tokenizer.json is loaded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace winnow::tokenizer {

// The character (code point) that stands for byte b.
char32_t byte_level_char(std::uint8_t b);

// The UTF-8 text that stands for bytes (each byte becomes one character).
std::string to_byte_level(std::string_view bytes);

// The bytes that text stands for; nullopt when text is not valid UTF-8 or holds a character that is
// not one of the 256 (e.g. a special token such as "<｜begin▁of▁sentence｜>"), or is empty.
std::optional<std::string> from_byte_level(std::string_view text);

}  // namespace winnow::tokenizer
