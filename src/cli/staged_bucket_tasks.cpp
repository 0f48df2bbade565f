#include "src/cli/staged_bucket_tasks.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <utility>

#include <simdjson.h>

#include "src/cli/staged_dedup.h"
#include "src/error.h"
#include "src/io/atomic_file.h"
#include "src/records/json_text.h"

namespace winnow {
namespace fs = std::filesystem;
using namespace dedup::staged;

namespace {

std::string plan_marker(const std::string& scratch) { return scratch + "/plan.json"; }

std::string task_name(unsigned task, unsigned tasks) {
  return "buckets-" + std::to_string(task) + "-of-" + std::to_string(tasks);
}

std::string task_marker(const std::string& scratch, unsigned task, unsigned tasks) {
  return scratch + "/" + task_name(task, tasks) + ".done";
}

std::string space_folder(const std::string& scratch, std::uint32_t space) {
  return scratch + "/space-" + std::to_string(space);
}

std::string task_command(unsigned task, unsigned tasks) {
  return "winnow dedup buckets --task " + std::to_string(task) + " --tasks " + std::to_string(tasks);
}

// (K, M) of a marker named buckets-K-of-M.done; nullopt for any other name.
std::optional<std::pair<unsigned, unsigned>> marker_task(const std::string& name) {
  const std::string prefix = "buckets-", suffix = ".done";
  if (name.size() <= prefix.size() + suffix.size() || name.rfind(prefix, 0) != 0 ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return std::nullopt;
  }
  const std::string middle = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  const std::size_t of = middle.find("-of-");
  if (of == std::string::npos) return std::nullopt;
  unsigned task = 0, tasks = 0;
  const char* task_end = middle.data() + of;
  const char* tasks_end = middle.data() + middle.size();
  const auto [a, task_error] = std::from_chars(middle.data(), task_end, task);
  const auto [b, tasks_error] = std::from_chars(task_end + 4, tasks_end, tasks);
  if (task_error != std::errc() || a != task_end || tasks_error != std::errc() || b != tasks_end) return std::nullopt;
  return std::make_pair(task, tasks);
}

// An Error when a bucket task marker of a count other than `tasks` is in the folder.
void refuse_other_task_counts(const std::string& scratch, unsigned tasks, const std::string& what) {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(scratch, error)) {
    const auto found = marker_task(entry.path().filename().string());
    if (found && found->second != tasks) {
      throw Error(what + ": bucket tasks of another count ran in " + scratch + " (" +
                  entry.path().filename().string() + ", --tasks " + std::to_string(found->second) + "); use --" +
                  (what.rfind("winnow dedup plan", 0) == 0 ? "bucket-tasks " : "tasks ") +
                  std::to_string(found->second) + ", or start again from the signature tasks in a new folder");
    }
  }
}

simdjson::dom::element load_json(simdjson::dom::parser& parser, const std::string& path, const char* damaged) {
  simdjson::dom::element root;
  if (parser.load(path).get(root) != simdjson::SUCCESS) throw Error(path + ": missing or not JSON; " + damaged);
  return root;
}

struct SpaceResult {
  std::uint64_t buckets = 0;
  std::uint64_t members = 0;
  SortStats key_sort;
};

void write_space_json(const std::string& path, std::uint32_t space, const SpaceResult& result, bool fsync) {
  JsonBuilder json(2);
  json.begin_object();
  json.value("space", static_cast<std::uint64_t>(space));
  json.value("buckets", result.buckets);
  json.value("members", result.members);
  json.value("key_sort_records", result.key_sort.records);
  json.value("key_sort_runs", result.key_sort.runs);
  json.value("key_sort_merge_passes", result.key_sort.merge_passes);
  json.value("key_sort_bytes_written", result.key_sort.bytes_written);
  json.end_object();
  write_file_atomically(path, json.str() + "\n", fsync);
}

SpaceResult read_space_json(const std::string& path, std::uint32_t space) {
  const char* damaged = "delete the folder and run its bucket task again";
  simdjson::dom::parser parser;
  const simdjson::dom::element root = load_json(parser, path, damaged);
  SpaceResult result;
  std::uint64_t written_space = 0;
  if (root["space"].get(written_space) || root["buckets"].get(result.buckets) ||
      root["members"].get(result.members) || root["key_sort_records"].get(result.key_sort.records) ||
      root["key_sort_runs"].get(result.key_sort.runs) ||
      root["key_sort_merge_passes"].get(result.key_sort.merge_passes) ||
      root["key_sort_bytes_written"].get(result.key_sort.bytes_written) || written_space != space) {
    throw Error(path + ": damaged; " + damaged);
  }
  return result;
}

}  // namespace

