// The decision stage of the staged dedup mode with keep: first: one pass over the documents in doc order that
// makes exactly the streaming stage's decisions (dedup/minhash_deduplicator.h), from members.rec instead of
// an in-memory index.
//
// For every multi-member bucket the sweep holds the first kept document in it so far (8 bytes: its doc and
// its kept number; "none" until one is kept). A document is then decided as check() decides it:
//   exact_duplicate  its exact bucket holds a kept document
//   url_duplicate    its URL bucket holds a kept document
//   near_duplicate   one of its band buckets holds a kept document; the candidates are tried from the
//                    earliest kept document on, with verify: signature against that document's sketch (read
//                    from sketches.bin at doc x b x r), and the first that passes is named
// and a kept document becomes the holder of each of its buckets that has none yet. That is the streaming
// index's state at the same moment (it stores the first kept document per key, and a bucket is a key held by
// two or more documents; a key held by one document never matches), so the removals, the documents they
// name, bands_matched and estimated_similarity are the same.
//
// Memory: 8 bytes per multi-member bucket, independent of the number of documents.
#pragma once

#include <cstdint>
#include <string>

#include "dedup/dedup_config.h"
#include "dedup/staged/bucket_builder.h"

namespace winnow::dedup::staged {

struct SweepCounts {
  std::uint64_t documents = 0;
  std::uint64_t kept = 0;
  std::uint64_t exact = 0;
  std::uint64_t url = 0;
  std::uint64_t near = 0;
  std::uint64_t rejected_by_verification = 0;  // candidate pairs verify: signature did not confirm
};

// Reads dir/members.rec (and dir/sketches.bin with verification), writes dir/removals.rec.
SweepCounts keep_first_sweep(const std::string& dir, const DedupConfig& config, const BucketSpaces& spaces,
                             std::uint64_t documents);

}  // namespace winnow::dedup::staged
