// `winnow dedup signatures | join | buckets | plan | remove`: the staged dedup mode's stages as separate
// commands over task ids, so that a scheduler can run the signature tasks and the bucket sorts on many machines
// (docs/DEDUP.md, "Staged mode as tasks"). They share one output folder; `winnow run --dedup-mode staged`
// runs the same code in one process.
#include "src/cli/dedup_command.h"

#include <charconv>
#include <filesystem>
#include <iostream>

#include "dedup/dedup_config.h"
#include "dedup/dedup_factory.h"
#include "src/cli/run_command.h"
#include "src/cli/staged_bucket_tasks.h"
#include "src/cli/staged_dedup.h"
#include "src/cli/subcommand_help.h"
#include "src/cli/whole_number.h"
#include "src/config/config.h"
#include "src/error.h"
#include "src/io/input_files.h"

namespace winnow {

const char* const kDedupHelp = R"(usage: winnow dedup STAGE [options]

The staged dedup mode (docs/DEDUP.md, "Staged mode as tasks") as separate stages, for a scheduler; every
stage gets the same INPUTs, --output and --config. `winnow run --dedup-mode staged` runs all of them.

  winnow dedup signatures INPUT... -o DIR -c C --task I --tasks N
        pass 1 (filters + signatures) over task I's inputs (0 <= I < N: a contiguous range of the inputs in
        the order run reads them, balanced by size); writes DIR/.dedup-staged/signatures-I-of-N/ with its
        manifest.json and completion marker. A completed task is not redone. Tasks run in any order.
  winnow dedup join INPUT... -o DIR -c C --tasks N
        optional, with buckets: needs all N signature tasks (checks their manifests and checksums) and joins
        them, documents renumbered: DIR/.dedup-staged/joined.json marks it done (a rerun does nothing)
  winnow dedup buckets INPUT... -o DIR -c C --task K --tasks M [--memory-limit SIZE]
        after join: the external sorts of bucket task K's key spaces (the i-th of exact, URL, band 0, 1, ...
        present goes to task i mod M), one process per task, any order, in parallel on the shared DIR;
        DIR/.dedup-staged/buckets-K-of-M.done marks it done (a rerun does nothing). M up to the key spaces
        (the bands + 2); a task without a space writes its marker only
  winnow dedup plan INPUT... -o DIR -c C --tasks N [--bucket-tasks M] [--memory-limit SIZE]
        with --bucket-tasks M: needs the join and all M bucket tasks; numbers their buckets, sorts the
        memberships and runs the sweep. Without: joins (if join did not), builds every space's buckets and
        runs the sweep, in one process. Writes DIR/.dedup-staged/plan.json (dedup.keep first: removals.rec;
        longest or field: the connected components, clusters.rec)
  winnow dedup remove INPUT... -o DIR -c C [run options]
        pass 2: the normal run (kept/, rejects/, stats.json, manifest.json) applying the plan; the same
        options as `winnow run` (see winnow run --help); deletes DIR/.dedup-staged when done

options of signatures, join, buckets and plan:
  -o, --output DIR   -c, --config FILE   -j, --threads N   --task I   --tasks N   --bucket-tasks M
  --memory-limit SIZE (buckets and plan: the external sorts use a quarter of it; default 256 MiB sorts)

exit status: 0 done (or already done), 1 the stage failed, 2 bad command line or config.
)";

namespace {

struct TaskArguments {
  std::vector<std::string> inputs;
  std::string output;
  std::string config_path;
  unsigned threads = 0;
  long task = -1;
  long tasks = -1;
  long bucket_tasks = -1;
  std::uint64_t memory_limit = 0;
};

TaskArguments parse_task_arguments(const std::vector<std::string>& args) {
  TaskArguments parsed;
  auto value_of = [&](std::size_t& i, const std::string& flag) -> std::string {
    if (i + 1 >= args.size()) throw Error("option " + flag + " needs a value");
    return args[++i];
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-o" || arg == "--output") {
      parsed.output = value_of(i, arg);
    } else if (arg == "-c" || arg == "--config") {
      parsed.config_path = value_of(i, arg);
    } else if (arg == "-j" || arg == "--threads") {
      parsed.threads = whole_number("--threads", value_of(i, arg), 1, 1024);
    } else if (arg == "--task") {
      parsed.task = whole_number("--task", value_of(i, arg), 0, 1000000);
    } else if (arg == "--tasks") {
      parsed.tasks = whole_number("--tasks", value_of(i, arg), 1, 1000000);
    } else if (arg == "--bucket-tasks") {
      parsed.bucket_tasks = whole_number("--bucket-tasks", value_of(i, arg), 1, 1000000);
    } else if (arg == "--memory-limit") {
      parsed.memory_limit = parse_byte_size(value_of(i, arg));
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw Error("unknown option '" + arg + "' (see winnow dedup --help)");
    } else {
      parsed.inputs.push_back(arg);
    }
  }
  if (parsed.inputs.empty()) throw Error("no INPUT given (see winnow dedup --help)");
  if (parsed.output.empty()) throw Error("--output DIR is required (see winnow dedup --help)");
  if (parsed.tasks < 0) throw Error("--tasks N is required");
  return parsed;
}

