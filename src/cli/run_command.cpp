#include "src/cli/whole_number.h"
#include "src/cli/run_command.h"

#include <unistd.h>

#include <charconv>
#include <functional>
#include <iostream>
#include <optional>

#include "dedup/dedup_config.h"
#include "dedup/dedup_factory.h"
#include "src/cli/build_stages.h"
#include "src/cli/run_tasks.h"
#include "src/cli/staged_dedup.h"
#include "src/config/config.h"
#include "src/error.h"
#include "src/io/input_files.h"
#include "src/pipeline/output_layout.h"
#include "src/pipeline/pipeline.h"
#include "src/report/dataset_manifest.h"
#include "src/report/run_report.h"

namespace winnow {

const char* const kRunHelp = R"(usage: winnow run INPUT... --output DIR [options]

Cleans JSONL shards: every record is either kept (DIR/kept/) or rejected with its reason (DIR/rejects/),
and DIR/stats.json accounts for every one (read == kept + dropped + duplicates + errors).

INPUT   files, directories (searched recursively for *.jsonl, *.json, *.ndjson, optionally .gz/.zst),
        or quoted glob patterns; .zst, .gz and plain files may be mixed (the content decides the decoder).

options:
  -o, --output DIR     output folder (created if missing)                                    [required]
  -c, --config FILE    pipeline YAML (see README "Configuration"); default: built-in defaults
  -j, --threads N      worker threads; output is byte-identical for any N         [default: all cores]
      --strict         stop at the first bad record with FILE:LINE: reason, exit 1, and leave no
                       partial output of that input; default: count it, reject it, go on
      --resume         skip inputs already completed by an earlier run with the same config
      --save-index DIR
                       save this run's dedup index into DIR at the end (dedup.save_index)
      --against-index DIR
                       also remove duplicates of the documents of the index saved in DIR, saved with
                       the same dedup settings (repeatable; dedup.against_index; docs/DEDUP.md)
      --dedup-mode M   streaming (the in-memory index) or staged (on disk: two passes over the inputs,
                       same outputs; see docs/DEDUP.md "Staged mode")     [default: dedup.execution]
      --memory-limit SIZE  e.g. 2G: with dedup.execution auto (the default), run dedup staged when the
                       streaming index is estimated to need more; staged sorts use a quarter of it
      --task I --tasks N
                       run task I (0 .. N-1) of a run split into N tasks: the inputs of signature task
                       I only (a contiguous, size-balanced range), kept/ rejects/ and .done markers
                       as usual, its statistics, dedup report and tokens in DIR/.tasks/run-I-of-N/;
                       with a dedup: section, `winnow dedup signatures` (N tasks) and `winnow dedup
                       plan` must have run first. A complete task is not run again (exit 0).
      --finish --tasks N
                       after all N run tasks: tokens/ (byte-identical to one run's), stats.json
                       (stage statistics merged; run_tasks.not_merged lists what cannot be), dedup.json,
                       report.html and manifest.json; deletes DIR/.tasks and DIR/.dedup-staged.
                       Refuses, naming the task, while a task is missing. See docs/DEDUP.md
                       "Staged mode as tasks".
      --progress       live progress line on stderr (default when stderr is a terminal)
      --no-progress    never draw it
  -q, --quiet          no summary on stdout
  -h, --help           this text

exit status: 0 done (bad records are counted, see stats.json), 1 the run failed or --strict stopped it,
             2 bad command line or config.
)";

namespace {

struct RunArguments {
  std::vector<std::string> inputs;
  std::string output;
  std::string config_path;
  unsigned threads = 0;
  bool strict = false;
  bool resume = false;
  int progress = -1;  // -1: when stderr is a terminal
  bool quiet = false;
  bool help = false;
  std::string save_index;                  // --save-index
  std::vector<std::string> against_index;  // --against-index, in order
  DedupModeRequest dedup_mode;
  long task = -1;    // --task
  long tasks = -1;   // --tasks
  bool finish = false;
};

// --save-index and --against-index are settings of the dedup: section given on the command line: they are
// written into it (replacing save_index / against_index there), so the config fingerprint covers them and
// --resume redoes the inputs when they change.
void apply_index_flags(const RunArguments& arguments, Config& config) {
  if (arguments.save_index.empty() && arguments.against_index.empty()) return;
  if (!config.dedup.present()) {
    throw Error("--save-index and --against-index need a dedup: section in the config (see docs/DEDUP.md)");
  }
  if (!arguments.save_index.empty()) config.dedup.node["save_index"] = arguments.save_index;
  if (!arguments.against_index.empty()) {
    YAML::Node list(YAML::NodeType::Sequence);
    for (const std::string& directory : arguments.against_index) list.push_back(directory);
    config.dedup.node["against_index"] = list;
  }
}

RunArguments parse_arguments(const std::vector<std::string>& args) {
  RunArguments parsed;
  auto value_of = [&](std::size_t& i, const std::string& flag) -> std::string {
    if (i + 1 >= args.size()) throw Error("option " + flag + " needs a value");
    return args[++i];
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      parsed.help = true;
    } else if (arg == "-o" || arg == "--output") {
      parsed.output = value_of(i, arg);
    } else if (arg.rfind("--output=", 0) == 0) {
      parsed.output = arg.substr(9);
    } else if (arg == "-c" || arg == "--config") {
      parsed.config_path = value_of(i, arg);
    } else if (arg.rfind("--config=", 0) == 0) {
      parsed.config_path = arg.substr(9);
    } else if (arg == "-j" || arg == "--threads" || arg.rfind("--threads=", 0) == 0) {
      const std::string text = arg.rfind("--threads=", 0) == 0 ? arg.substr(10) : value_of(i, arg);
      unsigned threads = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), threads);
      if (error != std::errc() || end != text.data() + text.size() || threads == 0 || threads > 1024) {
        throw Error("--threads must be a whole number from 1 to 1024, got '" + text + "'");
      }
      parsed.threads = threads;
    } else if (arg == "--strict") {
      parsed.strict = true;
    } else if (arg == "--resume") {
      parsed.resume = true;
    } else if (arg == "--save-index" || arg.rfind("--save-index=", 0) == 0) {
      parsed.save_index = arg.rfind("--save-index=", 0) == 0 ? arg.substr(13) : value_of(i, arg);
      if (parsed.save_index.empty()) throw Error("--save-index needs a folder");
    } else if (arg == "--against-index" || arg.rfind("--against-index=", 0) == 0) {
      parsed.against_index.push_back(arg.rfind("--against-index=", 0) == 0 ? arg.substr(16) : value_of(i, arg));
      if (parsed.against_index.back().empty()) throw Error("--against-index needs a folder");
    } else if (arg == "--dedup-mode" || arg.rfind("--dedup-mode=", 0) == 0) {
      parsed.dedup_mode.mode = arg.rfind("--dedup-mode=", 0) == 0 ? arg.substr(13) : value_of(i, arg);
    } else if (arg == "--memory-limit" || arg.rfind("--memory-limit=", 0) == 0) {
      parsed.dedup_mode.memory_limit =
          parse_byte_size(arg.rfind("--memory-limit=", 0) == 0 ? arg.substr(15) : value_of(i, arg));
    } else if (arg == "--task" || arg.rfind("--task=", 0) == 0) {
      parsed.task = whole_number("--task", arg.rfind("--task=", 0) == 0 ? arg.substr(7) : value_of(i, arg), 0, 1000000);
    } else if (arg == "--tasks" || arg.rfind("--tasks=", 0) == 0) {
      parsed.tasks = whole_number("--tasks", arg.rfind("--tasks=", 0) == 0 ? arg.substr(8) : value_of(i, arg), 1, 1000000);
    } else if (arg == "--finish") {
      parsed.finish = true;
    } else if (arg == "--progress") {
      parsed.progress = 1;
    } else if (arg == "--no-progress") {
      parsed.progress = 0;
    } else if (arg == "-q" || arg == "--quiet") {
      parsed.quiet = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw Error("unknown option '" + arg + "' (see winnow run --help)");
    } else {
      parsed.inputs.push_back(arg);
    }
  }
  return parsed;
}

