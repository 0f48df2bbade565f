// A command-line option's whole-number value, shared by every subcommand's option parsing.
#pragma once

#include <string>

namespace winnow {

// `text` as a whole number in [lowest, highest] (decimal digits only); throws Error naming `flag` otherwise,
// e.g. "--tasks must be a whole number from 1 to 1000000, got 'x'".
long whole_number(const std::string& flag, const std::string& text, long lowest, long highest);

}  // namespace winnow
