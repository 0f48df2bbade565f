#include "src/cli/staged_dedup.h"

#include <chrono>
#include <cmath>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>

#include <simdjson.h>

#include "dedup/minhash_deduplicator.h"
#include "dedup/staged/bucket_builder.h"
#include "dedup/staged/cluster_deduplicator.h"
#include "dedup/staged/cluster_sweep.h"
#include "dedup/staged/keep_first_sweep.h"
#include "dedup/staged/removal_plan.h"
#include "dedup/staged/signature_writer.h"
#include "filters/filter_factory.h"
#include "src/cli/staged_bucket_tasks.h"
#include "src/error.h"
#include "src/io/atomic_file.h"
#include "src/io/file_checksum.h"
#include "src/report/stage_meter.h"

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

namespace {

using namespace dedup::staged;

std::string scratch_of(const std::string& output_dir) { return output_dir + kScratchFolder; }

std::string task_folder(const std::string& output_dir, unsigned task, unsigned tasks) {
  return scratch_of(output_dir) + "/signatures-" + std::to_string(task) + "-of-" + std::to_string(tasks);
}

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string plan_path(const std::string& output_dir) { return scratch_of(output_dir) + "/plan.json"; }

std::uint32_t key_spaces(const dedup::DedupConfig& config) {
  return kFirstBandSpace + static_cast<std::uint32_t>(config.near ? config.minhash.bands : 0);
}

std::string task_command(unsigned task, unsigned tasks) {
  return "winnow dedup signatures --task " + std::to_string(task) + " --tasks " + std::to_string(tasks);
}

// The files a signature task wrote (names relative to its folder), in a fixed order.
std::vector<std::string> task_files(const std::string& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name != "manifest.json" && name != "done") names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

void begin_task_json(JsonBuilder& json, const RunRequest& request, unsigned task, unsigned tasks) {
  json.begin_object();
  json.value("task", static_cast<std::uint64_t>(task));
  json.value("tasks", static_cast<std::uint64_t>(tasks));
  json.value("config_fingerprint", request.config.fingerprint());
}

namespace {

std::string manifest_json(const RunRequest& request, const TaskRange& range, unsigned task, unsigned tasks,
                          const SignatureWriter& writer, double seconds, const std::string& folder) {
  JsonBuilder json(2);
  begin_task_json(json, request, task, tasks);
  json.begin_array("inputs");
  for (std::size_t i = range.begin; i < range.end; ++i) {
    std::uint64_t documents = 0;  // reaching the dedup stage
    for (const auto& [source, count] : writer.documents_by_source()) {
      if (source == request.inputs[i].name) documents = count;
    }
    json.begin_object().value("path", request.inputs[i].path).value("bytes", request.inputs[i].size);
    json.value("documents", documents).end_object();
  }
  json.end_array();
  json.value("documents", writer.documents());
  json.value("bytes", writer.bytes_written());
  json.value("seconds", seconds);
  json.begin_array("files");
  for (const std::string& name : task_files(folder)) {
    const FileChecksum sum = checksum_file(folder + "/" + name);
    json.begin_object().value("name", name).value("bytes", sum.bytes).value("xxh3", sum.xxh3).end_object();
  }
  json.end_array();
  json.end_object();
  return json.str() + "\n";
}

struct TaskManifest {
  std::uint64_t documents = 0;
  std::vector<std::uint64_t> input_documents;  // per input of the task's range
  std::uint64_t bytes = 0;
  double seconds = 0;
  std::vector<std::string> files;
};

// Reads and checks signature task `task`'s manifest against its marker, the files, the config and the inputs.
TaskManifest read_task_manifest(const RunRequest& request, unsigned task, unsigned tasks) {
  const std::string folder = task_folder(request.output_dir, task, tasks);
  const std::string name = "signature task " + std::to_string(task) + " of " + std::to_string(tasks);
  if (!fs::exists(folder + "/done")) {
    throw Error(name + " has not completed (no " + folder + "/done): run '" + task_command(task, tasks) + "' first");
  }
  const auto refuse = [&](const std::string& why) {
    return Error("refusing " + name + " (" + folder + "/manifest.json): " + why + "; delete " + folder +
                 " and run '" + task_command(task, tasks) + "' again");
  };
  std::string manifest_text;
  try {
    if (checksum_file(folder + "/manifest.json").xxh3 != read_whole_file(folder + "/done")) {
      throw refuse("the manifest does not match its completion marker");
    }
    manifest_text = read_whole_file(folder + "/manifest.json");
  } catch (const Error& error) {
    if (std::string(error.what()).rfind("refusing", 0) == 0) throw;
    throw refuse(error.what());
  }
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(manifest_text).get(root) != simdjson::SUCCESS) throw refuse("not JSON");
  TaskManifest manifest;
  std::uint64_t manifest_task = 0, manifest_tasks = 0;
  std::string_view fingerprint;
  simdjson::dom::array inputs, files;
  if (root["task"].get(manifest_task) || root["tasks"].get(manifest_tasks) ||
      root["config_fingerprint"].get(fingerprint) || root["documents"].get(manifest.documents) ||
      root["bytes"].get(manifest.bytes) || root["seconds"].get(manifest.seconds) || root["inputs"].get(inputs) ||
      root["files"].get(files)) {
    throw refuse("a member is missing or has the wrong type");
  }
  if (manifest_task != task || manifest_tasks != tasks) throw refuse("it was written for another task or task count");
  if (fingerprint != request.config.fingerprint()) throw refuse("it was written with another config");
  const TaskRange range = signature_task_inputs(request.inputs, task, tasks);
  std::size_t i = range.begin;
  for (simdjson::dom::element input : inputs) {
    std::string_view path;
    std::uint64_t bytes = 0;
    if (input["path"].get(path) || input["bytes"].get(bytes) || i >= range.end || path != request.inputs[i].path ||
        bytes != request.inputs[i].size) {
      throw refuse("its inputs are not this task's inputs now (the inputs changed?)");
    }
    std::uint64_t documents = 0;
    if (input["documents"].get(documents)) throw refuse("an input has no document count (an older winnow?)");
    manifest.input_documents.push_back(documents);
    ++i;
  }
  if (i != range.end) throw refuse("its inputs are not this task's inputs now (the inputs changed?)");
  for (simdjson::dom::element file : files) {
    std::string_view file_name, xxh3;
    std::uint64_t bytes = 0;
    if (file["name"].get(file_name) || file["bytes"].get(bytes) || file["xxh3"].get(xxh3) ||
        file_name.find('/') != std::string_view::npos) {
      throw refuse("a file entry is damaged");
    }
    const std::string path = folder + "/" + std::string(file_name);
    if (!fs::exists(path)) throw refuse(std::string(file_name) + " is missing");
    const FileChecksum sum = checksum_file(path);
    if (sum.bytes != bytes || sum.xxh3 != xxh3) throw refuse(std::string(file_name) + " does not match its checksum");
    manifest.files.emplace_back(file_name);
  }
  return manifest;
}

// Appends task files `name` to `out`, renumbering documents or offsets as the file's kind needs.
// `id_bytes`: each task's ids.bin size (taken before any file is joined and deleted).
void join_file(const std::string& name, const std::vector<std::string>& folders,
               const std::vector<std::uint64_t>& first_document, const std::vector<std::uint64_t>& id_bytes,
               const std::string& out_path) {
  if (folders.size() == 1) {  // one task: its numbering is the plan's
    fs::rename(folders.front() + "/" + name, out_path);
    return;
  }
  if (name.size() > 4 && name.compare(name.size() - 4, 4, ".rec") == 0) {
    RecordWriter<BucketRecord> out(out_path, 4096);
    for (std::size_t t = 0; t < folders.size(); ++t) {
      RecordReader<BucketRecord> in(folders[t] + "/" + name, 4096);
      for (const BucketRecord* record = in.next(); record; record = in.next()) {
        BucketRecord moved = *record;
        moved.doc = static_cast<std::uint32_t>(moved.doc + first_document[t]);
        out.append(moved);
      }
    }
    out.close();
  } else if (name == "ids.idx") {  // end offsets into ids.bin: shifted by the earlier tasks' id bytes
    RecordWriter<std::uint64_t> out(out_path, 8192);
    std::uint64_t shift = 0;
    for (std::size_t t = 0; t < folders.size(); ++t) {
      RecordReader<std::uint64_t> in(folders[t] + "/" + name, 8192);
      for (const std::uint64_t* end = in.next(); end; end = in.next()) out.append(*end + shift);
      shift += id_bytes[t];
    }
    out.close();
  } else {  // sketches, scores, id bytes: per-document records one after another
    RecordWriter<char> out(out_path, std::size_t{1} << 16);
    for (const std::string& folder : folders) {
      RecordReader<char> in(folder + "/" + name, std::size_t{1} << 16);
      for (const char* byte = in.next(); byte; byte = in.next()) out.append(*byte);
    }
    out.close();
  }
  for (const std::string& folder : folders) fs::remove(folder + "/" + name);
}

std::string task_layout_path(const std::string& output_dir) { return scratch_of(output_dir) + "/tasks.json"; }

// .dedup-staged/tasks.json: where each signature task's documents start in the joined numbering and where each
// input's do, for the run tasks of pass 2 (`winnow run --task I --tasks N`).
void write_task_layout(const RunRequest& request, const std::vector<TaskManifest>& manifests,
                       const std::vector<std::uint64_t>& first_document) {
  JsonBuilder json(2);
  json.begin_object();
  json.value("tasks", static_cast<std::uint64_t>(manifests.size()));
  json.value("config_fingerprint", request.config.fingerprint());
  json.begin_array("task_documents");
  for (std::size_t t = 0; t < manifests.size(); ++t) {
    json.begin_object().value("first", first_document[t]).value("documents", manifests[t].documents).end_object();
  }
  json.end_array();
  json.begin_array("inputs");
  std::uint64_t next = 0;
  std::size_t input = 0;
  for (const TaskManifest& manifest : manifests) {
    for (const std::uint64_t documents : manifest.input_documents) {
      json.begin_object().value("name", request.inputs[input++].name).value("first", next).end_object();
      next += documents;
    }
  }
  json.end_array();
  json.end_object();
  write_file_atomically(task_layout_path(request.output_dir), json.str() + "\n", request.config.output.fsync);
}

struct Planned {
  StagedSummary summary;
  BucketSpaces spaces;
  std::uint64_t documents = 0;
};

// Joins the signature tasks' files into the scratch folder (once: a second call reads the join's marker).
JoinedSignatures join_signature_tasks(const RunRequest& request, const dedup::DedupConfig& config, unsigned tasks) {
  using namespace dedup::staged;
  if (std::optional<JoinedSignatures> done = read_join_marker(request)) {
    if (done->tasks != tasks) {
      throw Error("the signature tasks in " + scratch_of(request.output_dir) + " were joined from " +
                  std::to_string(done->tasks) + " tasks, not --tasks " + std::to_string(tasks));
    }
    return *done;
  }
  const std::string scratch = scratch_of(request.output_dir);
  JoinedSignatures joined;
  joined.tasks = tasks;
  joined.key_spaces = key_spaces(config);
  std::vector<TaskManifest> manifests;
  for (unsigned task = 0; task < tasks; ++task) manifests.push_back(read_task_manifest(request, task, tasks));

  const auto started = std::chrono::steady_clock::now();
  std::vector<std::string> folders;
  std::vector<std::uint64_t> first_document;
  for (unsigned task = 0; task < tasks; ++task) {
    folders.push_back(task_folder(request.output_dir, task, tasks));
    first_document.push_back(joined.documents);
    joined.documents += manifests[task].documents;
    joined.pass1_seconds += manifests[task].seconds;
    joined.key_files_bytes += manifests[task].bytes;
    if (manifests[task].files != manifests.front().files) {
      throw Error("signature tasks 0 and " + std::to_string(task) + " of " + std::to_string(tasks) +
                  " wrote different files (different dedup settings?)");
    }
  }
  if (joined.documents >= UINT32_MAX) throw Error("dedup: more than 4,294,967,295 documents in one staged run");
  std::vector<std::uint64_t> id_bytes;
  for (const std::string& folder : folders) {
    std::error_code none;  // keep: first writes no ids
    const auto bytes = fs::file_size(id_bytes_file(folder), none);
    id_bytes.push_back(none ? 0 : bytes);
  }
  for (const std::string& name : manifests.front().files) {
    join_file(name, folders, first_document, id_bytes, scratch + "/" + name);
  }
  for (const std::string& folder : folders) fs::remove_all(folder);
  write_task_layout(request, manifests, first_document);
  joined.pass1_seconds += tasks > 1 ? seconds_since(started) : 0;
  joined.scratch_bytes = folder_bytes(scratch);
  for (std::uint32_t space = 0; space < joined.key_spaces; ++space) {
    if (fs::exists(space_file(scratch, space))) joined.spaces.push_back(space);
  }
  write_join_marker(request, joined);
  return joined;
}

// The join (done now or before) and the buckets: built here, or, with `bucket_tasks` > 0, gathered from
// that many bucket tasks (`winnow dedup buckets`).
Planned join_and_bucket(const RunRequest& request, const dedup::DedupConfig& config, unsigned tasks,
                        std::uint64_t memory_limit, const std::string& reason, unsigned bucket_tasks = 0) {
  using namespace dedup::staged;
  const std::string scratch = scratch_of(request.output_dir);
  std::remove(plan_path(request.output_dir).c_str());
  Planned planned;
  StagedSummary& summary = planned.summary;
  summary.reason = reason;
  summary.memory_limit_bytes = memory_limit;
  summary.sort_memory_bytes = staged_sort_memory_bytes(memory_limit);
  if (bucket_tasks > 0 && !read_join_marker(request)) {
    throw Error("no joined signature tasks in " + scratch + " (no " + join_marker_path(request.output_dir) +
                "): run 'winnow dedup join --tasks " + std::to_string(tasks) + "' and the bucket tasks first");
  }
  const JoinedSignatures joined = join_signature_tasks(request, config, tasks);
  planned.documents = joined.documents;
  summary.pass1_seconds = joined.pass1_seconds;
  summary.key_files_bytes = joined.key_files_bytes;
  summary.scratch_bytes_at_stage_ends = joined.scratch_bytes;

  const auto bucket_start = std::chrono::steady_clock::now();
  if (bucket_tasks == 0) {
    refuse_unused_bucket_tasks(request);
    planned.spaces = build_buckets(scratch, key_spaces(config), summary.sort_memory_bytes, summary.sorts);
  } else {
    planned.spaces = gather_bucket_tasks(request, joined, bucket_tasks, summary.sort_memory_bytes, summary.sorts);
  }
  summary.buckets_seconds = seconds_since(bucket_start);
  summary.buckets = planned.spaces.buckets;
  summary.members = summary.sorts.members;
  // Inside a sort the folder holds more for a moment: the key files not yet sorted, plus the sorted space's
  // runs and merge output (up to twice its key file). docs/DEDUP.md gives the bound; bench measured the peak.
  summary.scratch_bytes_at_stage_ends = std::max(summary.scratch_bytes_at_stage_ends, folder_bytes(scratch));
  return planned;
}

void keep_first_plan(const std::string& scratch, const dedup::DedupConfig& config, Planned& planned) {
  const auto started = std::chrono::steady_clock::now();
  planned.summary.sweep = keep_first_sweep(scratch, config, planned.spaces, planned.documents);
  planned.summary.sweep_seconds = seconds_since(started);
  planned.summary.scratch_bytes_at_stage_ends =
      std::max(planned.summary.scratch_bytes_at_stage_ends, folder_bytes(scratch));
  std::remove(members_file(scratch).c_str());
  std::remove(sketches_file(scratch).c_str());
}

// keep: longest | field: the connected components instead of the sweep (dedup/staged/cluster_sweep.h).
ClusterCounts cluster_plan(const std::string& scratch, const dedup::DedupConfig& config, Planned& planned) {
  const auto started = std::chrono::steady_clock::now();
  const ClusterCounts clusters = cluster_sweep(scratch, config, planned.spaces, planned.documents);
  planned.summary.sweep_seconds = seconds_since(started);
  planned.summary.sweep.documents = clusters.documents;
  planned.summary.scratch_bytes_at_stage_ends =
      std::max(planned.summary.scratch_bytes_at_stage_ends, folder_bytes(scratch));
  std::remove(members_file(scratch).c_str());
  std::remove(sketches_file(scratch).c_str());
  std::remove(scores_file(scratch).c_str());
  return clusters;
}

std::string summary_json(const StagedSummary& s) {
  JsonBuilder json(2);
  json.begin_object();
  json.value("reason", s.reason);
  for (const auto& [key, number] : std::initializer_list<std::pair<const char*, std::uint64_t>>{
           {"memory_limit_bytes", s.memory_limit_bytes}, {"sort_memory_bytes", s.sort_memory_bytes},
           {"key_files_bytes", s.key_files_bytes}, {"scratch_bytes_at_stage_ends", s.scratch_bytes_at_stage_ends},
           {"buckets", s.buckets}, {"members", s.members}, {"key_sort_records", s.sorts.key_sorts.records},
           {"key_sort_runs", s.sorts.key_sorts.runs}, {"key_sort_merge_passes", s.sorts.key_sorts.merge_passes},
           {"key_sort_bytes_written", s.sorts.key_sorts.bytes_written},
           {"member_sort_records", s.sorts.member_sort.records}, {"member_sort_runs", s.sorts.member_sort.runs},
           {"member_sort_merge_passes", s.sorts.member_sort.merge_passes},
           {"member_sort_bytes_written", s.sorts.member_sort.bytes_written}, {"sort_members", s.sorts.members},
           {"documents", s.sweep.documents}, {"kept", s.sweep.kept}, {"exact", s.sweep.exact}, {"url", s.sweep.url},
           {"near", s.sweep.near}, {"rejected_by_verification", s.sweep.rejected_by_verification}}) {
    json.value(key, number);
  }
  json.value("pass1_seconds", s.pass1_seconds);
  json.value("buckets_seconds", s.buckets_seconds);
  json.value("sweep_seconds", s.sweep_seconds);
  json.end_object();
  return json.str() + "\n";
}

StagedSummary read_summary(const std::string& path) {
  const auto damaged = [&] { return Error(path + ": damaged staged plan; run 'winnow dedup plan' again"); };
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.load(path).get(root) != simdjson::SUCCESS) throw damaged();
  StagedSummary s;
  std::string_view reason;
  if (root["reason"].get(reason)) throw damaged();
  s.reason = std::string(reason);
  for (const auto& [key, number] : std::initializer_list<std::pair<const char*, std::uint64_t*>>{
           {"memory_limit_bytes", &s.memory_limit_bytes}, {"sort_memory_bytes", &s.sort_memory_bytes},
           {"key_files_bytes", &s.key_files_bytes}, {"scratch_bytes_at_stage_ends", &s.scratch_bytes_at_stage_ends},
           {"buckets", &s.buckets}, {"members", &s.members}, {"key_sort_records", &s.sorts.key_sorts.records},
           {"key_sort_runs", &s.sorts.key_sorts.runs}, {"key_sort_merge_passes", &s.sorts.key_sorts.merge_passes},
           {"key_sort_bytes_written", &s.sorts.key_sorts.bytes_written},
           {"member_sort_records", &s.sorts.member_sort.records}, {"member_sort_runs", &s.sorts.member_sort.runs},
           {"member_sort_merge_passes", &s.sorts.member_sort.merge_passes},
           {"member_sort_bytes_written", &s.sorts.member_sort.bytes_written}, {"sort_members", &s.sorts.members},
           {"documents", &s.sweep.documents}, {"kept", &s.sweep.kept}, {"exact", &s.sweep.exact},
           {"url", &s.sweep.url}, {"near", &s.sweep.near},
           {"rejected_by_verification", &s.sweep.rejected_by_verification}}) {
    if (root[key].get(*number)) throw damaged();
  }
  if (root["pass1_seconds"].get(s.pass1_seconds) || root["buckets_seconds"].get(s.buckets_seconds) ||
      root["sweep_seconds"].get(s.sweep_seconds)) {
    throw damaged();
  }
  return s;
}

}  // namespace

