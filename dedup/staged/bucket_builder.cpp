#include "dedup/staged/bucket_builder.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "dedup/staged/staged_records.h"
#include "src/error.h"

namespace winnow::dedup::staged {

std::uint32_t BucketSpaces::space_of(std::uint32_t bucket) const {
  // first_bucket is non-decreasing; a bucket's space is the last whose first bucket is <= it.
  const auto after = std::upper_bound(first_bucket.begin(), first_bucket.end(), bucket);
  return static_cast<std::uint32_t>(after - first_bucket.begin()) - 1;
}

namespace {

void add(SortStats& total, const SortStats& one) {
  total.records += one.records;
  total.runs += one.runs;
  total.merge_passes = std::max(total.merge_passes, one.merge_passes);
  total.bytes_written += one.bytes_written;
}

}  // namespace

BucketSpaces build_buckets(const std::string& dir, std::uint32_t spaces, std::size_t memory_bytes, BucketStats& stats) {
  BucketSpaces result;
  const std::string unsorted_members = dir + "/members.unsorted.rec";
  const std::size_t buffer_records = std::max<std::size_t>(16, memory_bytes / 4 / sizeof(BucketRecord));
  RecordWriter<Membership> members(unsorted_members, std::max<std::size_t>(16, memory_bytes / 4 / sizeof(Membership)));
  std::uint64_t next_bucket = 0;
  for (std::uint32_t space = 0; space < spaces; ++space) {
    result.first_bucket.push_back(static_cast<std::uint32_t>(next_bucket));
    const std::string keys = space_file(dir, space);
    if (!std::filesystem::exists(keys)) continue;
    const std::string sorted = dir + "/sorted.rec";
    add(stats.key_sorts, external_sort<BucketRecord>(keys, sorted, memory_bytes, dir + "/run-", key_then_doc_less));
    std::remove(keys.c_str());
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
    std::remove(sorted.c_str());
  }
  result.buckets = static_cast<std::uint32_t>(next_bucket);
  stats.members = members.records();
  members.close();
  stats.member_sort =
      external_sort<Membership>(unsorted_members, members_file(dir), memory_bytes, dir + "/run-", doc_then_bucket_less);
  std::remove(unsorted_members.c_str());
  return result;
}

}  // namespace winnow::dedup::staged
