#include "filters/text_lines.h"

namespace winnow::filters {

void split_lines_python(std::string_view text, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t start = 0, i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t brk = 0;  // length of the line break at i
    if (c == '\n' || c == '\v' || c == '\f' || c == 0x1c || c == 0x1d || c == 0x1e) {
      brk = 1;
    } else if (c == '\r') {
      brk = (i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x85) {
      brk = 2;  // U+0085
    } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xA8 || static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      brk = 3;  // U+2028, U+2029
    }
    if (brk == 0) {
      ++i;
      continue;
    }
    out.push_back(text.substr(start, i - start));
    i += brk;
    start = i;
  }
  if (start < text.size()) out.push_back(text.substr(start));
}

void split_on(std::string_view text, char sep, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t pos = text.find(sep, start);
    if (pos == std::string_view::npos) break;
    out.push_back(text.substr(start, pos - start));
    start = pos + 1;
  }
  out.push_back(text.substr(start));
}

void split_on_newline_runs(std::string_view text, std::size_t min_run, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t start = 0, i = 0;
  while (i < text.size()) {
    if (text[i] != '\n') {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && text[j] == '\n') ++j;
    if (j - i >= min_run) {
      out.push_back(text.substr(start, i - start));
      start = j;
    }
    i = j;
  }
  out.push_back(text.substr(start));
}

}  // namespace winnow::filters