TaskRange signature_task_inputs(const std::vector<InputFile>& inputs, unsigned task, unsigned tasks) {
  if (tasks == 0 || task >= tasks) throw Error("--task must be from 0 to --tasks - 1");
  // Input i goes to the task whose equal share of the bytes holds the middle of input i (or, with no bytes at
  // all, of its position): never decreasing in i, so every task's inputs are one contiguous range. Integer
  // arithmetic (128 bits: sizes times task counts), so that every machine of a scheduler splits alike.
  __extension__ using Wide = unsigned __int128;
  Wide total = 0;
  for (const InputFile& input : inputs) total += input.size;
  const bool by_count = total == 0;
  if (by_count) total = inputs.size();
  TaskRange range{inputs.size(), inputs.size()};
  bool started = false;
  Wide before = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const Wide size = by_count ? 1 : inputs[i].size;
    const Wide share = (2 * before + size) * tasks / (2 * total);  // the middle's share, in [0, tasks]
    const auto owner = static_cast<unsigned>(std::min<Wide>(tasks - 1, share));
    before += size;
    if (owner < task) continue;
    if (owner == task && !started) {
      range.begin = i;
      started = true;
    }
    if (owner > task) {
      if (!started) range.begin = i;
      range.end = i;
      return range;
    }
  }
  return range;
}

