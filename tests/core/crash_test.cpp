// Crash consistency: a run killed with SIGKILL at random moments and resumed each time ends with outputs
// byte-identical to an uninterrupted run, a balanced ledger, and no torn file under a final name.
#include <doctest/doctest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <thread>

#include "support/test_support.h"

using namespace winnow;
using namespace winnow::test;
namespace fs = std::filesystem;

namespace {

void write_corpus(const TempDir& dir) {
  std::mt19937 random(7);
  for (int file = 0; file < 6; ++file) {
    std::string text;
    for (int i = 0; i < 30000; ++i) {
      if (random() % 500 == 0) text += "{oops\n";
      text += "{\"id\":\"" + std::to_string(file) + "-" + std::to_string(i) + "\",\"text\":\"";
      // One record in 40 repeats one of 200 texts, in every file: duplicates across inputs, for the dedup case.
      const bool repeated = random() % 40 == 0;
      std::mt19937 words(repeated ? static_cast<unsigned>(random() % 200) : static_cast<unsigned>(random()));
      for (int w = 0; w < 20; ++w) text += "word" + std::to_string(words() % 5000) + " ";
      text += "\"}\n";
    }
    write_file(dir / ("in/part-" + std::to_string(file) + ".jsonl.zst"), zstd_compress(text, 1));
  }
}

std::map<std::string, std::string> final_files(const std::string& out) {
  std::map<std::string, std::string> files;
  for (const char* sub : {"kept", "rejects", "tokens"}) {
    if (!fs::exists(out + "/" + sub)) continue;
    for (const auto& entry : fs::directory_iterator(out + "/" + sub)) {
      files[std::string(sub) + "/" + entry.path().filename().string()] = read_file(entry.path().string());
    }
  }
  return files;
}

// Every file under a final name is complete: shards decode to their end, markers parse.
void check_no_torn_files(const std::string& out) {
  if (!fs::exists(out)) return;  // killed before it made its output folder
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    const std::string path = entry.path().string();
    if (!entry.is_regular_file() || path.find(".tmp.") != std::string::npos) continue;
    if (entry.path().extension() == ".zst") zstd_decompress_file(path);  // fails the test when torn
  }
}

void kill_and_resume(const TempDir& dir, const std::vector<std::string>& config_args) {
  std::vector<std::string> base{"run", dir / "in", "--threads", "2"};
  base.insert(base.end(), config_args.begin(), config_args.end());
  auto args_for = [&](const std::string& out, bool resume) {
    std::vector<std::string> args = base;
    args.insert(args.end(), {"--output", dir / out});
    if (resume) args.push_back("--resume");
    return args;
  };
  const auto start = std::chrono::steady_clock::now();
  REQUIRE(wait_for(spawn_winnow(args_for("clean", false))) == 0);
  const auto clean_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();

  // Each attempt resumes the last and is killed after a random delay within the first half of a clean run's
  // time, so kills land while reading, writing, committing and tokenizing; the loop ends when a run finishes
  // before its kill (the work is done) or after 8 kills.
  std::mt19937 random(20261128);
  int killed = 0;
  int attempts = 0;
  while (killed < 8 && attempts < 40) {
    ++attempts;
    const int pid = spawn_winnow(args_for("crashed", true));
    std::this_thread::sleep_for(std::chrono::milliseconds(2 + random() % std::max<long>(clean_ms / 2, 10)));
    ::kill(pid, SIGKILL);
    const int status = wait_for(pid);
    check_no_torn_files(dir / "crashed");
    if (status != 128 + SIGKILL) {
      REQUIRE(status == 0);
      break;
    }
    ++killed;
  }
  MESSAGE("clean run " << clean_ms << " ms; " << killed << " kills in " << attempts << " attempts");
  CHECK(killed >= 1);
  const CommandResult finish = run_winnow(args_for("crashed", true));
  REQUIRE_MESSAGE(finish.exit_code == 0, finish.err);
  CHECK(final_files(dir / "clean") == final_files(dir / "crashed"));
  const RunOutputs clean = check_outputs(dir / "clean");
  const RunOutputs crashed = check_outputs(dir / "crashed");
  CHECK(crashed.totals.read == clean.totals.read);
  CHECK(crashed.totals.kept == clean.totals.kept);
  CHECK(crashed.totals.errors == clean.totals.errors);
  for (const auto& entry : fs::recursive_directory_iterator(dir / "crashed")) {
    CHECK_MESSAGE(entry.path().string().find(".tmp.") == std::string::npos, "left behind: " << entry.path());
  }
}

}  // namespace

TEST_CASE("killed at random moments and resumed, a run ends byte-identical to an uninterrupted one") {
  TempDir dir;
  write_corpus(dir);
  kill_and_resume(dir, {});
}

TEST_CASE("killed at random moments while tokenizing and resumed, the token shards match too") {
  TempDir dir;
  write_corpus(dir);
  write_file(dir / "tok.yaml", "tokenizer:\n  encoding: gpt2\n  format: megatron\n");
  kill_and_resume(dir, {"--config", dir / "tok.yaml"});
}

TEST_CASE("killed at random moments while deduplicating and resumed, the same records are removed") {
  TempDir dir;
  write_corpus(dir);
  write_file(dir / "dedup.yaml", "dedup:\n  mode: fast\n");
  kill_and_resume(dir, {"--config", dir / "dedup.yaml"});
  const RunOutputs outputs = check_outputs(dir / "crashed");
  CHECK(Ledger::sum(outputs.totals.duplicates) > 500);
}
