#include "src/records/json_text.h"

#include <simdjson.h>

#include <cmath>
#include <cstdio>

namespace winnow {

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run_start, i - run_start);
    run_start = i + 1;
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      default:
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(text.data() + run_start, text.size() - run_start);
  out.push_back('"');
}

std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

bool is_valid_utf8(std::string_view bytes) { return simdjson::validate_utf8(bytes.data(), bytes.size()); }

std::string base64_encode(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                            (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(kAlphabet[(n >> 6) & 63]);
    out.push_back(kAlphabet[n & 63]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

void JsonBuilder::start_value(std::string_view key) {
  if (depth_ > 0) {
    if (!first_) out_.push_back(',');
    if (indent_ > 0) {
      out_.push_back('\n');
      out_.append(static_cast<std::size_t>(depth_ * indent_), ' ');
    }
  }
  first_ = false;
  if (!key.empty()) {
    append_json_string(out_, key);
    out_.append(indent_ > 0 ? ": " : ":");
  }
}

JsonBuilder& JsonBuilder::open(std::string_view key, char bracket) {
  start_value(key);
  out_.push_back(bracket);
  ++depth_;
  first_ = true;
  return *this;
}

JsonBuilder& JsonBuilder::close(char bracket) {
  --depth_;
  if (indent_ > 0 && !first_) {  // a non-empty container closes on its own line
    out_.push_back('\n');
    out_.append(static_cast<std::size_t>(depth_ * indent_), ' ');
  }
  out_.push_back(bracket);
  first_ = false;
  return *this;
}

JsonBuilder& JsonBuilder::begin_object(std::string_view key) { return open(key, '{'); }
JsonBuilder& JsonBuilder::end_object() { return close('}'); }
JsonBuilder& JsonBuilder::begin_array(std::string_view key) { return open(key, '['); }
JsonBuilder& JsonBuilder::end_array() { return close(']'); }

JsonBuilder& JsonBuilder::value(std::string_view key, std::string_view text) {
  start_value(key);
  append_json_string(out_, text);
  return *this;
}

JsonBuilder& JsonBuilder::value(std::string_view key, std::uint64_t number) {
  start_value(key);
  out_.append(std::to_string(number));
  return *this;
}

JsonBuilder& JsonBuilder::value(std::string_view key, std::int64_t number) {
  start_value(key);
  out_.append(std::to_string(number));
  return *this;
}

JsonBuilder& JsonBuilder::value(std::string_view key, double number) {
  start_value(key);
  if (!std::isfinite(number)) {
    out_.append("null");
    return *this;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", number);
  out_.append(buffer);
  return *this;
}

JsonBuilder& JsonBuilder::value(std::string_view key, bool flag) {
  start_value(key);
  out_.append(flag ? "true" : "false");
  return *this;
}

JsonBuilder& JsonBuilder::raw(std::string_view key, std::string_view json) {
  start_value(key);
  out_.append(json);
  return *this;
}

}  // namespace winnow