bool run_signature_task(const RunRequest& request, const dedup::DedupConfig& config, unsigned task, unsigned tasks,
                        bool write_ids) {
  const std::string folder = task_folder(request.output_dir, task, tasks);
  if (fs::exists(folder + "/done")) return false;  // complete (the plan checks it in full)
  const std::string building = folder + ".partial";
  fs::remove_all(building);  // what a stopped run of this task left
  fs::create_directories(building + "/pass1");
  const TaskRange range = signature_task_inputs(request.inputs, task, tasks);

  // The filters and the signatures, no outputs (the run's own markers go to a folder deleted afterwards).
  const auto started = std::chrono::steady_clock::now();
  RunRequest pass1 = request;
  pass1.inputs.assign(request.inputs.begin() + static_cast<std::ptrdiff_t>(range.begin),
                      request.inputs.begin() + static_cast<std::ptrdiff_t>(range.end));
  pass1.output_dir = building + "/pass1";
  pass1.config.output.write_kept = false;
  pass1.config.output.write_rejects = false;
  pass1.resume = false;
  Stages pass1_stages;
  pass1_stages.filters = make_filters(request.config);
  auto writer = std::make_unique<SignatureWriter>(config, building, write_ids);
  SignatureWriter& signatures = *writer;
  pass1_stages.deduplicator = std::move(writer);
  if (pass1.inputs.empty()) {
    signatures.finish(building);  // more tasks than inputs: this one has none, and empty files
  } else {
    run_pipeline(pass1, pass1_stages);
  }
  fs::remove_all(building + "/pass1");
  const std::string manifest =
      manifest_json(request, range, task, tasks, signatures, seconds_since(started), building);
  write_file_atomically(building + "/manifest.json", manifest, request.config.output.fsync);
  write_file_atomically(building + "/done", checksum_file(building + "/manifest.json").xxh3,
                        request.config.output.fsync);
  fs::remove_all(folder);
  fs::rename(building, folder);
  return true;
}

