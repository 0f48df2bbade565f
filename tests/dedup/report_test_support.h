// Helpers for the dedup report tests: a `winnow run` on sample_data that leaves dedup.json and report.html.
#pragma once

#include <string>

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

}  // namespace winnow::dedup::test
