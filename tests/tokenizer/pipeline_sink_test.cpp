// The tokenizer as the pipeline's last stage, through the winnow binary: shards hold exactly the kept
// documents, in order, decodable back to their text, identical for any thread count.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <cstring>
#include <filesystem>

#include "support/test_support.h"
#include "tokenizer_test_support.h"

using namespace winnow::test;
namespace fs = std::filesystem;

namespace {

// A Megatron dataset read from the format description (not with the writer's code): the documents' ids.
std::vector<std::vector<std::uint32_t>> read_megatron(const std::string& prefix) {
  const std::string index = read_file(prefix + ".idx");
  const std::string data = read_file(prefix + ".bin");
  REQUIRE(index.size() >= 34);
  REQUIRE(std::memcmp(index.data(), "MMIDIDX\0\0", 9) == 0);
  std::uint64_t version = 0, sequences = 0, documents = 0;
  std::memcpy(&version, index.data() + 9, 8);
  const auto dtype = static_cast<std::uint8_t>(index[17]);
  std::memcpy(&sequences, index.data() + 18, 8);
  std::memcpy(&documents, index.data() + 26, 8);
  CHECK(version == 1);
  REQUIRE((dtype == 8 || dtype == 4));  // uint16 or int32
  const std::size_t token_bytes = dtype == 8 ? 2 : 4;
  std::vector<std::vector<std::uint32_t>> result;
  const char* lengths = index.data() + 34;
  const char* pointers = lengths + 4 * sequences;
  for (std::uint64_t i = 0; i < sequences; ++i) {
    std::int32_t length = 0;
    std::int64_t pointer = 0;
    std::memcpy(&length, lengths + 4 * i, 4);
    std::memcpy(&pointer, pointers + 8 * i, 8);
    REQUIRE(static_cast<std::size_t>(pointer) + length * token_bytes <= data.size());
    std::vector<std::uint32_t> ids(static_cast<std::size_t>(length));
    for (std::int32_t t = 0; t < length; ++t) {
      std::uint32_t id = 0;
      std::memcpy(&id, data.data() + pointer + t * token_bytes, token_bytes);
      ids[static_cast<std::size_t>(t)] = id;
    }
    result.push_back(std::move(ids));
  }
  CHECK(documents == sequences + 1);
  return result;
}

std::vector<std::string> kept_texts(const std::string& out) {
  std::vector<std::string> texts;
  simdjson::dom::parser parser;
  for (const auto& name : {"part-0", "part-1"}) {
    for (const auto& line : lines_of(zstd_decompress_file(out + "/kept/" + name + ".jsonl.zst"))) {
      std::string_view text;
      REQUIRE(parser.parse(line)["text"].get(text) == simdjson::SUCCESS);
      texts.emplace_back(text);
    }
  }
  return texts;
}

void write_inputs(const TempDir& dir) {
  std::string a, b;
  for (int i = 0; i < 400; ++i) {
    a += "{\"id\":" + std::to_string(i) + ",\"text\":\"Document " + std::to_string(i) +
         " says hello w\\u00f6rld, \\u4e2d\\u6587 and \\ud83d\\ude00 \\n twice.\"}\n";
    if (i % 50 == 7) b += "{not json\n";
    b += "{\"text\":\"  spaces   and 12345 digits <|endoftext|> " + std::to_string(i) + "\"}\n";
  }
  write_file(dir / "in/part-0.jsonl", a);
  write_file(dir / "in/part-1.jsonl.zst", zstd_compress(b));
  write_file(dir / "tok.yaml", "tokenizer:\n  encoding: cl100k_base\n  format: megatron\n" "pipeline:\n  batch_bytes: 4096\n");
}

}  // namespace

TEST_CASE("winnow run with a tokenizer section writes every kept document to a Megatron dataset, in order") {
  TempDir dir;
  write_inputs(dir);
  const auto& encoding = winnow::tokenizer::testing::test_encoding("cl100k_base");
  for (const char* threads : {"1", "2"}) {
    const CommandResult result = run_winnow({"run", dir / "in", "--output", dir / (std::string("out") + threads),
                                             "--config", dir / "tok.yaml", "--threads", threads});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  }
  const RunOutputs outputs = check_outputs(dir / "out1");
  const auto documents = read_megatron(dir / "out1/tokens/tokens");
  const auto texts = kept_texts(dir / "out1");
  REQUIRE(documents.size() == outputs.totals.kept);
  REQUIRE(texts.size() == documents.size());
  for (std::size_t i = 0; i < documents.size(); ++i) {
    REQUIRE(!documents[i].empty());
    CHECK(documents[i].back() == encoding.end_of_text_id());
    const std::vector<std::uint32_t> body(documents[i].begin(), documents[i].end() - 1);
    CHECK(encoding.decode(body) == texts[i]);
  }
  CHECK(read_file(dir / "out1/tokens/tokens.bin") == read_file(dir / "out2/tokens/tokens.bin"));
  CHECK(read_file(dir / "out1/tokens/tokens.idx") == read_file(dir / "out2/tokens/tokens.idx"));
  CHECK(outputs.stats.find("\"tokens\": ") != std::string::npos);
  CHECK(fs::exists(dir / "out1/tokens/tokens.manifest.json"));
}

