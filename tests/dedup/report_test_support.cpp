#include "report_test_support.h"

#include <doctest/doctest.h>

#include <cctype>

namespace winnow::dedup::test {

ReportRun run_sample_data_with_report(const winnow::test::TempDir& dir, const std::string& yaml) {
  using namespace winnow::test;
  write_file(dir / "dedup.yaml", yaml);
  ReportRun run;
  run.output_dir = dir / "out";
  const CommandResult result =
      run_winnow({"run", std::string(WINNOW_SOURCE_DIR) + "/sample_data", "--output", run.output_dir, "--config",
                  dir / "dedup.yaml", "--threads", "2", "--quiet"});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  run.outputs = check_outputs(run.output_dir);
  run.dedup_json = read_file(run.output_dir + "/dedup.json");
  run.report_html = read_file(run.output_dir + "/report.html");
  return run;
}

// Checks that `xml` (one <svg> element) is well-formed: tags nest and close, attribute values are quoted,
// and no '<' or '&' appears unescaped in text. Returns the first problem, or "" when there is none.
std::string xml_problem(std::string_view xml) {
  std::vector<std::string> open;
  for (std::size_t i = 0; i < xml.size();) {
    if (xml[i] == '&') {
      const std::size_t semicolon = xml.find(';', i);
      if (semicolon == std::string_view::npos || semicolon - i > 8) return "bare & at " + std::to_string(i);
      i = semicolon + 1;
      continue;
    }
    if (xml[i] != '<') {
      ++i;
      continue;
    }
    const std::size_t end = xml.find('>', i);
    if (end == std::string_view::npos) return "unterminated tag";
    std::string_view tag = xml.substr(i + 1, end - i - 1);
    i = end + 1;
    if (!tag.empty() && tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1)) return "unbalanced </" + std::string(tag.substr(1)) + ">";
      open.pop_back();
      continue;
    }
    const bool self_closing = !tag.empty() && tag.back() == '/';
    if (self_closing) tag.remove_suffix(1);
    const std::string name(tag.substr(0, tag.find(' ')));
    if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) return "bad tag <" + std::string(tag) + ">";
    // Attributes: name="value", separated by spaces.
    for (std::size_t k = name.size(); k < tag.size();) {
      if (tag[k] == ' ') {
        ++k;
        continue;
      }
      const std::size_t equals = tag.find('=', k);
      if (equals == std::string_view::npos || equals + 1 >= tag.size() || tag[equals + 1] != '"') {
        return "unquoted attribute in <" + std::string(tag) + ">";
      }
      const std::size_t close = tag.find('"', equals + 2);
      if (close == std::string_view::npos) return "unterminated attribute in <" + std::string(tag) + ">";
      if (tag.substr(equals + 2, close - equals - 2).find('<') != std::string_view::npos) return "< in attribute";
      k = close + 1;
    }
    if (!self_closing) open.push_back(name);
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

std::vector<std::string_view> svg_elements(std::string_view html) {
  std::vector<std::string_view> svgs;
  for (std::size_t at = 0; (at = html.find("<svg", at)) != std::string_view::npos;) {
    const std::size_t end = html.find("</svg>", at);
    REQUIRE(end != std::string_view::npos);
    svgs.push_back(html.substr(at, end + 6 - at));
    at = end;
  }
  return svgs;
}

}  // namespace winnow::dedup::test
