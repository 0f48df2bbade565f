// Which files a run reads, and the name each one's outputs get.
//
// Arguments may be files (taken whatever their name), directories (searched recursively for *.jsonl, *.json,
// *.ndjson, each optionally .gz / .zst / .zstd) or glob patterns (quoted, so winnow expands them; matches are
// treated like arguments). Order: arguments in the order given, each directory or glob's files sorted by
// path; a file reached twice is read once.
//
// The output name of an input is its file name without the compression and JSON extensions
// ("CC-MAIN-00001.jsonl.zst" -> "CC-MAIN-00001"). Where two inputs would share a name (part-0 in two dump
// folders), their names are built from their paths below the closest common folder, '/' becoming "__"
// ("2023-50__part-0", "2024-10__part-0").
//
// Each input also gets a source group: the directory an argument named (for every file found below it), or
// the parent directory of a file argument (also for the files a glob matched), as an absolute, normalised
// path without symlinks. dedup's `scope: source` compares documents only within one group.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace winnow {

struct InputFile {
  std::string path;
  std::string name;  // unique output name
  std::string source_group;  // the argument's directory, or the file's parent directory (see above)
  std::uint64_t size = 0;
  std::int64_t modified_ns = 0;  // mtime, to tell a changed input on --resume
};

struct InputListing {
  std::vector<InputFile> files;
  std::vector<std::string> matched_nothing;  // directories or globs without any input file
};

// Throws Error for an argument that is neither an existing path nor a glob pattern.
InputListing list_inputs(const std::vector<std::string>& arguments);

// The name without directories and extensions; exposed for tests.
std::string output_stem(const std::string& path);

}  // namespace winnow