bool run_signature_join(const RunRequest& request, const dedup::DedupConfig& config, unsigned tasks) {
  if (read_join_marker(request)) {
    join_signature_tasks(request, config, tasks);  // checks the task count
    return false;
  }
  join_signature_tasks(request, config, tasks);
  return true;
}

std::uint64_t staged_sort_memory_bytes(std::uint64_t memory_limit) {
  return memory_limit == 0 ? kDefaultSortBytes : std::max(kMinimumSortBytes, memory_limit / 4);
}

std::string staged_scratch_folder(const std::string& output_dir) { return output_dir + kScratchFolder; }

bool run_staged_plan(const RunRequest& request, const dedup::DedupConfig& config, unsigned tasks,
                     std::uint64_t memory_limit, const std::string& reason, unsigned bucket_tasks) {
  if (fs::exists(plan_path(request.output_dir))) return false;  // complete; its task folders are gone
  Planned planned = join_and_bucket(request, config, tasks, memory_limit, reason, bucket_tasks);
  if (config.keep != dedup::KeepRule::first) {  // clusters.rec and its counts instead of removals.rec
    const std::string scratch = scratch_of(request.output_dir);
    write_cluster_counts(scratch, cluster_plan(scratch, config, planned), request.config.output.fsync);
  } else {
    keep_first_plan(scratch_of(request.output_dir), config, planned);
  }
  write_file_atomically(plan_path(request.output_dir), summary_json(planned.summary), request.config.output.fsync);
  return true;
}