// The request a run with these arguments would make (same inputs, same config, same order).
RunRequest task_request(const TaskArguments& arguments, dedup::DedupConfig& dedup_config) {
  RunRequest request;
  request.config = arguments.config_path.empty() ? Config{} : load_config(arguments.config_path);
  if (!request.config.dedup.present()) throw Error("winnow dedup needs a dedup: section in the config");
  dedup_config = dedup_config_of(request.config);
  if (!dedup_config.save_index.empty() || !dedup_config.against_index.empty()) {
    throw Error("saved indexes (dedup.save_index / dedup.against_index) work with the streaming dedup mode only");
  }
  InputListing listing = list_inputs(arguments.inputs);
  if (listing.files.empty()) throw Error("no input files found in the given INPUTs");
  request.inputs = std::move(listing.files);
  request.output_dir = arguments.output;
  request.threads = arguments.threads;
  return request;
}

int signatures_or_plan(const std::string& stage, const std::vector<std::string>& args) {
  TaskArguments arguments;
  RunRequest request;
  dedup::DedupConfig dedup_config;
  try {
    arguments = parse_task_arguments(args);
    const bool one_of_tasks = stage == "signatures" || stage == "buckets";
    if (one_of_tasks && arguments.task < 0) throw Error("--task I is required");
    if (one_of_tasks && arguments.task >= arguments.tasks) {
      throw Error("--task must be from 0 to " + std::to_string(arguments.tasks - 1) + " (--tasks " +
                  std::to_string(arguments.tasks) + ")");
    }
    if ((stage == "plan" || stage == "join") && arguments.task >= 0) {
      throw Error(stage + " is one task: it takes --tasks N (the signature tasks), not --task");
    }
    if (stage != "plan" && arguments.bucket_tasks >= 0) throw Error("--bucket-tasks is an option of plan only");
    request = task_request(arguments, dedup_config);
  } catch (const Error& error) {
    std::cerr << "winnow dedup " << stage << ": " << error.what() << "\n";
    return 2;
  }
  const auto tasks = static_cast<unsigned>(arguments.tasks);
  try {
    if (stage == "signatures") {
      const auto task = static_cast<unsigned>(arguments.task);
      if (!run_signature_task(request, dedup_config, task, tasks, /*write_ids=*/true)) {
        std::cerr << "winnow dedup signatures: task " << task << " of " << tasks << " is complete already\n";
      }
    } else if (stage == "join") {
      if (!run_signature_join(request, dedup_config, tasks)) {
        std::cerr << "winnow dedup join: the signature tasks are joined already\n";
      }
    } else if (stage == "buckets") {
      const auto task = static_cast<unsigned>(arguments.task);
      if (!run_bucket_task(request, task, tasks, arguments.memory_limit)) {
        std::cerr << "winnow dedup buckets: task " << task << " of " << tasks << " is complete already\n";
      }
    } else {
      const unsigned bucket_tasks = arguments.bucket_tasks < 0 ? 0 : static_cast<unsigned>(arguments.bucket_tasks);
      if (!run_staged_plan(request, dedup_config, tasks, arguments.memory_limit,
                           "winnow dedup plan (" + std::to_string(tasks) + " signature tasks)", bucket_tasks)) {
        std::cerr << "winnow dedup plan: the plan is complete already\n";
      }
    }
    return 0;
  } catch (const Error& error) {
    std::cerr << "winnow dedup " << stage << ": error: " << error.what() << "\n";
    return 1;
  } catch (const std::filesystem::filesystem_error& error) {
    std::cerr << "winnow dedup " << stage << ": error: " << error.what() << "\n";
    return 1;
  }
}

}  // namespace

int dedup_command(const std::vector<std::string>& args) {
  if (const std::optional<int> code = print_help_if_asked(args, kDedupHelp)) return *code;
  const std::string& stage = args.front();
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (stage == "signatures" || stage == "join" || stage == "buckets" || stage == "plan") {
    return signatures_or_plan(stage, rest);
  }
  if (stage == "remove") return execute_run("dedup remove", kDedupHelp, rest, nullptr, true);
  std::cerr << "winnow dedup: unknown stage '" << stage << "' (signatures, join, buckets, plan or remove)\n";
  return 2;
}

}  // namespace winnow
