// winnow: web-crawl JSONL in, clean, deduplicated, tokenized training data out.
#include <iostream>
#include <string>
#include <vector>

#include "src/cli/dedup_command.h"
#include "src/cli/run_command.h"
#include "src/cli/slurm_command.h"
#include "src/cli/stats_command.h"
#include "src/cli/token_commands.h"
#include "src/report/dataset_manifest.h"
#include "src/version.h"

namespace {

const char* const kHelp = R"(usage: winnow COMMAND [ARGS...]

commands:
  run INPUT... --output DIR       clean JSONL shards into DIR (kept/, rejects/, stats.json, tokens/)
  dedup STAGE ...                  staged dedup stages as scheduler tasks (signatures, join, buckets, plan, remove)
  slurm plan|submit|status|resume  run the stages as Slurm array jobs on shared storage (docs/scale-out.md)
  tokenize INPUT... --output DIR  only tokenize: JSONL text -> Megatron-LM or llm.c token shards in DIR/tokens/
  inspect PREFIX                  a token shard's header, counts and first documents, decoded
  verify DIR                      check an output folder against its manifest.json checksums and its ledger
  stats DIR                       print the filters' signal histograms from DIR/stats.json, to tune thresholds
  help [COMMAND]                  this text, or a command's
  version                         print the version

Run 'winnow COMMAND --help' for a command's options.
)";

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kHelp;
    return 2;
  }
  const std::string& command = args.front();
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "run") return winnow::run_command(rest);
  if (command == "dedup") return winnow::dedup_command(rest);
  if (command == "slurm") return winnow::slurm_command(rest);
  if (command == "tokenize") return winnow::tokenize_command(rest);
  if (command == "inspect") return winnow::inspect_command(rest);
  if (command == "stats") return winnow::stats_command(rest);
  if (command == "verify") {
    if (rest.size() != 1 || rest.front().rfind("-", 0) == 0) {
      std::cerr << "usage: winnow verify DIR\n\nChecks every file of a winnow output folder against DIR/manifest.json "
                   "(size, xxh3) and against the ledger in DIR/stats.json.\nExit status: 0 intact, 1 problems found.\n";
      return rest.size() == 1 && (rest.front() == "-h" || rest.front() == "--help") ? 0 : 2;
    }
    return winnow::verify_dataset(rest.front(), std::cout) == 0 ? 0 : 1;
  }
  if (command == "help" || command == "-h" || command == "--help") {
    const std::string topic = rest.empty() ? "" : rest.front();
    if (topic == "run") {
      std::cout << winnow::kRunHelp;
    } else if (topic == "dedup") {
      std::cout << winnow::kDedupHelp;
    } else if (topic == "slurm") {
      std::cout << winnow::kSlurmHelp;
    } else if (topic == "tokenize") {
      std::cout << winnow::kTokenizeHelp;
    } else if (topic == "stats") {
      std::cout << winnow::kStatsHelp;
    } else if (topic == "inspect") {
      std::cout << winnow::kInspectHelp;
    } else {
      std::cout << kHelp;
    }
    return 0;
  }
  if (command == "version" || command == "--version") {
    std::cout << "winnow " << winnow::kWinnowVersion << "\n";
    return 0;
  }
  std::cerr << "winnow: unknown command '" << command << "'\n\n" << kHelp;
  return 2;
}
