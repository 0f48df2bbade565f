#include "src/report/dataset_manifest.h"

#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <vector>

#include "src/error.h"
#include "src/io/atomic_file.h"
#include "src/io/byte_source.h"
#include "src/io/file_checksum.h"
#include "src/pipeline/pipeline.h"
#include "src/records/json_text.h"
#include "src/report/ledger.h"
#include "src/version.h"

namespace winnow {
namespace fs = std::filesystem;
namespace {

constexpr const char* kListedFolders[] = {"kept", "rejects", "tokens"};

std::vector<std::string> output_files(const std::string& output_dir) {
  std::vector<std::string> files;
  for (const char* folder : kListedFolders) {
    const fs::path root = fs::path(output_dir) / folder;
    if (!fs::is_directory(root)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file()) continue;
      const std::string relative = fs::relative(entry.path(), output_dir).string();
      if (relative.find(".tmp.") != std::string::npos) continue;  // a temporary file is never an output
      files.push_back(relative);
    }
  }
  if (fs::exists(fs::path(output_dir) / "stats.json")) files.push_back("stats.json");
  std::sort(files.begin(), files.end());
  return files;
}

// Lines of a (zstd) output shard; nullopt with a message when it cannot be decoded to its end.
std::optional<std::uint64_t> count_lines(const std::string& path, std::string& problem) {
  try {
    auto source = open_byte_source(path);
    std::vector<char> buffer(std::size_t{1} << 20);
    std::uint64_t lines = 0;
    for (;;) {
      const ReadResult result = source->read(buffer);
      if (result.end) return lines;
      if (result.damage) {
        problem = result.damage->reason + ": " + result.damage->detail;
        return std::nullopt;
      }
      lines += static_cast<std::uint64_t>(std::count(buffer.data(), buffer.data() + result.size, '\n'));
    }
  } catch (const Error& error) {
    problem = error.what();
    return std::nullopt;
  }
}

class Verifier {
 public:
  Verifier(std::string output_dir, std::ostream& out) : dir_(std::move(output_dir)), out_(out) {}

  int run() {
    check_files();
    check_ledger();
    out_ << (problems_ == 0 ? "winnow verify: OK: " : "winnow verify: FAILED: ") << files_checked_
         << " file(s) checked, " << problems_ << " problem(s)\n";
    return problems_;
  }

 private:
  void problem(const std::string& message) {
    ++problems_;
    out_ << "  problem: " << message << "\n";
  }

  void check_files() {
    simdjson::padded_string text;
    if (simdjson::padded_string::load(dir_ + "/manifest.json").get(text)) {
      problem(dir_ + "/manifest.json is missing: the run did not finish, or this is not a winnow output folder");
      return;
    }
    simdjson::dom::array files;
    if (parser_.parse(text)["files"].get(files)) {
      problem(dir_ + "/manifest.json is not a winnow manifest");
      return;
    }
    std::set<std::string> listed;
    for (auto entry : files) {
      std::string_view path, hash;
      std::uint64_t bytes = 0;
      if (entry["path"].get(path) || entry["xxh3"].get(hash) || entry["bytes"].get(bytes)) {
        problem("manifest.json: an entry lacks path, bytes or xxh3");
        continue;
      }
      listed.insert(std::string(path));
      ++files_checked_;
      const std::string full = dir_ + "/" + std::string(path);
      if (!fs::exists(full)) {
        problem(std::string(path) + ": missing");
        continue;
      }
      const FileChecksum actual = checksum_file(full);
      if (actual.bytes != bytes) {
        problem(std::string(path) + ": " + std::to_string(actual.bytes) + " bytes, the manifest says " +
                std::to_string(bytes));
      } else if (actual.xxh3 != hash) {
        problem(std::string(path) + ": checksum " + actual.xxh3 + ", the manifest says " + std::string(hash));
      }
    }
    for (const auto& path : output_files(dir_)) {
      if (listed.count(path) == 0) problem(path + ": not in manifest.json (left from another run?)");
    }
  }

