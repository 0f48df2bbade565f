// Shard writers. The format itself is checked by an independent reader, read_shards.py, which
// CTest runs on the shards the first test case writes (see CMakeLists.txt: the fixture
// tokenizer_shards sets WINNOW_SHARD_OUT to a directory the Python test then reads).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "tokenizer/inspect.h"
#include "tokenizer/llmc_writer.h"
#include "tokenizer/megatron_writer.h"
#include "tokenizer_test_support.h"

using namespace winnow::tokenizer;
using namespace winnow::tokenizer::testing;
namespace fs = std::filesystem;

namespace {

std::vector<std::vector<std::uint32_t>> documents_for(const Encoding& enc, EotPlacement eot) {
  auto texts = exactness_corpus();
  auto randoms = random_strings(2024, 300);
  texts.insert(texts.end(), randoms.begin(), randoms.end());
  std::vector<std::vector<std::uint32_t>> docs;
  for (const auto& t : texts) {
    std::vector<std::uint32_t> ids;
    enc.encode_document(t, eot, ids);
    docs.push_back(std::move(ids));
  }
  return docs;
}

// expected.json: what the Python reader must find, written independently of the shard files.
void write_expected(const fs::path& dir, const std::string& format, const std::string& name,
                    std::uint64_t shard_tokens, const std::vector<std::vector<std::uint32_t>>& docs) {
  std::ofstream f(dir / "expected.json");
  f << "{\"format\": \"" << format << "\", \"name\": \"" << name << "\", \"shard_tokens\": " << shard_tokens
    << ", \"documents\": [";
  for (std::size_t d = 0; d < docs.size(); ++d) {
    f << (d ? ",\n[" : "\n[");
    for (std::size_t i = 0; i < docs[d].size(); ++i) f << (i ? "," : "") << docs[d][i];
    f << "]";
  }
  f << "]}\n";
}

void write_megatron(const fs::path& dir, const char* encoding) {
  fs::create_directories(dir);
  const Encoding& enc = test_encoding(encoding);
  const auto docs = documents_for(enc, EotPlacement::kAppend);
  MegatronWriter w(dir / "data", enc, {EotPlacement::kAppend});
  for (const auto& d : docs) w.add_document(d);
  const ShardManifest& m = w.finish();
  CHECK(m.documents == docs.size());
  write_expected(dir, "megatron", "data", 0, docs);
  std::ostringstream out;
  CHECK(inspect_shard((dir / "data").string(), out, enc) == 0);
  CHECK(out.str().find("documents: " + std::to_string(docs.size())) != std::string::npos);
}

void write_llmc(const fs::path& dir, const char* encoding, std::uint64_t shard_tokens) {
  fs::create_directories(dir);
  const Encoding& enc = test_encoding(encoding);
  const auto docs = documents_for(enc, EotPlacement::kPrepend);
  LlmcWriter w(dir, "web", enc, {shard_tokens, EotPlacement::kPrepend});
  for (const auto& d : docs) w.add_document(d);
  const ShardManifest& m = w.finish();
  CHECK(m.shards.size() > 2);  // the corpus is big enough to span several shards
  write_expected(dir, "llm.c", "web", shard_tokens, docs);
  for (const auto& s : m.shards) {
    std::ostringstream out;
    CHECK_MESSAGE(inspect_shard((dir / s.file).string(), out, enc) == 0, out.str());
  }
}

}  // namespace

TEST_CASE("write shards for the python reader") {
  std::optional<TempDir> temp;
  fs::path out;
  if (const char* env = std::getenv("WINNOW_SHARD_OUT"); env != nullptr && *env != '\0') {
    out = env;
    fs::remove_all(out);
    fs::create_directories(out);
  } else {
    temp.emplace();
    out = temp->path();
  }
  write_megatron(out / "megatron_gpt2", "gpt2");         // uint16 tokens
  write_megatron(out / "megatron_cl100k", "cl100k_base");  // int32 tokens
  write_llmc(out / "llmc_gpt2", "gpt2", 4000);           // uint16, magic 20240520
  write_llmc(out / "llmc_o200k", "o200k_base", 3333);    // uint32, magic 20240801
}

TEST_CASE("an unfinished writer leaves no shard files") {
  TempDir dir;
  const Encoding& enc = test_encoding("gpt2");
  const std::vector<std::uint32_t> doc = {1, 2, 3};
  {
    MegatronWriter w(dir.path() / "m", enc);
    w.add_document(doc);
  }
  {
    LlmcWriter w(dir.path(), "l", enc, {2, EotPlacement::kPrepend});
    w.add_document(doc);  // commits one full shard of 2 tokens; the 1-token shard stays open
  }
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
  CHECK(names == std::vector<std::string>{"l_val_000000.bin"});
}

TEST_CASE("writers refuse ids outside the vocabulary and misuse") {
  TempDir dir;
  const Encoding& enc = test_encoding("gpt2");
  const std::vector<std::uint32_t> bad = {1, enc.n_vocab()};
  MegatronWriter m(dir.path() / "m", enc);
  CHECK_THROWS_AS(m.add_document(bad), std::invalid_argument);
  LlmcWriter l(dir.path(), "l", enc);
  CHECK_THROWS_AS(l.add_document(bad), std::invalid_argument);
  CHECK_THROWS_AS(LlmcWriter(dir.path(), "z", enc, {0, EotPlacement::kPrepend}), std::invalid_argument);
  m.finish();
  CHECK_THROWS_AS(m.add_document(std::vector<std::uint32_t>{1}), std::logic_error);
}

TEST_CASE("inspect_shard reports damaged files instead of crashing") {
  TempDir dir;
  const Encoding& enc = test_encoding("cl100k_base");
  MegatronWriter w(dir.path() / "d", enc);
  w.add_document(enc.encode_ordinary("hello world, this is a document"));
  w.finish();
  std::ostringstream ok;
  CHECK(inspect_shard((dir.path() / "d").string(), ok, enc) == 0);
  CHECK(ok.str().find("hello world, this is a document") != std::string::npos);
  fs::resize_file(dir.path() / "d.bin", fs::file_size(dir.path() / "d.bin") - 2);
  std::ostringstream damaged;
  CHECK(inspect_shard((dir.path() / "d").string(), damaged, enc) == 1);
  CHECK(damaged.str().find("error") != std::string::npos);
  std::ostringstream missing;
  CHECK(inspect_shard((dir.path() / "nothing").string(), missing, enc) == 1);
}
