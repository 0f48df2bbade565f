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

}  // namespace winnow::dedup::staged
