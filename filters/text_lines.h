// The three ways datatrove cuts a text into lines, which differ and matter to the rules:
//   str.splitlines(): breaks at \n \r \r\n \v \f \x1c \x1d \x1e \x85 \u2028 \u2029; no final empty line
//     (Gopher quality, C4)
//   str.split("\n"): breaks at \n only; keeps the empty line after a final \n (FineWeb)
//   re.split("\n+", text): breaks at runs of \n (Gopher repetition lines); re.split("\n{2,}", ...) for paragraphs
#pragma once

#include <string_view>
#include <vector>

namespace winnow::filters {

// Python's str.splitlines() (without keepends).
void split_lines_python(std::string_view text, std::vector<std::string_view>& out);

// Python's text.split(sep) for a single-character separator.
void split_on(std::string_view text, char sep, std::vector<std::string_view>& out);

// Python's re.split("\n{min_run,}", text): cuts at every run of at least min_run newlines.
void split_on_newline_runs(std::string_view text, std::size_t min_run, std::vector<std::string_view>& out);

}  // namespace winnow::filters
