#include "src/cli/whole_number.h"
#include "src/cli/slurm_submission.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "dedup/dedup_config.h"
#include "src/cli/slurm_scheduler.h"
#include "src/config/config.h"
#include "src/error.h"
#include "src/io/atomic_file.h"

namespace winnow::slurm {

namespace {

std::string absolute_in(const std::string& folder, const std::string& path) {
  return std::filesystem::weakly_canonical(std::filesystem::path(folder) / path).string();
}

std::string this_binary() {
  std::error_code error;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) throw Error("cannot find this winnow binary (/proc/self/exe); give --winnow PATH");
  return path.string();
}

}  // namespace

std::string slurm_dir(const Submission& submission) { return submission.job.output_dir + "/" + kSlurmFolder; }

std::string script_path(const Submission& submission, const Stage& stage, std::size_t position) {
  return slurm_dir(submission) + "/" + script_name(stage, position);
}

Submission parse_submission(const std::vector<std::string>& args, const std::string& working_dir) {
  Submission submission;
  submission.arguments = args;
  submission.job.working_dir = working_dir;
  auto& shape = submission.shape;
  auto& job = submission.job;
  shape.tasks = 4;
  std::optional<unsigned> bucket_tasks;  // unset: one per key space, at most --tasks
  auto value_of = [&](std::size_t& i, const std::string& flag) -> std::string {
    if (i + 1 >= args.size()) throw Error("option " + flag + " needs a value");
    return args[++i];
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.find('\n') != std::string::npos) throw Error("arguments with a newline are not supported: '" + arg + "'");
    if (arg == "-o" || arg == "--output") {
      shape.output = value_of(i, arg);
    } else if (arg == "-c" || arg == "--config") {
      shape.config_path = value_of(i, arg);
    } else if (arg == "--tasks") {
      shape.tasks = whole_number(arg, value_of(i, arg), 1, 100000);
    } else if (arg == "--bucket-tasks") {
      bucket_tasks = whole_number(arg, value_of(i, arg), 0, 100000);
    } else if (arg == "--partition") {
      job.partition = value_of(i, arg);
    } else if (arg == "--time") {
      job.time_limit = value_of(i, arg);
    } else if (arg == "--cpus-per-task") {
      job.cpus_per_task = whole_number(arg, value_of(i, arg), 1, 4096);
    } else if (arg == "--mem") {
      job.memory = value_of(i, arg);
    } else if (arg == "--array-limit") {
      job.array_limit = whole_number(arg, value_of(i, arg), 1, 100000);
    } else if (arg == "--sbatch-line") {
      job.extra_lines.push_back(value_of(i, arg));
    } else if (arg == "--memory-limit") {
      shape.memory_limit = value_of(i, arg);
    } else if (arg == "--job-name") {
      job.job_name = value_of(i, arg);
    } else if (arg == "--winnow") {
      job.winnow_binary = absolute_in(working_dir, value_of(i, arg));
    } else if (arg == "--dry-run") {
      submission.dry_run = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw Error("unknown option '" + arg + "' (see winnow slurm --help)");
    } else {
      shape.inputs.push_back(arg);
    }
  }
  if (shape.inputs.empty()) throw Error("no INPUT given (see winnow slurm --help)");
  if (shape.output.empty()) throw Error("--output DIR is required (see winnow slurm --help)");
  shape.threads = job.cpus_per_task;
  job.output_dir = absolute_in(working_dir, shape.output);
  if (job.winnow_binary.empty()) job.winnow_binary = this_binary();
  if (!shape.config_path.empty()) {
    const Config config = load_config(absolute_in(working_dir, shape.config_path));
    shape.has_dedup = config.dedup.present();
    if (shape.has_dedup) {
      const dedup::DedupConfig dedup_config = dedup::parse_dedup_config(config.dedup);
      if (dedup_config.keep != dedup::KeepRule::first) {
        throw Error("winnow slurm runs dedup.keep: first only (run tasks apply keep-first plans only; for "
                    "longest|field use winnow dedup signatures / plan / remove, or winnow run --dedup-mode staged)");
      }
      // Key spaces: the exact hash, the URL, each band; a bucket task beyond them would have nothing to do.
      const unsigned spaces = (dedup_config.exact ? 1u : 0u) + (dedup_config.url_field.empty() ? 0u : 1u) +
                              (dedup_config.near ? static_cast<unsigned>(dedup_config.minhash.bands) : 0u);
      shape.bucket_tasks = bucket_tasks.value_or(std::min(shape.tasks, spaces));
      if (!dedup_config.save_index.empty() || !dedup_config.against_index.empty()) {
        throw Error("saved indexes (dedup.save_index / against_index) need the streaming mode: use winnow run");
      }
    }
  }
  return submission;
}

void save_submission(const Submission& submission) {
  std::string text = "cwd\t" + submission.job.working_dir + "\n";
  for (const std::string& argument : submission.arguments) {
    if (argument != "--dry-run") text += "arg\t" + argument + "\n";
  }
  write_file_atomically(slurm_dir(submission) + "/submission", text);
}

Submission load_submission(const std::string& output_dir) {
  const std::string path = output_dir + "/" + kSlurmFolder + "/submission";
  std::ifstream file(path);
  if (!file) throw Error(path + ": no submission here (run winnow slurm plan or submit first)");
  std::string line, working_dir;
  std::vector<std::string> arguments;
  while (std::getline(file, line)) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos) throw Error(path + ": damaged line '" + line + "'");
    const std::string key = line.substr(0, tab), value = line.substr(tab + 1);
    if (key == "cwd") working_dir = value;
    if (key == "arg") arguments.push_back(value);
  }
  if (working_dir.empty()) throw Error(path + ": no cwd line");
  return parse_submission(arguments, working_dir);
}

std::vector<JobEntry> load_jobs(const Submission& submission) {
  std::vector<JobEntry> entries;
  std::ifstream file(slurm_dir(submission) + "/jobs");
  std::string stage, job_id, tasks;
  while (file >> stage >> job_id >> tasks) entries.push_back({stage, job_id, parse_array_tasks(tasks)});
  return entries;
}

void append_job(const Submission& submission, const JobEntry& entry) {
  std::string text;
  {
    std::ifstream file(slurm_dir(submission) + "/jobs");
    std::stringstream existing;
    existing << file.rdbuf();
    text = existing.str();
  }
  text += entry.stage + " " + entry.job_id + " " + array_spec(entry.tasks) + "\n";
  write_file_atomically(slurm_dir(submission) + "/jobs", text);
}

}  // namespace winnow::slurm