void apply_staged_plan(const RunRequest& request, Stages& stages, const dedup::DedupConfig& config) {
  using namespace dedup::staged;
  const std::string path = plan_path(request.output_dir);
  if (!fs::exists(path)) throw Error("no staged dedup plan (" + path + "): run 'winnow dedup plan' first");
  if (config.keep != dedup::KeepRule::first) {
    const std::string scratch = scratch_of(request.output_dir);
    auto pass2 = std::make_unique<ClusterDeduplicator>(config, scratch, read_cluster_counts(scratch), read_summary(path));
    pass2->set_earlier_stages({}, "pass 2 (filters, clusters, outputs)");  // the others ran as other commands
    stages.deduplicator = std::move(pass2);
    return;
  }
  auto pass2 = std::make_unique<dedup::MinHashDeduplicator>(config);
  pass2->apply_removal_plan(
      std::make_shared<RemovalPlan>(removals_file(scratch_of(request.output_dir)), read_summary(path)));
  pass2->set_earlier_stages({}, "pass 2 (filters, plan, outputs)");  // the other stages ran as other commands
  stages.deduplicator = std::move(pass2);
}

void refuse_keep_rule_in_run_tasks(const dedup::DedupConfig& config) {
  if (config.keep == dedup::KeepRule::first) return;
  throw Error(std::string("run tasks (winnow run --task I --tasks N) support dedup.keep: first only, not ") +
              (config.keep == dedup::KeepRule::longest ? "longest" : "field") +
              " (a cluster's survivor may lie in another task's inputs, and the finish step cannot merge cluster "
              "reports yet); after 'winnow dedup plan', run pass 2 in one process with 'winnow dedup remove', or "
              "use 'winnow run --dedup-mode staged'");
}

