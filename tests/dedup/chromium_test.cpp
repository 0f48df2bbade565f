// report.html in a real browser: Debian's headless Chromium loads it from a file (no network, a new empty
// profile) with console logging on stderr; the page must log nothing to the console and its DOM must hold
// the three plots. A control page with a script error checks that the console check sees errors at all.
// Without /usr/bin/chromium the test fails and says how to install it (tests never install anything).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

#include "report_test_support.h"
#include "support/test_support.h"

namespace {

using namespace winnow::test;

const std::string kChromium = "/usr/bin/chromium";

struct BrowserRun {
  int exit_code = -1;
  std::string dom;
  std::string log;  // stderr: Chromium's log, console messages included
};

BrowserRun dump_dom(const TempDir& dir, const std::string& name, const std::string& page) {
  const std::string profile = dir / (name + "-profile");
  std::filesystem::create_directories(profile);
  const std::string dom = dir / (name + ".dom"), log = dir / (name + ".log");
  const std::string command = "timeout 120 " + kChromium +
                              " --headless --no-sandbox --disable-gpu --disable-background-networking"
                              " --disable-component-update --disable-sync --no-first-run --user-data-dir='" +
                              profile + "' --enable-logging=stderr --v=0 --dump-dom 'file://" + page + "' > '" + dom +
                              "' 2> '" + log + "'";
  BrowserRun run;
  const int status = std::system(command.c_str());
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.dom = read_file(dom);
  run.log = read_file(log);
  return run;
}

// Console messages of the page (any level: the report has no script, so any message is a problem).
std::vector<std::string> console_messages(const std::string& log) {
  std::vector<std::string> messages;
  for (const std::string& line : lines_of(log)) {
    if (line.find("CONSOLE") != std::string::npos || line.find("Uncaught") != std::string::npos) {
      messages.push_back(line);
    }
  }
  return messages;
}

}  // namespace

TEST_CASE("report.html loads in headless Chromium with its plots and no console messages") {
  if (!std::filesystem::exists(kChromium)) {
    FAIL("Chromium is not installed (" << kChromium << " is missing): run `apt-get install chromium` "
         "(scripts/install-deps should install it) to run this test");
  }
  TempDir dir;
  const auto run = winnow::dedup::test::run_sample_data_with_report(dir, "dedup:\n  mode: datatrove\n");

  write_file(dir / "broken.html", "<!DOCTYPE html><html><body><script>undefined_function();</script></body></html>");
  const BrowserRun control = dump_dom(dir, "broken", dir / "broken.html");
  REQUIRE_MESSAGE(control.exit_code == 0, control.log);
  REQUIRE_MESSAGE(!console_messages(control.log).empty(), "the console check does not see a script error:\n" << control.log);

  const BrowserRun report = dump_dom(dir, "report", run.output_dir + "/report.html");
  REQUIRE_MESSAGE(report.exit_code == 0, report.log);
  for (const std::string& message : console_messages(report.log)) FAIL_CHECK(message);
  for (const char* element : {"<svg id=\"plot-removed\"", "<svg id=\"plot-cluster-sizes\"", "<svg id=\"plot-s-curve\"",
                              "<polyline", "<circle", "id=\"pairs\"", "id=\"matrix\""}) {
    CHECK_MESSAGE(report.dom.find(element) != std::string::npos, element);
  }
}
