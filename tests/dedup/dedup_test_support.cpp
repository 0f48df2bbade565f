#include "dedup_test_support.h"

#include <doctest/doctest.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "support/test_support.h"

namespace winnow::dedup::test {

std::string run_reference(const std::string& arguments, const std::string& input) {
  winnow::test::TempDir dir;
  winnow::test::write_file(dir / "in.jsonl", input);
  const std::string command = std::string(WINNOW_PYTHON) + " " + WINNOW_SOURCE_DIR +
                              "/tests/dedup/reference/minhash_reference.py " + arguments + " < " + (dir / "in.jsonl") +
                              " > " + (dir / "out.txt");
  const int status = std::system(command.c_str());
  REQUIRE_MESSAGE(status == 0, "the Python reference failed: " << command);
  return winnow::test::read_file(dir / "out.txt");
}

std::map<std::string, std::string> texts_by_id(const std::vector<std::string>& files) {
  std::map<std::string, std::string> texts;
  simdjson::dom::parser parser;
  for (const std::string& file : files) {
    const bool zst = file.size() > 4 && file.substr(file.size() - 4) == ".zst";
    const std::string bytes = zst ? winnow::test::zstd_decompress_file(file) : winnow::test::read_file(file);
    for (const std::string& line : winnow::test::lines_of(bytes)) {
      if (line.empty()) continue;
      simdjson::dom::element record;
      if (parser.parse(line).get(record) != simdjson::SUCCESS) continue;
      std::string_view id;
      std::string_view text;
      if (record["id"].get(id) != simdjson::SUCCESS || record["text"].get(text) != simdjson::SUCCESS) continue;
      texts.emplace(std::string(id), std::string(text));
    }
  }
  return texts;
}

std::vector<std::uint64_t> shingle_set(const std::string& text, const MinHashSettings& settings) {
  NormalizedWords words;
  normalize_words(text, settings.mode, words);
  std::vector<std::uint64_t> shingles;
  MinHasher(settings).shingles(words, shingles);
  std::sort(shingles.begin(), shingles.end());
  shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
  return shingles;
}

double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  if (a.empty() && b.empty()) return 1.0;
  std::vector<std::uint64_t> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
  return static_cast<double>(common.size()) / static_cast<double>(a.size() + b.size() - common.size());
}

std::string random_text(std::uint64_t seed, std::size_t words) {
  static const char* const vocabulary[] = {
      "the", "Quick", "brown", "fox", "JUMPS", "over", "lazy", "dog", "café", "naïve", "Ünïcödé", "straße",
      "İstanbul", "ΟΔΥΣΣΕΥΣ", "Σ", "σοφία", "Москва", "привет", "日本語", "中文字", "한국어", "ไทย", "3.14",
      "1,000", "v1.2.3", "٣٫٥", "१२३", "e\u0301t\u0301e\u0301", "—", "«quoted»", "it’s", "don't", "a/b", "(x)",
      "#tag", "@user", "C++", "\u00a0", "\u3000", "zero\u200bwidth", "soft\u00adhyphen", "ǅemal", "ﬁne",
      "\u037e", "x\u0307", "Ångström", "K\u212a", "ⅷ", "²", "🙂", "\t", "\n", "...", "ß", "ΐ", "ǰ", "ﬀ"};
  constexpr std::size_t size = sizeof vocabulary / sizeof vocabulary[0];
  std::uint64_t state = seed * 0x9E3779B97F4A7C15ULL + 1;
  std::string text;
  for (std::size_t i = 0; i < words; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    if (!text.empty()) text += (state >> 60) == 0 ? "" : " ";
    text += vocabulary[(state >> 33) % size];
  }
  return text;
}

std::map<std::string, std::string> shard_files(const std::string& dir) {
  namespace fs = std::filesystem;
  std::map<std::string, std::string> files;
  for (const char* folder : {"kept", "rejects"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(dir) / folder)) {
      if (entry.is_regular_file()) {
        files[fs::relative(entry.path(), dir).string()] = winnow::test::read_file(entry.path().string());
      }
    }
  }
  return files;
}

}  // namespace winnow::dedup::test
