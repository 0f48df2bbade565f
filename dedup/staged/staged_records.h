// The records and scratch files of the staged dedup mode, in the order the stages write them (docs/DEDUP.md,
// "Staged mode"). Documents are numbered densely from 0 in the order they reach the dedup stage (input order,
// after parsing and the filters): the "doc" of every record.
//
//   pass 1 (signature_writer.h)       exact.rec, url.rec, band-<i>.rec   BucketRecord, in doc order
//                                     sketches.bin                       b x r bytes per doc (verify: signature)
//   buckets (bucket_builder.h)        members.rec                        Membership, sorted by (doc, bucket)
//   sweep (keep_first_sweep.h)        removals.rec                       Removal, sorted by doc
//   pass 2 (MinHashDeduplicator with a RemovalPlan) reads removals.rec in doc order.
// With keep: longest | field instead of the sweep:
//   pass 1 also                       scores.bin                         double per doc (the keep rule's value)
//                                     ids.bin, ids.idx                   the ids, and uint64 end offset per doc
//   clusters (cluster_sweep.h)        clusters.rec                       ClusterMember, sorted by doc
//   pass 2 (cluster_deduplicator.h) reads clusters.rec in doc order.
#pragma once

#include <cstdint>
#include <string>

namespace winnow::dedup::staged {

// One document's key in one key space (the exact hash, the URL hash, or one band). Keys are stored already cut
// to the bits the streaming tables compare (100 of the 128 of an exact or URL hash, 48 of a band key's 64), so
// that "equal here" means exactly "equal there".
struct __attribute__((packed)) BucketRecord {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  std::uint32_t doc = 0;
};
static_assert(sizeof(BucketRecord) == 20);

inline bool key_then_doc_less(const BucketRecord& a, const BucketRecord& b) {
  if (a.high != b.high) return a.high < b.high;
  if (a.low != b.low) return a.low < b.low;
  return a.doc < b.doc;
}

// Document `doc` is a member of multi-member bucket `bucket`. Buckets are numbered in key-space order (exact,
// URL, band 0, 1, ...), so a bucket's space is known from its number (BucketSpaces).
struct Membership {
  std::uint32_t doc = 0;
  std::uint32_t bucket = 0;
};
static_assert(sizeof(Membership) == 8);

inline bool doc_then_bucket_less(const Membership& a, const Membership& b) {
  return a.doc != b.doc ? a.doc < b.doc : a.bucket < b.bucket;
}

enum class RemovalReason : std::uint8_t { exact = 1, url = 2, near = 3 };

// Document `doc` is removed in favour of document `kept_doc`, which is the `kept_number`-th kept document
// (counting from 0 in doc order): the streaming stage's cluster number.
struct Removal {
  std::uint32_t doc = 0;
  std::uint32_t kept_doc = 0;
  std::uint32_t kept_number = 0;
  std::uint16_t bands_matched = 0;  // near duplicates
  RemovalReason reason = RemovalReason::near;
  std::uint8_t has_similarity = 0;  // near duplicates with verify: signature
  double similarity = 0;
};
static_assert(sizeof(Removal) == 24);

// Document `doc` belongs to a connected component of at least two documents whose survivor is `survivor`
// (== doc for the survivor itself). `cluster` is the survivor's kept number (kept documents counted from 0 in
// doc order), `size` the component's documents.
struct ClusterMember {
  std::uint32_t doc = 0;
  std::uint32_t survivor = 0;
  std::uint32_t cluster = 0;
  std::uint32_t size = 0;
};
static_assert(sizeof(ClusterMember) == 16);

// Key spaces, in bucket-number order.
inline constexpr std::uint32_t kExactSpace = 0;
inline constexpr std::uint32_t kUrlSpace = 1;
inline constexpr std::uint32_t kFirstBandSpace = 2;

inline std::string space_file(const std::string& dir, std::uint32_t space) {
  if (space == kExactSpace) return dir + "/exact.rec";
  if (space == kUrlSpace) return dir + "/url.rec";
  return dir + "/band-" + std::to_string(space - kFirstBandSpace) + ".rec";
}
inline std::string sketches_file(const std::string& dir) { return dir + "/sketches.bin"; }
inline std::string members_file(const std::string& dir) { return dir + "/members.rec"; }
inline std::string removals_file(const std::string& dir) { return dir + "/removals.rec"; }
inline std::string scores_file(const std::string& dir) { return dir + "/scores.bin"; }
inline std::string id_bytes_file(const std::string& dir) { return dir + "/ids.bin"; }
inline std::string id_ends_file(const std::string& dir) { return dir + "/ids.idx"; }
inline std::string clusters_file(const std::string& dir) { return dir + "/clusters.rec"; }

}  // namespace winnow::dedup::staged
