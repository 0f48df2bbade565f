#include "src/cli/staged_dedup.h"

#include <chrono>
#include <cmath>
#include <filesystem>

#include "dedup/minhash_deduplicator.h"
#include "dedup/staged/bucket_builder.h"
#include "dedup/staged/cluster_deduplicator.h"
#include "dedup/staged/cluster_sweep.h"
#include "dedup/staged/keep_first_sweep.h"
#include "dedup/staged/removal_plan.h"
#include "dedup/staged/signature_writer.h"
#include "filters/filter_factory.h"
#include "src/error.h"

namespace winnow {
namespace fs = std::filesystem;
namespace {

constexpr const char* kScratchFolder = "/.dedup-staged";
constexpr std::uint64_t kDefaultSortBytes = std::uint64_t{256} << 20;
constexpr std::uint64_t kMinimumSortBytes = 4096;

// Conservative on purpose (it overestimates documents): a web document is 2-5 KB of JSON, compressed inputs
// are counted at 4x their size on disk.
constexpr double kAssumedBytesPerDocument = 1000;
constexpr double kAssumedCompression = 4;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::uint64_t folder_bytes(const std::string& dir) {
  std::uint64_t bytes = 0;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (entry.is_regular_file(error)) bytes += entry.file_size(error);
  }
  return bytes;
}

bool compressed(const std::string& path) {
  const auto ends_with = [&](const char* suffix) {
    const std::string s(suffix);
    return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
  };
  return ends_with(".zst") || ends_with(".gz");
}

}  // namespace

std::uint64_t parse_byte_size(const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits > 15) throw Error("--memory-limit must be a size such as 512M or 2G, got '" + text + "'");
  const std::uint64_t number = std::stoull(text.substr(0, digits));
  std::string unit = text.substr(digits);
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  int shift = -1;
  if (unit.empty() || unit == "B") shift = 0;
  if (unit == "K" || unit == "KB" || unit == "KIB") shift = 10;
  if (unit == "M" || unit == "MB" || unit == "MIB") shift = 20;
  if (unit == "G" || unit == "GB" || unit == "GIB") shift = 30;
  if (unit == "T" || unit == "TB" || unit == "TIB") shift = 40;
  if (shift < 0 || number == 0 || (shift > 0 && number > (UINT64_MAX >> shift))) {
    throw Error("--memory-limit must be a size such as 512M or 2G, got '" + text + "'");
  }
  return number << shift;
}

std::uint64_t estimated_streaming_dedup_bytes(const std::vector<InputFile>& inputs, const dedup::DedupConfig& config) {
  double text_bytes = 0;
  for (const InputFile& input : inputs) {
    text_bytes += static_cast<double>(input.size) * (compressed(input.path) ? kAssumedCompression : 1.0);
  }
  const double documents = text_bytes / kAssumedBytesPerDocument;
  // Per kept document, at the tables' worst load (57%): 8-byte band slots, 16-byte exact and URL slots,
  // ~20 bytes of id + 8 of offset + 4 of source and cluster size, and the sketch with verification.
  double per_document = 32 + 20;
  if (config.near) per_document += static_cast<double>(config.minhash.bands) * 8 / 0.57;
  if (config.exact) per_document += 16 / 0.57;
  if (!config.url_field.empty()) per_document += 16 / 0.57;
  if (config.near && config.verify == dedup::Verification::signature) {
    per_document += static_cast<double>(config.minhash.hashes());
  }
  return static_cast<std::uint64_t>(std::ceil(documents * per_document)) + (std::uint64_t{3} << 20);
}

std::optional<std::string> staged_dedup_reason(const RunRequest& request, const dedup::DedupConfig& config,
                                               const DedupModeRequest& mode) {
  if (!mode.mode.empty() && mode.mode != "streaming" && mode.mode != "staged") {
    throw Error("--dedup-mode must be streaming or staged, got '" + mode.mode + "'");
  }
  std::optional<std::string> reason;
  const bool needs_staged = config.keep != dedup::KeepRule::first;
  const bool streaming_asked =
      mode.mode == "streaming" || (mode.mode.empty() && config.execution == dedup::Execution::streaming);
  if (needs_staged && streaming_asked) {
    throw Error(std::string("dedup.keep: ") + (config.keep == dedup::KeepRule::longest ? "longest" : "field") +
                " needs the staged mode (the survivor may come after its duplicates); the streaming mode was asked "
                "for (--dedup-mode streaming or dedup.execution: streaming)");
  }
  if (mode.mode == "staged") {
    reason = "--dedup-mode staged";
  } else if (mode.mode.empty() && config.execution == dedup::Execution::staged) {
    reason = "dedup.execution: staged";
  } else if (mode.mode.empty() && config.execution == dedup::Execution::automatic && mode.memory_limit > 0) {
    const std::uint64_t estimate = estimated_streaming_dedup_bytes(request.inputs, config);
    if (estimate > mode.memory_limit) {
      reason = "estimated streaming index " + std::to_string(estimate) + " bytes > --memory-limit " +
               std::to_string(mode.memory_limit);
    }
  }
  if (!reason && needs_staged) reason = "dedup.keep other than first";
  // Saved indexes live in the streaming deduplicator's tables; pass 2 of the staged mode leaves them empty and
  // the sweep does not consult loaded indexes, so the two cannot be combined yet.
  if (reason && (!config.save_index.empty() || !config.against_index.empty())) {
    throw Error("saved indexes (--save-index / --against-index, dedup.save_index / dedup.against_index) work with "
                "the streaming dedup mode only, and this run is staged (" + *reason + ")");
  }
  if (reason && request.resume) {
    throw Error("--resume is not available with the staged dedup mode (" + *reason +
                "): its plan lives for one run; run again without --resume, or with --dedup-mode streaming");
  }
  return reason;
}

