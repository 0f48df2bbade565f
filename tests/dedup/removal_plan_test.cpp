// dedup/staged/removal_plan.h: pass 2 gets each document's removal in order, and a pass 2 that sees other
// documents than pass 1 numbered stops with an error instead of applying decisions to the wrong documents.
#include <doctest/doctest.h>

#include "dedup/staged/removal_plan.h"
#include "src/error.h"
#include "support/test_support.h"

namespace {

using namespace winnow::dedup::staged;

std::string write_plan(const winnow::test::TempDir& dir) {
  RecordWriter<Removal> writer(dir / "removals.rec", 4);
  writer.append(Removal{1, 0, 0, 0, RemovalReason::exact, 0, 0});
  writer.append(Removal{3, 2, 1, 5, RemovalReason::near, 1, 0.75});
  writer.close();
  return dir / "removals.rec";
}

StagedSummary summary_of(std::uint64_t documents) {
  StagedSummary summary;
  summary.sweep.documents = documents;
  return summary;
}

}  // namespace

TEST_CASE("a removal plan gives each document its removal in doc order") {
  winnow::test::TempDir dir;
  RemovalPlan plan(write_plan(dir), summary_of(5));
  CHECK(!plan.removal_of(0));
  const auto exact = plan.removal_of(1);
  REQUIRE(exact);
  CHECK(exact->reason == RemovalReason::exact);
  CHECK(exact->kept_doc == 0);
  CHECK(!plan.removal_of(2));
  const auto near = plan.removal_of(3);
  REQUIRE(near);
  CHECK(near->bands_matched == 5);
  CHECK(near->similarity == 0.75);
  CHECK(!plan.removal_of(4));
  CHECK_NOTHROW(plan.check_complete(5));
}

TEST_CASE("a removal plan refuses a pass 2 with more or fewer documents than pass 1") {
  winnow::test::TempDir dir;
  {
    RemovalPlan plan(write_plan(dir), summary_of(5));
    for (std::uint64_t doc = 0; doc < 5; ++doc) plan.removal_of(doc);
    CHECK_THROWS_WITH_AS(plan.removal_of(5), doctest::Contains("inputs changed"), winnow::Error);
  }
  {
    RemovalPlan plan(write_plan(dir), summary_of(5));
    for (std::uint64_t doc = 0; doc < 4; ++doc) plan.removal_of(doc);
    CHECK_THROWS_WITH_AS(plan.check_complete(4), doctest::Contains("pass 2 saw 4"), winnow::Error);
  }
  {
    RemovalPlan plan(write_plan(dir), summary_of(5));
    plan.removal_of(0);
    CHECK_THROWS_AS(plan.check_complete(5), winnow::Error);  // removals 1 and 3 were never applied
  }
}