void check_task_arguments(const RunArguments& arguments) {
  if (arguments.tasks < 0) throw Error("--task and --finish need --tasks N (see winnow run --help)");
  if (arguments.finish == (arguments.task >= 0)) throw Error("give either --task I or --finish, with --tasks N");
  if (arguments.task >= arguments.tasks) {
    throw Error("--task must be from 0 to " + std::to_string(arguments.tasks - 1) + " (--tasks " +
                std::to_string(arguments.tasks) + ")");
  }
  if (arguments.resume) throw Error("--resume does not apply to run tasks: a complete task is never run again");
  if (!arguments.save_index.empty() || !arguments.against_index.empty()) {
    throw Error("--save-index and --against-index work with one streaming `winnow run` only, not with run tasks");
  }
  if (arguments.dedup_mode.mode == "streaming") {
    throw Error("run tasks apply the staged dedup plan (`winnow dedup plan`); --dedup-mode streaming needs one run");
  }
}

// The input files of INPUT... into `request`; Error when there are none, or, with --strict, when one INPUT
// matched nothing.
void list_run_inputs(const RunArguments& arguments, RunRequest& request) {
  InputListing listing = list_inputs(arguments.inputs);
  if (arguments.strict && !listing.matched_nothing.empty()) {
    throw Error(listing.matched_nothing.front(), 0, "no input files here [--strict]");
  }
  if (listing.files.empty()) throw Error("no input files found in the given INPUTs");
  request.inputs = std::move(listing.files);
  request.matched_nothing = std::move(listing.matched_nothing);
}

