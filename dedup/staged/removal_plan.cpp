#include "dedup/staged/removal_plan.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

#include "src/error.h"

namespace winnow::dedup::staged {

namespace {
constexpr const char* kChanged = "dedup: the inputs changed between the staged mode's passes (pass 1 numbered ";
}

void StagedSummary::write(JsonBuilder& json) const {
  json.begin_object("staged");
  json.value("reason", reason);
  json.value("memory_limit_bytes", memory_limit_bytes);
  json.value("sort_memory_bytes", sort_memory_bytes);
  json.value("key_files_bytes", key_files_bytes);
  json.value("scratch_bytes_at_stage_ends", scratch_bytes_at_stage_ends);
  const double documents = std::max<double>(1.0, static_cast<double>(sweep.documents));
  json.value("key_files_bytes_per_document", static_cast<double>(key_files_bytes) / documents);
  json.value("multi_member_buckets", buckets);
  json.value("bucket_members", members);
  json.value("key_sort_runs", sorts.key_sorts.runs);
  json.value("key_sort_merge_passes", sorts.key_sorts.merge_passes);
  json.value("member_sort_runs", sorts.member_sort.runs);
  json.value("member_sort_merge_passes", sorts.member_sort.merge_passes);
  json.value("sort_bytes_written", sorts.key_sorts.bytes_written + sorts.member_sort.bytes_written);
  json.value("pass1_seconds", pass1_seconds);
  json.value("buckets_seconds", buckets_seconds);
  json.value("sweep_seconds", sweep_seconds);
  json.end_object();
}

RemovalPlan::RemovalPlan(const std::string& removals_path, StagedSummary summary)
    : reader_(removals_path, 4096), summary_(std::move(summary)) {
  next_ = reader_.next();
}

DocumentIds::DocumentIds(const std::string& scratch_dir) : dir_(scratch_dir) {
  ends_ = ::open(id_ends_file(dir_).c_str(), O_RDONLY | O_CLOEXEC);
  bytes_ = ::open(id_bytes_file(dir_).c_str(), O_RDONLY | O_CLOEXEC);
  if (ends_ < 0 || bytes_ < 0) {
    throw Error(dir_ + ": the staged plan has no document ids (ids.bin, ids.idx); run 'winnow dedup signatures' "
                "and 'winnow dedup plan' again with this version");
  }
}

DocumentIds::~DocumentIds() {
  if (ends_ >= 0) ::close(ends_);
  if (bytes_ >= 0) ::close(bytes_);
}

std::string DocumentIds::id_of(std::uint64_t doc) {
  // ids.idx holds each document's end offset in ids.bin; the begin is the previous document's end.
  std::uint64_t ends[2] = {0, 0};
  const bool first = doc == 0;
  const auto want = static_cast<ssize_t>(first ? 8 : 16);
  const auto at = static_cast<off_t>(first ? 0 : (doc - 1) * 8);
  if (::pread(ends_, first ? &ends[1] : ends, static_cast<std::size_t>(want), at) != want || ends[1] < ends[0] ||
      ends[1] - ends[0] > (std::uint64_t{1} << 20)) {
    throw Error(dir_ + "/ids.idx: damaged, or no document " + std::to_string(doc));
  }
  std::string id(ends[1] - ends[0], '\0');
  if (!id.empty() &&
      ::pread(bytes_, id.data(), id.size(), static_cast<off_t>(ends[0])) != static_cast<ssize_t>(id.size())) {
    throw Error(dir_ + "/ids.bin: damaged");
  }
  return id;
}

RemovalPlan::RemovalPlan(const std::string& removals_path, StagedSummary summary, TaskWindow window)
    : RemovalPlan(removals_path, std::move(summary)) {
  std::uint64_t removed_before = 0;
  while (next_ && next_->doc < window.first_document) {
    ++removed_before;
    next_ = reader_.next();
  }
  kept_before_ = window.first_document - removed_before;
  ids_ = std::make_unique<DocumentIds>(window.scratch_dir);
  window_ = std::move(window);
}

RemovalPlan::~RemovalPlan() = default;

std::string RemovalPlan::id_of_document(std::uint64_t doc) { return ids_->id_of(doc); }

std::string RemovalPlan::input_of_document(std::uint64_t doc) const {
  const auto& inputs = window_->inputs;
  // The last input whose first document is <= doc and that has documents (empty inputs share a first).
  std::string name = "?";
  for (std::size_t i = 0; i < inputs.size() && inputs[i].second <= doc; ++i) {
    const std::uint64_t end = i + 1 < inputs.size() ? inputs[i + 1].second : UINT64_MAX;
    if (doc < end) name = inputs[i].first;
  }
  return name;
}

std::optional<Removal> RemovalPlan::removal_of(std::uint64_t doc) {
  if (window_) {
    if (doc >= window_->documents) {
      throw Error(kChanged + std::to_string(window_->documents) + " documents in this task's inputs; pass 2 has more)");
    }
    doc += window_->first_document;
  }
  if (doc >= summary_.sweep.documents) {
    throw Error(kChanged + std::to_string(summary_.sweep.documents) + " documents; pass 2 has more)");
  }
  if (!next_ || next_->doc != doc) return std::nullopt;
  Removal removal = *next_;
  next_ = reader_.next();
  if (removal.kept_doc >= removal.doc) throw Error("dedup: damaged staged removal list");
  return removal;
}

void RemovalPlan::check_complete(std::uint64_t documents) {
  if (window_) {
    if (documents != window_->documents || (next_ && next_->doc < window_->first_document + window_->documents)) {
      throw Error(kChanged + std::to_string(window_->documents) + " documents in this task's inputs, pass 2 saw " +
                  std::to_string(documents) + ")");
    }
    return;
  }
  if (documents != summary_.sweep.documents || next_) {
    throw Error(kChanged + std::to_string(summary_.sweep.documents) + " documents, pass 2 saw " +
                std::to_string(documents) + ")");
  }
}

}  // namespace winnow::dedup::staged
