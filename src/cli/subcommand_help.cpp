#include "src/cli/subcommand_help.h"

#include <algorithm>
#include <iostream>

namespace winnow {

std::optional<int> print_help_if_asked(const std::vector<std::string>& args, const char* help) {
  if (args.empty()) {
    std::cerr << help;
    return 2;
  }
  const bool asked = std::any_of(args.begin(), args.end(), [](const std::string& arg) {
    return arg == "-h" || arg == "--help";
  });
  if (!asked) return std::nullopt;
  std::cout << help;
  return 0;
}

}  // namespace winnow
