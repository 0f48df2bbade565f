#include "src/cli/whole_number.h"

#include <charconv>

#include "src/error.h"

namespace winnow {

long whole_number(const std::string& flag, const std::string& text, long lowest, long highest) {
  long number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size() || number < lowest || number > highest) {
    throw Error(flag + " must be a whole number from " + std::to_string(lowest) + " to " + std::to_string(highest) +
                ", got '" + text + "'");
  }
  return number;
}

}  // namespace winnow
