// `winnow dedup signatures | plan | remove`: the staged dedup mode's stages as separate commands over task
// ids, so that a scheduler can run the signature tasks on many machines (docs/DEDUP.md, "Staged mode as
// tasks"). They share one output folder; `winnow run --dedup-mode staged` runs the same code in one process.
#include "src/cli/dedup_command.h"

#include <charconv>
#include <filesystem>
#include <iostream>

#include "dedup/dedup_config.h"
#include "dedup/dedup_factory.h"
#include "src/cli/run_command.h"
#include "src/cli/staged_dedup.h"
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
  winnow dedup plan INPUT... -o DIR -c C --tasks N [--memory-limit SIZE]
        needs all N signature tasks (checks their manifests and checksums); joins them, builds the buckets
        and runs the sweep (one process, sequential in document order): DIR/.dedup-staged/plan.json
        (dedup.keep: first only)
  winnow dedup remove INPUT... -o DIR -c C [run options]
        pass 2: the normal run (kept/, rejects/, stats.json, manifest.json) applying the plan; the same
        options as `winnow run` (see winnow run --help); deletes DIR/.dedup-staged when done

options of signatures and plan:
  -o, --output DIR   -c, --config FILE   -j, --threads N   --task I   --tasks N   --memory-limit SIZE

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
  std::uint64_t memory_limit = 0;
};

unsigned whole_number(const std::string& flag, const std::string& text, unsigned lowest, unsigned highest) {
  unsigned number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size() || number < lowest || number > highest) {
    throw Error(flag + " must be a whole number from " + std::to_string(lowest) + " to " + std::to_string(highest) +
                ", got '" + text + "'");
  }
  return number;
}

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
    if (stage == "signatures" && arguments.task < 0) throw Error("--task I is required");
    if (stage == "signatures" && arguments.task >= arguments.tasks) {
      throw Error("--task must be from 0 to " + std::to_string(arguments.tasks - 1) + " (--tasks " +
                  std::to_string(arguments.tasks) + ")");
    }
    if (stage == "plan" && arguments.task >= 0) throw Error("plan is one task: it takes --tasks N (the signature tasks) only");
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
    } else {
      if (!run_staged_plan(request, dedup_config, tasks, arguments.memory_limit,
                           "winnow dedup plan (" + std::to_string(tasks) + " signature tasks)")) {
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
  if (args.empty() || args.front() == "-h" || args.front() == "--help") {
    (args.empty() ? std::cerr : std::cout) << kDedupHelp;
    return args.empty() ? 2 : 0;
  }
  const std::string& stage = args.front();
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  for (const std::string& arg : rest) {
    if (arg == "-h" || arg == "--help") {
      std::cout << kDedupHelp;
      return 0;
    }
  }
  if (stage == "signatures" || stage == "plan") return signatures_or_plan(stage, rest);
  if (stage == "remove") return execute_run("dedup remove", kDedupHelp, rest, nullptr, true);
  std::cerr << "winnow dedup: unknown stage '" << stage << "' (signatures, plan or remove)\n";
  return 2;
}

}  // namespace winnow
