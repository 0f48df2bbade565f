// The parts of `winnow slurm` that need no cluster: reading scontrol's records, --array lists, completion
// markers, shell quoting. The whole command runs on a real cluster in slurm_test.py.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "src/cli/slurm_scheduler.h"
#include "src/cli/slurm_script.h"
#include "src/cli/slurm_stages.h"
#include "src/error.h"
#include "support/test_support.h"

namespace winnow::slurm {

TEST_CASE("array task lists: ranges, throttles, steps and lists, anything else refused") {
  CHECK(parse_array_tasks("0-3%2") == std::vector<unsigned>{0, 1, 2, 3});
  CHECK(parse_array_tasks("1,3,5-6") == std::vector<unsigned>{1, 3, 5, 6});
  CHECK(parse_array_tasks("0-6:3") == std::vector<unsigned>{0, 3, 6});
  CHECK(parse_array_tasks("7") == std::vector<unsigned>{7});
  CHECK_THROWS_AS(parse_array_tasks("a"), Error);
  CHECK_THROWS_AS(parse_array_tasks("3-1"), Error);
  CHECK_THROWS_AS(parse_array_tasks(""), Error);
  CHECK(array_spec({1, 3, 4, 5, 9}) == "1,3-5,9");
  CHECK(array_spec({2}) == "2");
  CHECK(parse_array_tasks(array_spec({0, 1, 2, 5, 7, 8})) == std::vector<unsigned>{0, 1, 2, 5, 7, 8});
}

TEST_CASE("scontrol records: finished array tasks one by one, pending ones grouped, a single job") {
  // The shape `scontrol show job -o` prints (Slurm 22.05), fields cut down to those read and a few others.
  const std::string output =
      "JobId=1 ArrayJobId=1 ArrayTaskId=2 JobName=a.sh JobState=COMPLETED Reason=None ExitCode=0:0 "
      "StdErr=/out/.slurm/logs/signatures-1-2.err StdIn=/dev/null\n"
      "JobId=4 ArrayJobId=1 ArrayTaskId=1 JobName=a.sh JobState=FAILED Reason=NonZeroExitCode ExitCode=1:0 "
      "StdErr=/out/.slurm/logs/signatures-1-1.err\n"
      "JobId=5 ArrayJobId=5 ArrayTaskId=0-2%2 ArrayTaskThrottle=2 JobState=PENDING Reason=None "
      "StdErr=/out/.slurm/logs/signatures-5-4294967294.err\n"
      "JobId=2 JobName=b.sh JobState=CANCELLED Reason=DependencyNeverSatisfied ExitCode=0:0 "
      "StdErr=/out/.slurm/logs/plan-2.err\n";
  const std::vector<JobRecord> records = parse_job_records(output);
  REQUIRE(records.size() == 4);
  CHECK(records[0].array_tasks == std::vector<unsigned>{2});
  CHECK(records[0].state == "COMPLETED");
  CHECK(records[1].job_id == "4");
  CHECK(records[1].array_job_id == "1");
  CHECK(records[1].state == "FAILED");
  CHECK(records[1].exit_code == "1:0");
  CHECK(records[1].std_err == "/out/.slurm/logs/signatures-1-1.err");
  CHECK(records[2].array_tasks == std::vector<unsigned>{0, 1, 2});
  CHECK(records[3].array_job_id.empty());
  CHECK(records[3].array_tasks.empty());
  CHECK(records[3].reason == "DependencyNeverSatisfied");
}

TEST_CASE("a task is complete by its own marker or a later stage's, and the end only without scratch") {
  test::TempDir dir;
  PipelineShape shape;
  shape.inputs = {"in"};
  shape.output = dir.path().string();
  shape.has_dedup = true;
  shape.tasks = 3;
  const std::vector<Stage> stages = pipeline_stages(shape);
  REQUIRE(stages.size() >= 3);
  const Stage& signatures = stages[0];
  const Stage& last = stages.back();
  const std::string out = dir.path().string();
  CHECK_FALSE(task_complete(signatures, 1, out));
  std::filesystem::create_directories(out + "/.dedup-staged/signatures-1-of-3");
  test::write_file(out + "/.dedup-staged/signatures-1-of-3/done", "x");
  CHECK(task_complete(signatures, 1, out));
  CHECK_FALSE(task_complete(signatures, 2, out));
  test::write_file(out + "/.dedup-staged/plan.json", "{}");
  CHECK(task_complete(signatures, 2, out));  // the plan joined every task
  // manifest.json with the scratch folder still there: pass 2 has not finished.
  test::write_file(out + "/manifest.json", "{}");
  CHECK_FALSE(task_complete(last, 0, out));
  std::filesystem::remove_all(out + "/.dedup-staged");
  CHECK(task_complete(last, 0, out));
  CHECK(task_complete(signatures, 0, out));  // after the end, every task is complete
}

TEST_CASE("the task word is replaced everywhere and commands carry the task count, not Slurm's") {
  CHECK(with_task("a-{task}-of-3/{task}", "7") == "a-7-of-3/7");
  PipelineShape shape;
  shape.inputs = {"in"};
  shape.output = "out";
  shape.has_dedup = true;
  shape.tasks = 5;
  const Stage signatures = pipeline_stages(shape).front();
  CHECK(signatures.array);
  CHECK(signatures.tasks == 5);
  const auto& arguments = signatures.arguments;
  const auto tasks_flag = std::find(arguments.begin(), arguments.end(), "--tasks");
  REQUIRE(tasks_flag != arguments.end());
  CHECK(*(tasks_flag + 1) == "5");
}

TEST_CASE("shell quoting survives quotes, spaces and dollars, checked by bash itself") {
  CHECK(shell_quoted("it's") == "'it'\\''s'");
  test::TempDir dir;
  const std::string tricky = "a b'c$HOME\"d";
  const std::string script = dir / "echo.sh";
  test::write_file(script, "printf '%s' " + shell_quoted(tricky) + " > " + shell_quoted(dir / "result"));
  REQUIRE(std::system(("bash " + shell_quoted(script)).c_str()) == 0);
  CHECK(test::read_file(dir / "result") == tricky);
}

}  // namespace winnow::slurm
