// Writing JSON text: string escaping and a small builder for the objects winnow writes (rejects annotations,
// stats.json, completion markers). One implementation, used everywhere winnow emits JSON.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace winnow {

// Appends `text` as a JSON string literal (with quotes). REQUIRES: text is valid UTF-8.
void append_json_string(std::string& out, std::string_view text);
std::string json_string(std::string_view text);

// True when `bytes` is valid UTF-8 (simdjson's validator: SIMD, runtime-dispatched).
bool is_valid_utf8(std::string_view bytes);

// Standard base64 (RFC 4648, with padding), for bytes that are not valid UTF-8.
std::string base64_encode(std::string_view bytes);

// Builds one JSON object or array, with optional indentation. Keys are written in call order.
class JsonBuilder {
 public:
  explicit JsonBuilder(int indent = 0) : indent_(indent) {}
  JsonBuilder& begin_object(std::string_view key = {});
  JsonBuilder& end_object();
  JsonBuilder& begin_array(std::string_view key = {});
  JsonBuilder& end_array();
  JsonBuilder& value(std::string_view key, std::string_view text);  // a string
  JsonBuilder& value(std::string_view key, const char* text) { return value(key, std::string_view(text)); }
  JsonBuilder& value(std::string_view key, std::uint64_t number);
  JsonBuilder& value(std::string_view key, std::int64_t number);
  JsonBuilder& value(std::string_view key, int number) { return value(key, static_cast<std::int64_t>(number)); }
  JsonBuilder& value(std::string_view key, double number);
  JsonBuilder& value(std::string_view key, bool flag);
  JsonBuilder& raw(std::string_view key, std::string_view json);  // an already serialised value
  const std::string& str() const { return out_; }

 private:
  void start_value(std::string_view key);
  JsonBuilder& open(std::string_view key, char bracket);
  JsonBuilder& close(char bracket);
  std::string out_;
  int indent_;
  int depth_ = 0;
  bool first_ = true;
};

}  // namespace winnow
