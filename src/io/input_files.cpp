#include "src/io/input_files.h"

#include <glob.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "src/error.h"

namespace winnow {
namespace fs = std::filesystem;
namespace {

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string strip_suffix(std::string text, std::initializer_list<std::string_view> suffixes) {
  for (auto suffix : suffixes) {
    if (ends_with(text, suffix) && text.size() > suffix.size()) return text.substr(0, text.size() - suffix.size());
  }
  return text;
}

std::string strip_extensions(const std::string& name) {
  return strip_suffix(strip_suffix(name, {".gz", ".zst", ".zstd"}), {".jsonl", ".json", ".ndjson"});
}

}  // namespace

std::string output_stem(const std::string& path) { return strip_extensions(fs::path(path).filename().string()); }

namespace {

bool is_json_lines_name(const std::string& file_name) {
  const std::string base = strip_suffix(file_name, {".gz", ".zst", ".zstd"});
  return ends_with(base, ".jsonl") || ends_with(base, ".json") || ends_with(base, ".ndjson");
}

bool has_glob_characters(const std::string& text) { return text.find_first_of("*?[") != std::string::npos; }

std::vector<std::string> files_in_directory(const std::string& directory) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(directory, fs::directory_options::follow_directory_symlink)) {
    if (entry.is_regular_file() && is_json_lines_name(entry.path().filename().string())) {
      found.push_back(entry.path().string());
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::vector<std::string> glob_matches(const std::string& pattern) {
  glob_t result{};
  std::vector<std::string> matches;
  if (::glob(pattern.c_str(), 0, nullptr, &result) == 0) {
    for (std::size_t i = 0; i < result.gl_pathc; ++i) matches.emplace_back(result.gl_pathv[i]);
  }
  ::globfree(&result);
  std::sort(matches.begin(), matches.end());
  return matches;
}

// Gives inputs that share an output name names from their paths below their closest common folder.
void make_names_unique(std::vector<InputFile>& files) {
  std::map<std::string, std::vector<std::size_t>> by_name;
  for (std::size_t i = 0; i < files.size(); ++i) by_name[files[i].name].push_back(i);
  for (const auto& [name, indices] : by_name) {
    if (indices.size() < 2) continue;
    std::vector<fs::path> parents;
    for (auto i : indices) parents.push_back(fs::absolute(files[i].path).lexically_normal().parent_path());
    fs::path common = parents.front();
    for (const auto& parent : parents) {
      while (!common.empty() && std::mismatch(common.begin(), common.end(), parent.begin(), parent.end()).first !=
                                    common.end()) {
        common = common.parent_path();
      }
    }
    for (auto i : indices) {
      const fs::path relative = fs::absolute(files[i].path).lexically_normal().lexically_relative(common);
      std::string unique;
      for (const auto& part : relative.parent_path()) unique += part.string() + "__";
      files[i].name = unique + files[i].name;
    }
  }
  // Still shared: the same stem in one folder ("a.jsonl" and "a.jsonl.zst"). Keep the whole file name.
  std::map<std::string, std::vector<std::size_t>> still;
  for (std::size_t i = 0; i < files.size(); ++i) still[files[i].name].push_back(i);
  for (const auto& [name, indices] : still) {
    if (indices.size() < 2) continue;
    for (auto i : indices) {
      const std::string file_name = fs::path(files[i].path).filename().string();
      files[i].name = name.substr(0, name.size() - output_stem(file_name).size()) + file_name;
    }
  }
}

// The absolute path of a directory without symlinks, "." and ".." or a trailing '/', so that "data/a/",
// "./data/a" and the parent of "data/a/x.jsonl" name the same group.
std::string directory_group(const fs::path& directory) {
  std::error_code error;
  fs::path path = fs::weakly_canonical(fs::absolute(directory), error);
  if (error) path = fs::absolute(directory).lexically_normal();
  std::string text = path.string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

}  // namespace

InputListing list_inputs(const std::vector<std::string>& arguments) {
  InputListing listing;
  std::set<std::string> seen;
  auto add_file = [&](const std::string& path, const std::string& group) {
    std::error_code error;
    const std::string key = fs::weakly_canonical(path, error).string();
    if (!seen.insert(error ? path : key).second) return;
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) throw Error(path, 0, "cannot stat input");
    InputFile file;
    file.path = path;
    file.name = output_stem(path);
    file.source_group = group;
    file.size = static_cast<std::uint64_t>(info.st_size);
    file.modified_ns = static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
    listing.files.push_back(std::move(file));
  };
  auto add_path = [&](const std::string& path, const std::string& argument) {
    if (fs::is_directory(path)) {
      const auto found = files_in_directory(path);
      if (found.empty()) listing.matched_nothing.push_back(argument);
      const std::string group = directory_group(path);
      for (const auto& file : found) add_file(file, group);
    } else {
      const fs::path parent = fs::path(path).parent_path();
      add_file(path, directory_group(parent.empty() ? fs::path(".") : parent));
    }
  };
  for (const auto& argument : arguments) {
    if (fs::exists(argument)) {
      add_path(argument, argument);
    } else if (has_glob_characters(argument)) {
      const auto matches = glob_matches(argument);
      if (matches.empty()) listing.matched_nothing.push_back(argument);
      for (const auto& match : matches) add_path(match, argument);
    } else {
      throw Error(argument, 0, "no such file or directory");
    }
  }
  make_names_unique(listing.files);
  return listing;
}

}  // namespace winnow