void apply_staged_plan_to_task(const RunRequest& request, Stages& stages, const dedup::DedupConfig& config,
                               unsigned task, unsigned tasks) {
  using namespace dedup::staged;
  refuse_keep_rule_in_run_tasks(config);
  const std::string path = plan_path(request.output_dir);
  if (!fs::exists(path)) {
    throw Error("no staged dedup plan (" + path + "): run `winnow dedup signatures` for every task and then "
                "`winnow dedup plan` first");
  }
  const std::string layout_path = task_layout_path(request.output_dir);
  const auto damaged = [&](const std::string& why) {
    return Error(layout_path + ": " + why + "; run 'winnow dedup signatures' and 'winnow dedup plan' again");
  };
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.load(layout_path).get(root) != simdjson::SUCCESS) throw damaged("missing or not JSON");
  std::uint64_t planned_tasks = 0;
  simdjson::dom::array task_documents, inputs;
  if (root["tasks"].get(planned_tasks) || root["task_documents"].get(task_documents) ||
      root["inputs"].get(inputs)) {
    throw damaged("a member is missing");
  }
  std::string_view fingerprint;
  if (root["config_fingerprint"].get(fingerprint) || fingerprint != request.config.fingerprint()) {
    throw Error("the staged dedup plan in " + scratch_of(request.output_dir) +
                " was made with another config; run 'winnow dedup signatures' and 'winnow dedup plan' again");
  }
  if (planned_tasks != tasks) {
    throw Error("the staged dedup plan was made from " + std::to_string(planned_tasks) +
                " signature tasks; run tasks must use the same --tasks (got " + std::to_string(tasks) + ")");
  }
  TaskWindow window;
  window.scratch_dir = scratch_of(request.output_dir);
  if (task_documents.at(task).get_object()["first"].get(window.first_document) ||
      task_documents.at(task).get_object()["documents"].get(window.documents)) {
    throw damaged("no document range for task " + std::to_string(task));
  }
  for (simdjson::dom::element input : inputs) {
    std::string_view name;
    std::uint64_t first = 0;
    if (input["name"].get(name) || input["first"].get(first)) throw damaged("an input entry is damaged");
    window.inputs.emplace_back(std::string(name), first);
  }
  if (window.inputs.size() != request.inputs.size()) {
    throw Error("the staged dedup plan was made for " + std::to_string(window.inputs.size()) + " inputs, not " +
                std::to_string(request.inputs.size()) + " (the inputs changed?)");
  }
  auto pass2 = std::make_unique<dedup::MinHashDeduplicator>(config);
  pass2->apply_removal_plan(std::make_shared<RemovalPlan>(removals_file(window.scratch_dir), read_summary(path),
                                                          std::move(window)));
  pass2->set_earlier_stages({}, "pass 2 (filters, plan, outputs)");  // the other stages ran as other commands
  stages.deduplicator = std::move(pass2);
}

