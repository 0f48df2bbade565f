#include "dedup/staged/keep_first_sweep.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include "dedup/staged/record_file.h"
#include "dedup/staged/sketch_file.h"
#include "dedup/staged/staged_records.h"
#include "src/error.h"

namespace winnow::dedup::staged {
namespace {

constexpr std::uint32_t kNone = UINT32_MAX;

struct Holder {  // the first kept document of a bucket
  std::uint32_t doc = kNone;
  std::uint32_t kept_number = 0;
};

}  // namespace

SweepCounts keep_first_sweep(const std::string& dir, const DedupConfig& config, const BucketSpaces& spaces,
                             std::uint64_t documents) {
  SweepCounts counts;
  counts.documents = documents;
  std::vector<Holder> holders(spaces.buckets);
  const bool verify = config.near && config.verify == Verification::signature;
  const std::size_t hashes = config.minhash.hashes();
  std::unique_ptr<SketchFile> sketches;
  if (verify) sketches = std::make_unique<SketchFile>(sketches_file(dir), hashes);
  std::vector<std::uint8_t> own(hashes), theirs(hashes);

  RecordReader<Membership> members(members_file(dir), 8192);
  RecordWriter<Removal> removals(removals_file(dir), 4096);
  const Membership* member = members.next();
  std::vector<std::uint32_t> buckets;  // of the current document
  std::vector<Holder> candidates;
  for (std::uint64_t doc = 0; doc < documents; ++doc) {
    buckets.clear();
    for (; member && member->doc == doc; member = members.next()) buckets.push_back(member->bucket);
    const auto number = static_cast<std::uint32_t>(doc);
    // buckets are sorted by number, hence by space: exact, URL, bands.
    std::optional<Removal> removal;
    for (const std::uint32_t bucket : buckets) {
      const std::uint32_t space = spaces.space_of(bucket);
      if (space >= kFirstBandSpace) break;
      const Holder holder = holders[bucket];
      if (holder.doc == kNone) continue;
      removal = Removal{number, holder.doc, holder.kept_number, 0,
                        space == kExactSpace ? RemovalReason::exact : RemovalReason::url, 0, 0};
      break;
    }
    if (!removal) {
      candidates.clear();
      for (const std::uint32_t bucket : buckets) {
        if (spaces.space_of(bucket) >= kFirstBandSpace && holders[bucket].doc != kNone) {
          candidates.push_back(holders[bucket]);
        }
      }
      std::sort(candidates.begin(), candidates.end(), [](const Holder& a, const Holder& b) { return a.doc < b.doc; });
      if (verify && !candidates.empty()) sketches->read(number, own.data());
      for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (i > 0 && candidates[i].doc == candidates[i - 1].doc) continue;
        const Holder kept = candidates[i];
        const auto bands_matched = static_cast<std::uint16_t>(std::count_if(
            candidates.begin(), candidates.end(), [&](const Holder& other) { return other.doc == kept.doc; }));
        Removal near{number, kept.doc, kept.kept_number, bands_matched, RemovalReason::near, 0, 0};
        if (verify) {
          sketches->read(kept.doc, theirs.data());
          near.similarity = SketchFile::similarity(own.data(), theirs.data(), hashes);
          near.has_similarity = 1;
          if (near.similarity < config.verify_threshold) {
            ++counts.rejected_by_verification;
            continue;
          }
        }
        removal = near;
        break;
      }
    }
    if (removal) {
      removals.append(*removal);
      if (removal->reason == RemovalReason::exact) ++counts.exact;
      if (removal->reason == RemovalReason::url) ++counts.url;
      if (removal->reason == RemovalReason::near) ++counts.near;
      continue;
    }
    const Holder kept{number, static_cast<std::uint32_t>(counts.kept++)};
    for (const std::uint32_t bucket : buckets) {
      if (holders[bucket].doc == kNone) holders[bucket] = kept;
    }
  }
  if (member) throw Error(members_file(dir) + ": a member past the last document (the scratch files do not match)");
  removals.close();
  return counts;
}

}  // namespace winnow::dedup::staged