TEST_CASE("winnow tokenize writes llm.c shards, and winnow inspect reads them back") {
  TempDir dir;
  write_inputs(dir);
  const CommandResult result = run_winnow({"tokenize", dir / "in", "--output", dir / "out", "--encoding", "gpt2",
                                           "--format", "llmc", "--shard-tokens", "5000", "--no-progress"});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  CHECK(fs::exists(dir / "out/tokens/tokens_val_000000.bin"));
  CHECK(fs::exists(dir / "out/tokens/tokens_train_000001.bin"));
  CHECK_FALSE(fs::exists(dir / "out/kept/part-0.jsonl.zst"));  // tokenize writes tokens, not kept JSONL
  CHECK(result.out.find("errors 8") != std::string::npos);      // the broken lines are still accounted for
  const CommandResult inspect = run_winnow({"inspect", dir / "out/tokens/tokens_val_000000.bin", "--docs", "1"});
  CHECK(inspect.exit_code == 0);
  CHECK(inspect.out.find("Document 0 says hello") != std::string::npos);
  fs::resize_file(dir / "out/tokens/tokens_val_000000.bin", 2000);
  CHECK(run_winnow({"inspect", dir / "out/tokens/tokens_val_000000.bin"}).exit_code == 1);
  CHECK(run_winnow({"inspect", dir / "nothing.bin"}).exit_code == 2);  // no manifest, no --encoding
}

TEST_CASE("a tokenizer section with a mistake is refused before any work") {
  TempDir dir;
  write_inputs(dir);
  write_file(dir / "bad.yaml", "tokenizer:\n  encoding: cl200k\n");
  const CommandResult result = run_winnow({"run", dir / "in", "--output", dir / "out", "--config", dir / "bad.yaml"});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find(":2: tokenizer.encoding: unknown encoding 'cl200k'") != std::string::npos);
}

TEST_CASE("--resume with a tokenizer replays completed inputs so the shards equal an uninterrupted run's") {
  TempDir dir;
  write_inputs(dir);
  auto run = [&](const std::string& out, std::vector<std::string> extra) {
    std::vector<std::string> args{"run", dir / "in", "--output", dir / out, "--config", dir / "tok.yaml"};
    args.insert(args.end(), extra.begin(), extra.end());
    const CommandResult result = run_winnow(args);
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    return result;
  };
  run("clean", {});
  run("resumed", {});
  // As if killed while finishing part-1: its marker is gone and the token shards were never committed.
  fs::remove(dir / "resumed/.done/part-1");
  fs::remove(dir / "resumed/tokens/tokens.bin");
  fs::remove(dir / "resumed/tokens/tokens.idx");
  write_file(dir / "resumed/tokens/tokens.bin.tmp.424242", "torn");
  const CommandResult again = run("resumed", {"--resume"});
  CHECK(again.out.find("1 already done, resumed") != std::string::npos);
  CHECK(read_file(dir / "clean/tokens/tokens.bin") == read_file(dir / "resumed/tokens/tokens.bin"));
  CHECK(read_file(dir / "clean/tokens/tokens.idx") == read_file(dir / "resumed/tokens/tokens.idx"));
  CHECK_FALSE(fs::exists(dir / "resumed/tokens/tokens.bin.tmp.424242"));
  check_outputs(dir / "resumed");
}

TEST_CASE("winnow tokenize --encoding PATH.json uses a HuggingFace tokenizer.json, and inspect finds it again") {
  TempDir dir;
  write_inputs(dir);
  const std::string model = winnow::tokenizer::testing::gpt2_tokenizer_json();
  const auto& encoding = winnow::tokenizer::testing::test_tokenizer_json(model);
  const CommandResult result = run_winnow({"tokenize", dir / "in", "--output", dir / "out", "--encoding", model,
                                           "--no-progress"});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const auto documents = read_megatron(dir / "out/tokens/tokens");
  REQUIRE(documents.size() == 800);
  CHECK(documents[0].back() == 50256);
  const std::vector<std::uint32_t> body(documents[0].begin(), documents[0].end() - 1);
  CHECK(encoding.decode(body) == "Document 0 says hello w\xC3\xB6rld, \xE4\xB8\xAD\xE6\x96\x87 and \xF0\x9F\x98\x80 \n twice.");
  CHECK(body == winnow::tokenizer::testing::test_encoding("gpt2").encode_ordinary(encoding.decode(body)));
  CHECK(read_file(dir / "out/tokens/tokens.manifest.json").find(encoding.name()) != std::string::npos);
  const CommandResult inspect = run_winnow({"inspect", dir / "out/tokens/tokens", "--docs", "1"});
  CHECK_MESSAGE(inspect.exit_code == 0, inspect.err);
  CHECK(inspect.out.find("Document 0 says hello") != std::string::npos);
}

TEST_CASE("a tokenizer section names the end-of-text token of a tokenizer.json, and a missing one is refused") {
  TempDir dir;
  write_inputs(dir);
  const std::string model = winnow::tokenizer::testing::fetched_tokenizer_json("gpt35turbo.tokenizer.json");
  write_file(dir / "eot.yaml", "tokenizer:\n  encoding: " + model + "\n  end_of_text_token: \"<|fim_suffix|>\"\n");
  const CommandResult result = run_winnow({"run", dir / "in", "--output", dir / "out", "--config", dir / "eot.yaml"});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const auto documents = read_megatron(dir / "out/tokens/tokens");
  REQUIRE(!documents.empty());
  CHECK(documents[0].back() == 100260);
  write_file(dir / "bad.yaml", "tokenizer:\n  encoding: " + model + "\n  end_of_text_token: \"<|eot|>\"\n");
  const CommandResult bad = run_winnow({"run", dir / "in", "--output", dir / "out2", "--config", dir / "bad.yaml"});
  CHECK(bad.exit_code != 0);
  CHECK_MESSAGE(bad.err.find("no special token '<|eot|>'") != std::string::npos, bad.err);
}
