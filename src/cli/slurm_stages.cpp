#include "src/cli/slurm_stages.h"

#include <filesystem>

namespace winnow::slurm {

namespace {

std::vector<std::string> common_arguments(const PipelineShape& shape) {
  std::vector<std::string> arguments = shape.inputs;
  arguments.insert(arguments.end(), {"--output", shape.output});
  if (!shape.config_path.empty()) arguments.insert(arguments.end(), {"--config", shape.config_path});
  arguments.insert(arguments.end(), {"--threads", std::to_string(shape.threads)});
  return arguments;
}

std::vector<std::string> joined(std::vector<std::string> head, const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

}  // namespace

std::vector<Stage> pipeline_stages(const PipelineShape& shape) {
  const std::string tasks = std::to_string(shape.tasks);
  const std::vector<std::string> common = common_arguments(shape);
  // The whole pipeline is complete when the finish wrote manifest.json (always its last file) and deleted the
  // scratch folders (.dedup-staged never exists without dedup).
  const Completion finished{"manifest.json", {".tasks", ".dedup-staged"}};

  std::vector<Stage> stages;
  if (shape.has_dedup) {
    const Completion planned{".dedup-staged/plan.json", {}};
    // The join deletes the signature task folders: after it, its marker stands for theirs.
    const Completion joined_tasks{".dedup-staged/joined.json", {}};
    std::vector<std::string> memory_limit;
    if (!shape.memory_limit.empty()) memory_limit = {"--memory-limit", shape.memory_limit};
    stages.push_back(Stage{"signatures", shape.tasks, true,
                           joined({"dedup", "signatures"}, joined(common, {"--task", kTaskWord, "--tasks", tasks})),
                           {{".dedup-staged/signatures-" + std::string(kTaskWord) + "-of-" + tasks + "/done", {}},
                            joined_tasks,
                            planned,
                            finished}});
    std::vector<std::string> plan = joined({"dedup", "plan"}, joined(common, {"--tasks", tasks}));
    if (shape.bucket_tasks > 0) {
      const std::string buckets = std::to_string(shape.bucket_tasks);
      stages.push_back(Stage{"join", 1, false, joined({"dedup", "join"}, joined(common, {"--tasks", tasks})),
                             {joined_tasks, planned, finished}});
      stages.push_back(
          Stage{"buckets", shape.bucket_tasks, true,
                joined({"dedup", "buckets"}, joined(common, joined({"--task", kTaskWord, "--tasks", buckets}, memory_limit))),
                {{".dedup-staged/buckets-" + std::string(kTaskWord) + "-of-" + buckets + ".done", {}}, planned, finished}});
      plan.insert(plan.end(), {"--bucket-tasks", buckets});
    }
    plan.insert(plan.end(), memory_limit.begin(), memory_limit.end());
    stages.push_back(Stage{"plan", 1, false, plan, {planned, finished}});
  }
  stages.push_back(
      Stage{"run", shape.tasks, true,
            joined({"run"}, joined(common, {"--task", kTaskWord, "--tasks", tasks, "--no-progress"})),
            {{".tasks/run-" + std::string(kTaskWord) + "-of-" + tasks + "/done", {}}, finished}});
  stages.push_back(Stage{"finish", 1, false,
                         joined({"run"}, joined(common, {"--finish", "--tasks", tasks, "--no-progress"})),
                         {finished}});
  return stages;
}

std::string with_task(const std::string& text, const std::string& replacement) {
  std::string result;
  const std::string word = kTaskWord;
  std::size_t from = 0;
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, from)) {
    result.append(text, from, at - from).append(replacement);
    from = at + word.size();
  }
  return result.append(text, from);
}

bool task_complete(const Stage& stage, unsigned task, const std::string& output_dir) {
  const std::string index = std::to_string(task);
  for (const Completion& completion : stage.completions) {
    std::error_code error;
    if (!std::filesystem::exists(output_dir + "/" + with_task(completion.present, index), error)) continue;
    bool holds = true;
    for (const std::string& absent : completion.absent) {
      if (std::filesystem::exists(output_dir + "/" + with_task(absent, index), error)) holds = false;
    }
    if (holds) return true;
  }
  return false;
}

}  // namespace winnow::slurm
