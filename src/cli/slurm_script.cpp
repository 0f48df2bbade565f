#include "src/cli/slurm_script.h"

#include <sstream>

namespace winnow::slurm {

namespace {

std::string log_pattern(const JobSettings& settings, const Stage& stage, const char* extension) {
  // %A_%a: array job id and index; %j: the job id of a single job.
  const std::string variable = stage.array ? "%A-%a" : "%j";
  return settings.output_dir + "/" + kSlurmFolder + "/logs/" + stage.name + "-" + variable + "." + extension;
}

// `text` quoted for bash, with every kTaskWord becoming "$task" (unquoted by the single quotes).
std::string quoted_with_task(const std::string& text) {
  const std::string word = kTaskWord;
  std::string result;
  std::size_t from = 0;
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, from)) {
    if (at > from) result += shell_quoted(text.substr(from, at - from));
    result += "\"$task\"";
    from = at + word.size();
  }
  if (from < text.size() || result.empty()) result += shell_quoted(text.substr(from));
  return result;
}

// The shell test that holds when `completion` holds for the task in $task.
std::string completion_test(const Completion& completion) {
  auto path = [](const std::string& relative) { return "\"$out\"/" + quoted_with_task(relative); };
  std::string test = "[ -e " + path(completion.present) + " ]";
  for (const std::string& absent : completion.absent) test += " && [ ! -e " + path(absent) + " ]";
  return completion.absent.empty() ? test : "{ " + test + "; }";
}

}  // namespace

std::string shell_quoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

std::string script_name(const Stage& stage, std::size_t position) {
  std::string number = std::to_string(position);
  if (number.size() < 2) number = "0" + number;
  return number + "-" + stage.name + ".sbatch";
}

std::string error_log_path(const JobSettings& settings, const Stage& stage, const std::string& job_id,
                           unsigned task) {
  std::string path = log_pattern(settings, stage, "err");
  const std::string variable = stage.array ? "%A-%a" : "%j";
  const std::string value = stage.array ? job_id + "-" + std::to_string(task) : job_id;
  return path.replace(path.rfind(variable), variable.size(), value);
}

std::string sbatch_script(const Stage& stage, std::size_t position, std::size_t stage_count,
                          const JobSettings& settings) {
  std::ostringstream script;
  script << "#!/bin/bash\n"
         << "# winnow slurm: stage " << position << " of " << stage_count << ", " << stage.name << " ("
         << (stage.array ? "an array of " + std::to_string(stage.tasks) + " tasks" : std::string("one task"))
         << "). Written by `winnow slurm submit`;\n"
         << "# `winnow slurm resume` submits it again for the tasks without a completion marker"
         << (stage.array ? " (--array=THOSE)" : "") << ".\n";
  script << "#SBATCH --job-name=" << settings.job_name << "-" << stage.name << "\n";
  if (stage.array) {
    script << "#SBATCH --array=0-" << stage.tasks - 1;
    if (settings.array_limit > 0) script << "%" << settings.array_limit;
    script << "\n";
  }
  script << "#SBATCH --chdir=" << settings.working_dir << "\n"
         << "#SBATCH --output=" << log_pattern(settings, stage, "out") << "\n"
         << "#SBATCH --error=" << log_pattern(settings, stage, "err") << "\n"
         << "#SBATCH --ntasks=1\n"
         << "#SBATCH --cpus-per-task=" << settings.cpus_per_task << "\n";
  if (!settings.partition.empty()) script << "#SBATCH --partition=" << settings.partition << "\n";
  if (!settings.time_limit.empty()) script << "#SBATCH --time=" << settings.time_limit << "\n";
  if (!settings.memory.empty()) script << "#SBATCH --mem=" << settings.memory << "\n";
  for (const std::string& line : settings.extra_lines) script << "#SBATCH " << line << "\n";

  script << "set -euo pipefail\n"
         << "stage=" << stage.name << "\n"
         << "tasks=" << stage.tasks << "\n";
  if (stage.array) {
    script << "task=${SLURM_ARRAY_TASK_ID:?the " << stage.name
           << " stage runs as a Slurm array task (SLURM_ARRAY_TASK_ID is not set)}\n"
           << "case $task in ''|*[!0-9]*) echo \"winnow slurm: bad task index '$task'\" >&2; exit 2 ;; esac\n"
           << "if [ \"$task\" -ge \"$tasks\" ]; then echo \"winnow slurm: task $task is not below $tasks\" >&2; exit 2; fi\n";
  } else {
    script << "task=0\n";
  }
  // Slurm starts the job in --chdir already; the cd makes the script run by hand from anywhere mean the same.
  script << "cd " << shell_quoted(settings.working_dir) << "\n"
         << "out=" << shell_quoted(settings.output_dir) << "\n"
         << "# Complete already (its marker, or a later stage's): doing it again would change nothing.\n"
         << "if ";
  for (std::size_t i = 0; i < stage.completions.size(); ++i) {
    script << (i == 0 ? "" : " ||\n   ") << completion_test(stage.completions[i]);
  }
  script << "; then\n"
         << "  echo \"winnow slurm: $stage task $task of $tasks is complete already\" >&2\n"
         << "  exit 0\n"
         << "fi\n"
         << "# Fault injection for tests (docs/scale-out.md): WINNOW_SLURM_FAIL_TASK=STAGE:TASK fails that task.\n"
         << "if [ \"${WINNOW_SLURM_FAIL_TASK:-}\" = \"$stage:$task\" ]; then\n"
         << "  echo \"winnow slurm: $stage task $task failing on purpose (WINNOW_SLURM_FAIL_TASK)\" >&2\n"
         << "  exit 1\n"
         << "fi\n"
         << "echo \"winnow slurm: $stage task $task of $tasks, job ${SLURM_JOB_ID:-?} on $(hostname)\" >&2\n"
         << "exec " << shell_quoted(settings.winnow_binary);
  for (const std::string& argument : stage.arguments) {
    script << " " << quoted_with_task(argument);
  }
  script << "\n";
  return script.str();
}

}  // namespace winnow::slurm
