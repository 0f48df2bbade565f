// Sorts a record file (dedup/staged/record_file.h) that may be far larger than memory.
//
// Sorted runs, then k-way merges: the input is read `memory_bytes / sizeof(Record)` records at a time, each
// chunk sorted in memory and written as a run; runs are then merged kMergeFanIn at a time through a heap (one
// read buffer of memory_bytes / (kMergeFanIn + 1) per run and one for the output), in as many passes as it
// takes to leave one file. Memory is therefore about memory_bytes whatever the input size; disk is at most twice
// the input while a pass runs. The sort is stable (ties keep input order: the merge breaks them by run number,
// and runs are consecutive stretches of the input), so the result does not depend on memory_bytes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "dedup/staged/record_file.h"

namespace winnow::dedup::staged {

struct SortStats {
  std::uint64_t records = 0;
  std::uint64_t runs = 0;          // sorted runs written by the first phase (1: the input fit in memory)
  std::uint64_t merge_passes = 0;  // passes over the data after the first (0 when one run)
  std::uint64_t bytes_written = 0;  // scratch bytes written, runs and merges together
};

inline constexpr std::size_t kMergeFanIn = 16;

namespace detail {

template <typename Record, typename Less>
void merge_runs(const std::vector<std::string>& runs, const std::string& output, std::size_t buffer_records,
                Less less, SortStats& stats) {
  std::vector<std::unique_ptr<RecordReader<Record>>> readers;
  for (const std::string& run : runs) readers.push_back(std::make_unique<RecordReader<Record>>(run, buffer_records));
  struct Head {
    Record record;
    std::size_t run;
  };
  // std::priority_queue pops the largest: "greater" is later in sort order, ties by run number.
  auto later = [&](const Head& a, const Head& b) {
    if (less(a.record, b.record)) return false;
    if (less(b.record, a.record)) return true;
    return a.run > b.run;
  };
  std::priority_queue<Head, std::vector<Head>, decltype(later)> heap(later);
  for (std::size_t i = 0; i < readers.size(); ++i) {
    if (const Record* first = readers[i]->next()) heap.push({*first, i});
  }
  RecordWriter<Record> writer(output, buffer_records);
  while (!heap.empty()) {
    const Head head = heap.top();
    heap.pop();
    writer.append(head.record);
    if (const Record* next = readers[head.run]->next()) heap.push({*next, head.run});
  }
  writer.close();
  stats.bytes_written += writer.records() * sizeof(Record);
  readers.clear();
  for (const std::string& run : runs) std::remove(run.c_str());
}

}  // namespace detail

// Sorts the records of `input` by `less` into `output` (which may not be `input`), using about `memory_bytes`
// of memory and temporary files named `scratch_prefix` + a number. `input` is left as it was.
template <typename Record, typename Less = std::less<Record>>
SortStats external_sort(const std::string& input, const std::string& output, std::size_t memory_bytes,
                        const std::string& scratch_prefix, Less less = Less()) {
  SortStats stats;
  const std::size_t run_records = std::max<std::size_t>(2, memory_bytes / sizeof(Record));
  const std::size_t merge_buffer = std::max<std::size_t>(1, run_records / (kMergeFanIn + 1));
  // A file smaller than the budget gets buffers of its own size: allocating (and zeroing) the whole budget
  // for each of many small key files cost more than the sorts (3 s of page faults for sample_data's 3,400
  // documents at the default 256 MiB). The runs, and so the result, are the same either way.
  std::error_code size_error;
  const std::uintmax_t input_bytes = std::filesystem::file_size(input, size_error);
  const std::size_t input_records = size_error ? run_records : static_cast<std::size_t>(input_bytes / sizeof(Record));
  const std::size_t chunk_records = std::max<std::size_t>(1, std::min(run_records, input_records));
  std::vector<std::string> runs;
  std::size_t next_name = 0;
  auto scratch_name = [&] { return scratch_prefix + std::to_string(next_name++); };
  {
    RecordReader<Record> reader(input, std::min(merge_buffer, chunk_records));
    std::vector<Record> chunk(chunk_records);
    for (;;) {
      const std::size_t got = reader.read(chunk.data(), chunk_records);
      if (got == 0) break;
      std::stable_sort(chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(got), less);
      runs.push_back(scratch_name());
      RecordWriter<Record> writer(runs.back(), 1);
      writer.append(chunk.data(), got);
      writer.close();
      stats.records += got;
      stats.bytes_written += got * sizeof(Record);
    }
  }
  stats.runs = runs.size();
  if (runs.empty()) {
    RecordWriter<Record>(output, 1).close();
    return stats;
  }
  while (runs.size() > kMergeFanIn) {  // intermediate passes: groups of kMergeFanIn runs into one each
    ++stats.merge_passes;
    std::vector<std::string> merged;
    for (std::size_t begin = 0; begin < runs.size(); begin += kMergeFanIn) {
      const std::size_t end = std::min(runs.size(), begin + kMergeFanIn);
      std::vector<std::string> group(runs.begin() + static_cast<std::ptrdiff_t>(begin),
                                     runs.begin() + static_cast<std::ptrdiff_t>(end));
      if (group.size() == 1) {
        merged.push_back(group.front());
        continue;
      }
      merged.push_back(scratch_name());
      detail::merge_runs<Record>(group, merged.back(), merge_buffer, less, stats);
    }
    runs = std::move(merged);
  }
  if (runs.size() == 1) {
    if (std::rename(runs.front().c_str(), output.c_str()) != 0) throw Error(output + ": cannot rename the sorted run");
    return stats;
  }
  ++stats.merge_passes;
  detail::merge_runs<Record>(runs, output, merge_buffer, less, stats);
  return stats;
}

}  // namespace winnow::dedup::staged
