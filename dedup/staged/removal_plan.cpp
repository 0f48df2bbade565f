#include "dedup/staged/removal_plan.h"

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

std::optional<Removal> RemovalPlan::removal_of(std::uint64_t doc) {
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
  if (documents != summary_.sweep.documents || next_) {
    throw Error(kChanged + std::to_string(summary_.sweep.documents) + " documents, pass 2 saw " +
                std::to_string(documents) + ")");
  }
}

}  // namespace winnow::dedup::staged
