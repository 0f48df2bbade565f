// The merge of one stage's statistics from run tasks (src/report/stage_stats_merge.h): counters summed, config
// echoes kept, and what cannot be merged exactly written as null and listed, never made up.
#include <doctest/doctest.h>

#include "src/error.h"
#include "src/report/stage_stats_merge.h"

using winnow::merge_stage_stats;
using winnow::StageMergeRule;

TEST_CASE("integers that are 0 over no documents are summed and the others must be equal") {
  const std::string baseline = R"({"seen":0,"thresholds":{"min_words":50,"ratio":0.3},"on":false})";
  const auto merged = merge_stage_stats({R"({"seen":7,"thresholds":{"min_words":50,"ratio":0.3},"on":false})",
                                         R"({"seen":5,"thresholds":{"min_words":50,"ratio":0.3},"on":false})"},
                                        baseline, "filters/f");
  CHECK(merged.json == R"({"seen":12,"thresholds":{"min_words":50,"ratio":0.3},"on":false})");
  CHECK(merged.not_merged.empty());
}

TEST_CASE("an echo or a fraction that differs between tasks becomes null and is listed") {
  const std::string baseline = R"({"min_words":50,"mean":0})";
  const auto merged = merge_stage_stats({R"({"min_words":50,"mean":0.5})", R"({"min_words":40,"mean":0.25})"},
                                        baseline, "filters/f");
  CHECK(merged.json == R"({"min_words":null,"mean":null})");
  CHECK(merged.not_merged == std::vector<std::string>{"filters/f/min_words", "filters/f/mean"});
}

TEST_CASE("histogram counts add up bin by bin and members seen in one task only are kept") {
  const std::string baseline = R"({"edges":[0,1,2],"counts":[0,0,0,0]})";
  const auto merged = merge_stage_stats({R"({"edges":[0,1,2],"counts":[1,2,0,3],"by_language":{"en":4}})",
                                         R"({"edges":[0,1,2],"counts":[0,1,1,1],"by_language":{"de":2,"en":1}})"},
                                        baseline, "s");
  CHECK(merged.json == R"({"edges":[0,1,2],"counts":[1,3,1,4],"by_language":{"en":5,"de":2}})");
  CHECK(merged.not_merged.empty());
}

TEST_CASE("arrays of different lengths are not merged") {
  const auto merged = merge_stage_stats({R"({"largest":[1,2]})", R"({"largest":[3]})"}, "", "dedup/dedup");
  CHECK(merged.json == R"({"largest":null})");
  CHECK(merged.not_merged == std::vector<std::string>{"dedup/dedup/largest"});
}

TEST_CASE("rules choose echo, not merged or a replacement for a member") {
  using Kind = StageMergeRule::Kind;
  const std::map<std::string, StageMergeRule> rules = {
      {"plan", {Kind::echo, ""}}, {"memory", {Kind::not_merged, ""}}, {"clusters", {Kind::replace, "[9]"}}};
  const auto merged = merge_stage_stats({R"({"plan":3,"memory":10,"clusters":[1],"kept":1})",
                                         R"({"plan":3,"memory":20,"clusters":[2],"kept":2})"},
                                        R"({"plan":0,"memory":0,"kept":0})", "dedup/dedup", rules);
  CHECK(merged.json == R"({"plan":3,"memory":null,"clusters":[9],"kept":3})");
  CHECK(merged.not_merged == std::vector<std::string>{"dedup/dedup/memory"});
  CHECK_THROWS_AS(merge_stage_stats({"[1]"}, "", "x"), winnow::Error);
}
