// Locating a member's value inside the text of a JSON object, so winnow can splice a changed value into the
// original line and leave every other byte as it was.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace winnow {

struct TextSpan {
  std::size_t offset = 0;
  std::size_t size = 0;
};

// The span of the value of the first top-level member named `key` (after JSON unescaping of the member name).
// REQUIRES: `object` is a valid JSON object (the parser has checked it). nullopt when there is no such member.
std::optional<TextSpan> find_member_value(std::string_view object, std::string_view key);

// find_member_value for several keys in one pass over the object: found[k] is keys[k]'s value span.
std::vector<std::optional<TextSpan>> find_member_values(std::string_view object,
                                                       const std::vector<std::string_view>& keys);

}  // namespace winnow
