#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "tokenizer/encoding.h"
#include "tokenizer/rank_file.h"
#include "tokenizer/sha256.h"
#include "tokenizer_test_support.h"

using namespace winnow::tokenizer;
using namespace winnow::tokenizer::testing;

TEST_CASE("base64 decoding (RFC 4648 vectors) and rejection of bad input") {
  CHECK(base64_decode("") == std::string());
  CHECK(base64_decode("Zg==") == std::string("f"));
  CHECK(base64_decode("Zm8=") == std::string("fo"));
  CHECK(base64_decode("Zm9v") == std::string("foo"));
  CHECK(base64_decode("Zm9vYmFy") == std::string("foobar"));
  CHECK(base64_decode("AP8=") == std::string("\x00\xff", 2));
  CHECK_FALSE(base64_decode("Zg=").has_value());
  CHECK_FALSE(base64_decode("Z===").has_value());
  CHECK_FALSE(base64_decode("Zg=a").has_value());
  CHECK_FALSE(base64_decode("Zm9v!A==").has_value());
  CHECK_FALSE(base64_decode("Zg==Zg==").has_value());
}

TEST_CASE("parse_rank_file reads entries and names the line of an error") {
  const auto entries = parse_rank_file("IQ== 0\nIg== 1\n\nIyQ= 7\n", "mem");
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].bytes == "!");
  CHECK(entries[2].bytes == "#$");
  CHECK(entries[2].rank == 7);
  auto message_of = [](std::string_view text) {
    try {
      parse_rank_file(text, "x.tiktoken");
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message_of("IQ== 0\nIg== x\n").find("x.tiktoken, line 2") != std::string::npos);
  CHECK(message_of("IQ== 0\nIg== 0\n").find("appears twice") != std::string::npos);
  CHECK(message_of("IQ== 0\nIQ== 1\n").find("line 2") != std::string::npos);
  CHECK(message_of("IQ==0\n").find("no space") != std::string::npos);
  CHECK(message_of("I!== 0\n").find("base64") != std::string::npos);
}

TEST_CASE("a rank file with the wrong sha256 is refused unless the override is set") {
  TempDir dir;
  std::string contents = read_whole_file(test_data_dir() + "/r50k_base.tiktoken");
  // Swap the ranks of two tokens: still a well-formed file, but not the pinned one.
  const std::string modified = "IQ== 1\nIg== 0\n" + contents.substr(contents.find("Iw== 2"));
  {
    std::ofstream f(dir.path() / "r50k_base.tiktoken", std::ios::binary);
    f << modified;
  }
  std::string message;
  try {
    Encoding::load("r50k_base", dir.path().string());
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  CHECK(message.find((dir.path() / "r50k_base.tiktoken").string()) != std::string::npos);
  CHECK(message.find("306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930") != std::string::npos);
  CHECK(message.find(sha256_hex(modified)) != std::string::npos);

  LoadOptions override_check;
  override_check.verify_sha256 = false;
  const Encoding enc = Encoding::load("gpt2", dir.path().string(), override_check);
  CHECK(enc.rank_file_sha256() == sha256_hex(modified));
  CHECK(enc.encode_ordinary("!") == std::vector<std::uint32_t>{1});  // the swapped rank is used
}

TEST_CASE("missing files and unknown names give actionable errors") {
  TempDir dir;
  std::string message;
  try {
    Encoding::load("cl100k_base", dir.path().string());
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  CHECK(message.find("fetch-tokenizer-data") != std::string::npos);
  message.clear();
  try {
    Encoding::load("p50k_base", test_data_dir());
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  CHECK(message.find("unknown encoding 'p50k_base'") != std::string::npos);
  CHECK(message.find("o200k_base") != std::string::npos);
}
