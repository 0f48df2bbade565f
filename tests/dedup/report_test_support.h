// Helpers for the dedup report tests: a `winnow run` on sample_data that leaves dedup.json and report.html.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "support/test_support.h"

namespace winnow::dedup::test {

struct ReportRun {
  std::string output_dir;
  winnow::test::RunOutputs outputs;  // checked with check_outputs
  std::string dedup_json;
  std::string report_html;
};

// Runs winnow on sample_data/ with `yaml` (a config with a dedup: section) into dir/out, 2 threads.
ReportRun run_sample_data_with_report(const winnow::test::TempDir& dir, const std::string& yaml);

// Checks that `xml` (one <svg> element) is well-formed: tags nest and close, attribute values are quoted,
// and no '<' or '&' appears unescaped in text. Returns the first problem, or "" when there is none.
std::string xml_problem(std::string_view xml);

// Every <svg>...</svg> element of `html`.
std::vector<std::string_view> svg_elements(std::string_view html);

}  // namespace winnow::dedup::test
