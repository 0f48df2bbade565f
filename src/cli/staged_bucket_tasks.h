// The buckets stage of the staged dedup mode split into tasks (`winnow dedup join`, `winnow dedup buckets
// --task K --tasks M`, then `winnow dedup plan --bucket-tasks M`; docs/DEDUP.md, "Staged mode as tasks").
//
// After the join, OUTPUT/.dedup-staged holds one key file per key space (exact, URL, band 0, 1, ...) and
// joined.json, the join's marker, listing the spaces that have one. The i-th listed space (0-based, in space
// order) belongs to bucket task i mod M. A bucket task sorts each of its spaces (dedup/staged/bucket_builder.h,
// bucket_key_space) into OUTPUT/.dedup-staged/space-S/ (members.rec: the space's memberships with buckets
// numbered from 0, in the order build_buckets writes them; space.json: bucket count and sort stats), made in
// buckets-K-of-M.partial/ and renamed into place, deletes the space's key file, and writes its marker
// buckets-K-of-M.done last. The plan then numbers the buckets across spaces in space order and sorts the
// memberships by document: the same members.rec, bucket numbers and sort stats as build_buckets in one process.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dedup/staged/bucket_builder.h"
#include "src/pipeline/pipeline.h"

namespace winnow {

// joined.json: what the plan needs from the join, written once the joined files are complete.
struct JoinedSignatures {
  unsigned tasks = 0;                 // signature tasks joined
  std::uint64_t documents = 0;
  std::uint64_t key_files_bytes = 0;  // the signature tasks' files
  double pass1_seconds = 0;           // the signature tasks' and the join's
  std::uint64_t scratch_bytes = 0;    // OUTPUT/.dedup-staged after the join
  std::uint32_t key_spaces = 0;       // of the config, present or not
  std::vector<std::uint32_t> spaces;  // the key spaces with a key file, ascending
};

std::string join_marker_path(const std::string& output_dir);
void write_join_marker(const RunRequest& request, const JoinedSignatures& joined);
// nullopt when there is no marker; an Error when it is damaged or was written with another config.
std::optional<JoinedSignatures> read_join_marker(const RunRequest& request);

// Bucket task `task` of `tasks` (`winnow dedup buckets`). Returns false, doing nothing, when its marker (or the
// plan) exists already. An Error when the join has not run, or bucket tasks of another count ran in the folder.
bool run_bucket_task(const RunRequest& request, unsigned task, unsigned tasks, std::uint64_t memory_limit);

// For the plan: checks that all `tasks` bucket tasks completed (an Error naming the first that did not),
// numbers their spaces' buckets and sorts the memberships into OUTPUT/.dedup-staged/members.rec within
// `memory_bytes`, filling `stats` as build_buckets does. Leaves the space folders, so that it can run again.
dedup::staged::BucketSpaces gather_bucket_tasks(const RunRequest& request, const JoinedSignatures& joined,
                                                unsigned tasks, std::size_t memory_bytes,
                                                dedup::staged::BucketStats& stats);

// For a plan without --bucket-tasks: an Error when bucket tasks ran in the folder (their key files are gone,
// so building every space here would miss them).
void refuse_unused_bucket_tasks(const RunRequest& request);

}  // namespace winnow
