#include "dedup/staged/bucket_builder.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "src/error.h"

namespace winnow::dedup::staged {

std::uint32_t BucketSpaces::space_of(std::uint32_t bucket) const {
  // first_bucket is non-decreasing; a bucket's space is the last whose first bucket is <= it.
  const auto after = std::upper_bound(first_bucket.begin(), first_bucket.end(), bucket);
  return static_cast<std::uint32_t>(after - first_bucket.begin()) - 1;
}

void add_sort_stats(SortStats& total, const SortStats& one) {
  total.records += one.records;
  total.runs += one.runs;
  total.merge_passes = std::max(total.merge_passes, one.merge_passes);
  total.bytes_written += one.bytes_written;
}

SpaceBuckets bucket_key_space(const std::string& keys, const std::string& work_prefix, std::size_t memory_bytes,
                              std::uint64_t first_bucket, RecordWriter<Membership>& members) {
  SpaceBuckets result;
  const std::size_t buffer_records = std::max<std::size_t>(16, memory_bytes / 4 / sizeof(BucketRecord));
  const std::string sorted = work_prefix + "sorted.rec";
  result.key_sort = external_sort<BucketRecord>(keys, sorted, memory_bytes, work_prefix + "run-", key_then_doc_less);
  std::uint64_t next_bucket = first_bucket;
  {
    RecordReader<BucketRecord> reader(sorted, buffer_records);
    // A group of equal keys is written once its second member is seen (the first is held back until then).
    BucketRecord first{};
    bool have_first = false;
    bool group_written = false;
    while (const BucketRecord* record = reader.next()) {
      const bool same_key = have_first && record->high == first.high && record->low == first.low;
      if (!same_key) {
        first = *record;
        have_first = true;
        group_written = false;
        continue;
      }
      if (!group_written) {
        if (next_bucket >= UINT32_MAX) {
          throw Error("dedup: more than 4,294,967,294 duplicate buckets in one staged run");
        }
        members.append({first.doc, static_cast<std::uint32_t>(next_bucket++)});
        group_written = true;
      }
      members.append({record->doc, static_cast<std::uint32_t>(next_bucket - 1)});
    }
  }
  std::remove(sorted.c_str());
  result.buckets = next_bucket - first_bucket;
  return result;
}

SortStats sort_memberships(const std::string& dir, const std::string& unsorted, std::size_t memory_bytes) {
  const SortStats stats =
      external_sort<Membership>(unsorted, members_file(dir), memory_bytes, dir + "/run-", doc_then_bucket_less);
  std::remove(unsorted.c_str());
  return stats;
}

BucketSpaces build_buckets(const std::string& dir, std::uint32_t spaces, std::size_t memory_bytes, BucketStats& stats) {
  BucketSpaces result;
  const std::string unsorted_members = dir + "/members.unsorted.rec";
  RecordWriter<Membership> members(unsorted_members, std::max<std::size_t>(16, memory_bytes / 4 / sizeof(Membership)));
  std::uint64_t next_bucket = 0;
  for (std::uint32_t space = 0; space < spaces; ++space) {
    result.first_bucket.push_back(static_cast<std::uint32_t>(next_bucket));
    const std::string keys = space_file(dir, space);
    if (!std::filesystem::exists(keys)) continue;
    const SpaceBuckets one = bucket_key_space(keys, dir + "/", memory_bytes, next_bucket, members);
    std::remove(keys.c_str());
    add_sort_stats(stats.key_sorts, one.key_sort);
    next_bucket += one.buckets;
  }
  result.buckets = static_cast<std::uint32_t>(next_bucket);
  stats.members = members.records();
  members.close();
  stats.member_sort = sort_memberships(dir, unsorted_members, memory_bytes);
  return result;
}

}  // namespace winnow::dedup::staged
