#include "report_test_support.h"

#include <doctest/doctest.h>

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

}  // namespace winnow::dedup::test
