// winnow's one error type.
//
// An Error is something a person can act on: it names where (a file, and a line when there is one) and what
// went wrong. It is thrown for conditions that stop a run (bad command line, unreadable config, --strict on bad
// input, an output that cannot be written). Bad *records* are not errors in this sense: they are counted in the
// ledger and written to rejects/, and the run goes on.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace winnow {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
  // "FILE:LINE: message", or "FILE: message" when line is 0.
  Error(const std::string& file, std::uint64_t line, const std::string& message)
      : std::runtime_error(located(file, line, message)) {}

 private:
  static std::string located(const std::string& file, std::uint64_t line, const std::string& message) {
    std::string where;
    where.append(file);
    if (line > 0) where.append(":").append(std::to_string(line));
    where.append(": ").append(message);
    return where;
  }
};

}  // namespace winnow