std::string join_marker_path(const std::string& output_dir) { return staged_scratch_folder(output_dir) + "/joined.json"; }

void write_join_marker(const RunRequest& request, const JoinedSignatures& joined) {
  JsonBuilder json(2);
  json.begin_object();
  json.value("tasks", static_cast<std::uint64_t>(joined.tasks));
  json.value("config_fingerprint", request.config.fingerprint());
  json.value("documents", joined.documents);
  json.value("key_files_bytes", joined.key_files_bytes);
  json.value("pass1_seconds", joined.pass1_seconds);
  json.value("scratch_bytes", joined.scratch_bytes);
  json.value("key_spaces", static_cast<std::uint64_t>(joined.key_spaces));
  json.begin_array("spaces");
  for (const std::uint32_t space : joined.spaces) json.value("", static_cast<std::uint64_t>(space));
  json.end_array();
  json.end_object();
  write_file_atomically(join_marker_path(request.output_dir), json.str() + "\n", request.config.output.fsync);
}

std::optional<JoinedSignatures> read_join_marker(const RunRequest& request) {
  const std::string path = join_marker_path(request.output_dir);
  if (!fs::exists(path)) return std::nullopt;
  const char* again = "run the signature tasks and 'winnow dedup join' again in a new folder";
  simdjson::dom::parser parser;
  const simdjson::dom::element root = load_json(parser, path, again);
  JoinedSignatures joined;
  std::uint64_t tasks = 0, key_spaces = 0;
  std::string_view fingerprint;
  simdjson::dom::array spaces;
  if (root["tasks"].get(tasks) || root["config_fingerprint"].get(fingerprint) ||
      root["documents"].get(joined.documents) || root["key_files_bytes"].get(joined.key_files_bytes) ||
      root["pass1_seconds"].get(joined.pass1_seconds) || root["scratch_bytes"].get(joined.scratch_bytes) ||
      root["key_spaces"].get(key_spaces) || root["spaces"].get(spaces) || tasks == 0 || tasks > UINT32_MAX ||
      key_spaces > UINT32_MAX) {
    throw Error(path + ": damaged; " + std::string(again));
  }
  if (fingerprint != request.config.fingerprint()) {
    throw Error("the signature tasks joined in " + staged_scratch_folder(request.output_dir) +
                " were made with another config; " + std::string(again));
  }
  joined.tasks = static_cast<unsigned>(tasks);
  joined.key_spaces = static_cast<std::uint32_t>(key_spaces);
  for (simdjson::dom::element space : spaces) {
    std::uint64_t number = 0;
    if (space.get(number) || number >= key_spaces || (!joined.spaces.empty() && number <= joined.spaces.back())) {
      throw Error(path + ": damaged; " + std::string(again));
    }
    joined.spaces.push_back(static_cast<std::uint32_t>(number));
  }
  return joined;
}

bool run_bucket_task(const RunRequest& request, unsigned task, unsigned tasks, std::uint64_t memory_limit) {
  const std::string scratch = staged_scratch_folder(request.output_dir);
  const std::string marker = task_marker(scratch, task, tasks);
  if (fs::exists(marker) || fs::exists(plan_marker(scratch))) return false;  // this task, or the plan, is done
  const std::optional<JoinedSignatures> joined = read_join_marker(request);
  if (!joined) {
    throw Error("the signature tasks are not joined (no " + join_marker_path(request.output_dir) +
                "): run 'winnow dedup join --tasks N' (N: the signature tasks) first");
  }
  refuse_other_task_counts(scratch, tasks, "winnow dedup buckets");
  const std::string building = scratch + "/" + task_name(task, tasks) + ".partial";
  fs::remove_all(building);  // what a stopped run of this task left
  fs::create_directories(building);
  const std::size_t sort_bytes = staged_sort_memory_bytes(memory_limit);
  JsonBuilder json(2);
  json.begin_object();
  json.value("task", static_cast<std::uint64_t>(task));
  json.value("tasks", static_cast<std::uint64_t>(tasks));
  json.value("config_fingerprint", request.config.fingerprint());
  json.begin_array("spaces");
  for (std::size_t i = task; i < joined->spaces.size(); i += tasks) {
    const std::uint32_t space = joined->spaces[i];
    const std::string keys = space_file(scratch, space);
    const std::string target = space_folder(scratch, space);
    json.value("", static_cast<std::uint64_t>(space));
    if (fs::exists(target + "/space.json")) {  // sorted by an earlier, stopped run of this task
      std::remove(keys.c_str());
      continue;
    }
    if (!fs::exists(keys)) {
      throw Error(keys + " is missing (deleted after the join?); run the signature tasks and 'winnow dedup join' "
                  "again in a new folder");
    }
    const std::string work = building + "/space-" + std::to_string(space);
    fs::create_directories(work);
    SpaceResult result;
    {
      RecordWriter<Membership> members(work + "/members.rec",
                                       std::max<std::size_t>(16, sort_bytes / 4 / sizeof(Membership)));
      const SpaceBuckets sorted = bucket_key_space(keys, work + "/", sort_bytes, 0, members);
      result.buckets = sorted.buckets;
      result.key_sort = sorted.key_sort;
      result.members = members.records();
      members.close();
    }
    write_space_json(work + "/space.json", space, result, request.config.output.fsync);
    fs::remove_all(target);  // a folder without space.json is not ours to trust
    fs::rename(work, target);
    std::remove(keys.c_str());
  }
  json.end_array();
  json.end_object();
  write_file_atomically(marker, json.str() + "\n", request.config.output.fsync);
  fs::remove_all(building);
  return true;
}

