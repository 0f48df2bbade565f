// The buckets stage of the staged dedup mode: from pass 1's key files (one per key space, BucketRecord in doc
// order) to members.rec, every (doc, bucket) pair of a bucket with at least two members, sorted by doc.
//
// Per key space: external sort by (key, doc) within `memory_bytes`, then one scan over equal keys; a key held
// by two or more documents becomes a bucket, numbered consecutively across spaces in space order (exact, URL,
// band 0, 1, ...). Keys held by one document are dropped here: they can never make a duplicate. Each key file
// is deleted once read, so disk holds at most the key files plus one space's sort.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dedup/staged/external_sort.h"
#include "dedup/staged/staged_records.h"

namespace winnow::dedup::staged {

struct BucketSpaces {
  std::vector<std::uint32_t> first_bucket;  // per key space: its first bucket number
  std::uint32_t buckets = 0;                // total multi-member buckets

  std::uint32_t space_of(std::uint32_t bucket) const;
};

struct BucketStats {
  SortStats key_sorts;     // summed over the key spaces
  SortStats member_sort;
  std::uint64_t members = 0;  // (doc, bucket) pairs
};

// Reads the key files of `spaces` key spaces in `dir` (missing files are spaces that are off), writes
// dir/members.rec. Throws Error on I/O failure or past 2^32 - 1 buckets.
BucketSpaces build_buckets(const std::string& dir, std::uint32_t spaces, std::size_t memory_bytes, BucketStats& stats);

// The two halves of build_buckets, for the bucket tasks (`winnow dedup buckets`, which sort the key spaces in
// separate processes, and `winnow dedup plan`, which numbers and sorts their memberships as build_buckets does).

struct SpaceBuckets {
  std::uint64_t buckets = 0;  // multi-member buckets of this space
  SortStats key_sort;
};

// One key space: sorts `keys` (temporary files named `work_prefix` + ...) and appends a Membership per member
// of each multi-member key to `members`, in key order, the buckets numbered from `first_bucket`. Throws Error
// on I/O failure or when a number would pass 2^32 - 2.
SpaceBuckets bucket_key_space(const std::string& keys, const std::string& work_prefix, std::size_t memory_bytes,
                              std::uint64_t first_bucket, RecordWriter<Membership>& members);

// Sorts `unsorted` memberships by (doc, bucket) into dir/members.rec and deletes `unsorted`.
SortStats sort_memberships(const std::string& dir, const std::string& unsorted, std::size_t memory_bytes);

// Adds one sort's stats to a sum over sorts (merge passes: the largest).
void add_sort_stats(SortStats& total, const SortStats& one);

}  // namespace winnow::dedup::staged