void plan_staged_dedup(const RunRequest& request, Stages& stages, const dedup::DedupConfig& config,
                       std::uint64_t memory_limit, const std::string& reason) {
  using namespace dedup::staged;
  const std::string scratch = request.output_dir + kScratchFolder;
  fs::remove_all(scratch);
  fs::create_directories(scratch + "/pass1");
  StagedSummary summary;
  summary.reason = reason;
  summary.memory_limit_bytes = memory_limit;
  summary.sort_memory_bytes = memory_limit == 0 ? kDefaultSortBytes : std::max(kMinimumSortBytes, memory_limit / 4);

  // Pass 1: the filters and the signatures, no outputs (the run's own markers go to the scratch folder).
  auto started = std::chrono::steady_clock::now();
  RunRequest pass1 = request;
  pass1.output_dir = scratch + "/pass1";
  pass1.config.output.write_kept = false;
  pass1.config.output.write_rejects = false;
  pass1.resume = false;
  Stages pass1_stages;
  pass1_stages.filters = make_filters(request.config);
  auto writer = std::make_unique<SignatureWriter>(config, scratch);
  SignatureWriter& signatures = *writer;
  pass1_stages.deduplicator = std::move(writer);
  run_pipeline(pass1, pass1_stages);
  fs::remove_all(scratch + "/pass1");
  summary.pass1_seconds = seconds_since(started);
  summary.key_files_bytes = signatures.bytes_written();
  summary.scratch_bytes_at_stage_ends = folder_bytes(scratch);

  started = std::chrono::steady_clock::now();
  const BucketSpaces spaces = build_buckets(scratch, signatures.spaces(), summary.sort_memory_bytes, summary.sorts);
  summary.buckets_seconds = seconds_since(started);
  summary.buckets = spaces.buckets;
  summary.members = summary.sorts.members;
  // Inside a sort the folder holds more for a moment: the key files not yet sorted, plus the sorted space's
  // runs and merge output (up to twice its key file). docs/DEDUP.md gives the bound; bench measured the peak.
  summary.scratch_bytes_at_stage_ends = std::max(summary.scratch_bytes_at_stage_ends, folder_bytes(scratch));

  started = std::chrono::steady_clock::now();
  if (config.keep != dedup::KeepRule::first) {
    const ClusterCounts clusters = cluster_sweep(scratch, config, spaces, signatures.documents());
    summary.sweep_seconds = seconds_since(started);
    summary.sweep.documents = clusters.documents;
    summary.scratch_bytes_at_stage_ends = std::max(summary.scratch_bytes_at_stage_ends, folder_bytes(scratch));
    std::remove(members_file(scratch).c_str());
    std::remove(sketches_file(scratch).c_str());
    std::remove(scores_file(scratch).c_str());
    stages.deduplicator = std::make_unique<ClusterDeduplicator>(config, scratch, clusters, std::move(summary));
    return;
  }
  summary.sweep = keep_first_sweep(scratch, config, spaces, signatures.documents());
  summary.sweep_seconds = seconds_since(started);
  summary.scratch_bytes_at_stage_ends = std::max(summary.scratch_bytes_at_stage_ends, folder_bytes(scratch));
  std::remove(members_file(scratch).c_str());
  std::remove(sketches_file(scratch).c_str());

  auto pass2 = std::make_unique<dedup::MinHashDeduplicator>(config);
  pass2->apply_removal_plan(std::make_shared<RemovalPlan>(removals_file(scratch), std::move(summary)));
  stages.deduplicator = std::move(pass2);
}

void remove_staged_scratch(const std::string& output_dir) {
  std::error_code ignored;
  fs::remove_all(output_dir + kScratchFolder, ignored);
}

}  // namespace winnow