// The flags every kind of run takes the same way: where, how many threads, strict, resume, progress.
void apply_run_flags(const RunArguments& arguments, RunRequest& request) {
  request.output_dir = arguments.output;
  request.threads = arguments.threads;
  request.strict = arguments.strict;
  request.resume = arguments.resume;
  request.progress = arguments.progress == 1 || (arguments.progress == -1 && ::isatty(STDERR_FILENO));
}

// `--task I --tasks N` or `--finish --tasks N` (src/cli/run_tasks.h); the caller checked INPUT and --output.
int run_as_task(const std::string& command, const RunArguments& arguments,
                const std::function<void(Config&)>& adjust_config) {
  RunRequest request;
  try {
    request.config = arguments.config_path.empty() ? Config{} : load_config(arguments.config_path);
    if (adjust_config) adjust_config(request.config);
    if (request.config.dedup.present()) dedup::parse_dedup_config(request.config.dedup);  // config errors: exit 2
    list_run_inputs(arguments, request);
  } catch (const Error& error) {
    std::cerr << "winnow " << command << ": " << error.what() << "\n";
    return 2;
  }
  apply_run_flags(arguments, request);
  const auto tasks = static_cast<unsigned>(arguments.tasks);
  try {
    if (arguments.finish) {
      if (!finish_run_tasks(request, tasks, arguments.quiet)) {
        std::cerr << "winnow " << command << ": the run of " << tasks << " tasks is finished, complete already\n";
      }
    } else {
      const auto task = static_cast<unsigned>(arguments.task);
      if (!run_task(request, task, tasks, arguments.quiet)) {
        std::cerr << "winnow " << command << ": run task " << task << " of " << tasks << " is complete already\n";
      }
    }
    return 0;
  } catch (const Error& error) {
    std::cerr << "winnow " << command << ": error: " << error.what() << "\n";
    return 1;
  }
}

}  // namespace

int run_command(const std::vector<std::string>& args) { return execute_run("run", kRunHelp, args, nullptr); }

int execute_run(const std::string& command, const char* help, const std::vector<std::string>& args,
                const std::function<void(Config&)>& adjust_config, bool apply_saved_plan) {
  RunArguments arguments;
  RunRequest request;
  Stages stages;
  std::optional<std::string> staged_reason;  // why dedup runs staged; none: streaming
  dedup::DedupConfig dedup_config;
  try {
    arguments = parse_arguments(args);
    if (arguments.help) {
      std::cout << help;
      return 0;
    }
    if (arguments.inputs.empty()) throw Error("no INPUT given (see winnow " + command + " --help)");
    if (arguments.output.empty()) throw Error("--output DIR is required (see winnow " + command + " --help)");
    const bool task_mode = arguments.task >= 0 || arguments.tasks >= 0 || arguments.finish;
    if (task_mode) {
      check_task_arguments(arguments);
      return run_as_task(command, arguments, adjust_config);
    }
    request.config = arguments.config_path.empty() ? Config{} : load_config(arguments.config_path);
    if (adjust_config) adjust_config(request.config);
    apply_index_flags(arguments, request.config);
    stages = build_stages(request.config, arguments.output);
    list_run_inputs(arguments, request);
    request.resume = arguments.resume;
    if (apply_saved_plan) arguments.dedup_mode.mode = "staged";
    if (stages.deduplicator) {
      dedup_config = dedup_config_of(request.config);
      staged_reason = staged_dedup_reason(request, dedup_config, arguments.dedup_mode);
    } else if (arguments.dedup_mode.mode == "staged") {
      throw Error("--dedup-mode staged needs a dedup: section in the config");
    }
  } catch (const Error& error) {
    std::cerr << "winnow " << command << ": " << error.what() << "\n";
    return 2;
  }
  apply_run_flags(arguments, request);
  try {
    if (staged_reason && apply_saved_plan) {
      apply_staged_plan(request, stages, dedup_config);
    } else if (staged_reason) {
      plan_staged_dedup(request, stages, dedup_config, arguments.dedup_mode.memory_limit, *staged_reason);
    }
    const RunReport report = run_pipeline(request, stages);
    if (staged_reason) remove_staged_scratch(request.output_dir);
    write_stats(report, OutputLayout(request.output_dir).stats_path(), request.config.output.fsync);
    write_dataset_manifest(request.output_dir, report, request.config.output.fsync);
    if (!arguments.quiet) print_summary(report, request.output_dir, std::cout);
    const std::uint64_t errors = Ledger::sum(report.totals.errors);
    if (errors > 0) {
      std::cerr << "winnow " << command << ": warning: " << errors
                << " record(s) could not be read; they are in rejects/ with their reason (see stats.json)\n";
    }
    return 0;
  } catch (const Error& error) {
    // A saved plan (winnow dedup remove) stays for a retry; the in-process plan lives for one run.
    if (staged_reason && !apply_saved_plan) remove_staged_scratch(request.output_dir);
    std::cerr << "winnow " << command << ": error: " << error.what() << "\n";
    return 1;
  }
}

}  // namespace winnow