BucketSpaces gather_bucket_tasks(const RunRequest& request, const JoinedSignatures& joined, unsigned tasks,
                                 std::size_t memory_bytes, BucketStats& stats) {
  const std::string scratch = staged_scratch_folder(request.output_dir);
  refuse_other_task_counts(scratch, tasks, "winnow dedup plan --bucket-tasks " + std::to_string(tasks));
  for (unsigned task = 0; task < tasks; ++task) {
    const std::string marker = task_marker(scratch, task, tasks);
    if (!fs::exists(marker)) {
      throw Error("bucket task " + std::to_string(task) + " of " + std::to_string(tasks) + " has not completed (no " +
                  marker + "): run '" + task_command(task, tasks) + "' first");
    }
    simdjson::dom::parser parser;
    const simdjson::dom::element root = load_json(parser, marker, "delete it and run its bucket task again");
    std::string_view fingerprint;
    if (root["config_fingerprint"].get(fingerprint) || fingerprint != request.config.fingerprint()) {
      throw Error(marker + ": written with another config; start again from the signature tasks in a new folder");
    }
  }
  BucketSpaces result;
  const std::string unsorted = scratch + "/members.unsorted.rec";
  RecordWriter<Membership> members(unsorted, std::max<std::size_t>(16, memory_bytes / 4 / sizeof(Membership)));
  std::uint64_t next_bucket = 0;
  for (std::uint32_t space = 0; space < joined.key_spaces; ++space) {
    result.first_bucket.push_back(static_cast<std::uint32_t>(next_bucket));
    if (!std::binary_search(joined.spaces.begin(), joined.spaces.end(), space)) continue;
    const std::string folder = space_folder(scratch, space);
    const SpaceResult one = read_space_json(folder + "/space.json", space);
    if (next_bucket + one.buckets >= UINT32_MAX) {
      throw Error("dedup: more than 4,294,967,294 duplicate buckets in one staged run");
    }
    RecordReader<Membership> in(folder + "/members.rec", std::size_t{1} << 14);
    std::uint64_t read = 0;
    for (const Membership* member = in.next(); member; member = in.next()) {
      if (member->bucket >= one.buckets) throw Error(folder + "/members.rec: damaged (a bucket past the count)");
      members.append({member->doc, static_cast<std::uint32_t>(member->bucket + next_bucket)});
      ++read;
    }
    if (read != one.members) throw Error(folder + "/members.rec: damaged (not the member count of space.json)");
    add_sort_stats(stats.key_sorts, one.key_sort);
    next_bucket += one.buckets;
  }
  result.buckets = static_cast<std::uint32_t>(next_bucket);
  stats.members = members.records();
  members.close();
  stats.member_sort = sort_memberships(scratch, unsorted, memory_bytes);
  // The space folders stay (pass 2 deletes the scratch folder): a plan that fails later can be run again.
  return result;
}

void refuse_unused_bucket_tasks(const RunRequest& request) {
  const std::string scratch = staged_scratch_folder(request.output_dir);
  std::string found_name, count = "M";
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(scratch, error)) {
    const std::string name = entry.path().filename().string();
    if (const auto marker = marker_task(name)) {
      found_name = name;
      count = std::to_string(marker->second);
      break;
    }
    if (name.rfind("space-", 0) == 0 || name.rfind("buckets-", 0) == 0) found_name = name;
  }
  if (!found_name.empty()) {
    throw Error("bucket tasks (winnow dedup buckets) ran in " + scratch + " (" + found_name +
                "): finish all of them and give the plan their count, --bucket-tasks " + count);
  }
}

}  // namespace winnow