  void check_ledger() {
    simdjson::padded_string text;
    simdjson::dom::element stats;
    if (simdjson::padded_string::load(dir_ + "/stats.json").get(text) || stats_parser_.parse(text).get(stats)) {
      problem("stats.json is missing or unreadable");
      return;
    }
    bool write_kept = true, write_rejects = true;
    if (stats["outputs"]["kept"].get(write_kept)) write_kept = true;  // absent: written (older stats.json)
    if (stats["outputs"]["rejects"].get(write_rejects)) write_rejects = true;
    std::uint64_t total_read = 0, total_kept = 0, sum_read = 0, sum_kept = 0;
    if (!balanced(stats["totals"], "totals", total_read, total_kept)) return;
    simdjson::dom::array inputs;
    if (stats["inputs"].get(inputs)) {
      problem("stats.json has no inputs");
      return;
    }
    for (auto input : inputs) {
      std::string_view name;
      if (input["name"].get(name)) {
        problem("stats.json: an input without a name");
        continue;
      }
      std::uint64_t read = 0, kept = 0;
      if (!balanced(input, "input " + std::string(name), read, kept)) continue;
      sum_read += read;
      sum_kept += kept;
      if (write_kept) check_lines("kept/" + std::string(name) + ".jsonl.zst", kept);
      if (write_rejects) check_lines("rejects/" + std::string(name) + ".jsonl.zst", read - kept);
    }
    if (sum_read != total_read || sum_kept != total_kept) problem("stats.json: the inputs do not sum to the totals");
    std::uint64_t token_documents = 0;
    if (!stats["stages"]["sinks"]["tokenizer"]["documents"].get(token_documents) && token_documents != total_kept) {
      problem("tokens: " + std::to_string(token_documents) + " documents tokenized, but " +
              std::to_string(total_kept) + " kept");
    }
  }

  // Reads one ledger of stats.json with Ledger::from_json and checks it with Ledger::balanced, the same
  // invariant the run enforced before committing.
  bool balanced(simdjson::dom::element json, const std::string& what, std::uint64_t& read, std::uint64_t& kept) {
    Ledger ledger;
    try {
      ledger = Ledger::from_json(simdjson::minify(json), "stats.json (" + what + ")");
    } catch (const Error& error) {
      problem(error.what());
      return false;
    }
    read = ledger.read;
    kept = ledger.kept;
    if (!ledger.balanced()) {
      const std::uint64_t rest =
          Ledger::sum(ledger.dropped) + Ledger::sum(ledger.duplicates) + Ledger::sum(ledger.errors);
      problem("stats.json: " + what + " does not balance: read " + std::to_string(read) + " != kept " +
              std::to_string(kept) + " + dropped/duplicates/errors " + std::to_string(rest));
      return false;
    }
    return true;
  }

  void check_lines(const std::string& relative, std::uint64_t expected) {
    std::string why;
    const auto lines = count_lines(dir_ + "/" + relative, why);
    if (!lines) {
      problem(relative + ": unreadable (" + why + ")");
    } else if (*lines != expected) {
      problem(relative + ": " + std::to_string(*lines) + " records, the ledger says " + std::to_string(expected));
    }
  }

  std::string dir_;
  std::ostream& out_;
  simdjson::dom::parser parser_;
  simdjson::dom::parser stats_parser_;
  int problems_ = 0;
  std::uint64_t files_checked_ = 0;
};

}  // namespace

void write_dataset_manifest(const std::string& output_dir, const RunReport& report, bool durable) {
  std::vector<std::string> files{"stats.json"};
  for (const auto& input : report.inputs) {
    if (report.wrote_kept) files.push_back("kept/" + input.input.name + ".jsonl.zst");
    if (report.wrote_rejects) files.push_back("rejects/" + input.input.name + ".jsonl.zst");
  }
  for (const auto& path : output_files(output_dir)) {
    if (path.rfind("tokens/", 0) == 0) files.push_back(path);  // the tokenizer writes only this run's shards there
  }
  for (const char* report_file : {"dedup.json", "report.html"}) {  // the dedup stage's report, when it ran
    if (report.stages_json.find("\"dedup\"") != std::string::npos && fs::exists(fs::path(output_dir) / report_file)) {
      files.push_back(report_file);
    }
  }
  std::sort(files.begin(), files.end());
  JsonBuilder json(2);
  json.begin_object()
      .value("format_version", 1)
      .value("winnow_version", kWinnowVersion)
      .value("config_fingerprint", report.config_fingerprint)
      .begin_array("files");
  for (const auto& path : files) {
    const FileChecksum checksum = checksum_file(output_dir + "/" + path);
    json.begin_object().value("path", path).value("bytes", checksum.bytes).value("xxh3", checksum.xxh3).end_object();
  }
  json.end_array().end_object();
  write_file_atomically(output_dir + "/manifest.json", json.str() + "\n", durable);
}

int verify_dataset(const std::string& output_dir, std::ostream& out) { return Verifier(output_dir, out).run(); }

}  // namespace winnow