void plan_staged_dedup(const RunRequest& request, Stages& stages, const dedup::DedupConfig& config,
                       std::uint64_t memory_limit, const std::string& reason) {
  using namespace dedup::staged;
  const std::string scratch = scratch_of(request.output_dir);
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  // Each stage's time and peak memory, for the dedup report.
  std::vector<StageUsage> usage;
  StageMeter pass1_meter("pass 1 (filters, signatures)");
  run_signature_task(request, config, 0, 1);
  usage.push_back(pass1_meter.stop());
  StageMeter buckets_meter("buckets (external sorts)");
  Planned planned = join_and_bucket(request, config, 1, memory_limit, reason);
  usage.push_back(buckets_meter.stop());
  if (config.keep != dedup::KeepRule::first) {
    StageMeter clusters_meter("clusters (connected components)");
    const ClusterCounts clusters = cluster_plan(scratch, config, planned);
    usage.push_back(clusters_meter.stop());
    auto pass2 = std::make_unique<ClusterDeduplicator>(config, scratch, clusters, std::move(planned.summary));
    pass2->set_earlier_stages(std::move(usage), "pass 2 (filters, clusters, outputs)");
    stages.deduplicator = std::move(pass2);
    return;
  }
  StageMeter sweep_meter("sweep (keep first)");
  keep_first_plan(scratch, config, planned);
  usage.push_back(sweep_meter.stop());
  auto pass2 = std::make_unique<dedup::MinHashDeduplicator>(config);
  pass2->apply_removal_plan(std::make_shared<RemovalPlan>(removals_file(scratch), std::move(planned.summary)));
  pass2->set_earlier_stages(std::move(usage), "pass 2 (filters, plan, outputs)");
  stages.deduplicator = std::move(pass2);
}

void remove_staged_scratch(const std::string& output_dir) {
  std::error_code ignored;
  fs::remove_all(output_dir + kScratchFolder, ignored);
}

}  // namespace winnow
