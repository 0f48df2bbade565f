// The pipeline's tokenizer stage: every kept document, in input order, encoded and appended to training
// shards under DIR/tokens/ (Megatron-LM indexed dataset or llm.c shards, with a manifest written last).
//
// Config (section `tokenizer:`; see docs/TOKENIZER.md):
//   encoding: cl100k_base   # r50k_base (alias gpt2), cl100k_base, o200k_base, or PATH/tokenizer.json
//                           # (a HuggingFace byte-level BPE model; any path ending in .json)
//   end_of_text_token: "<|endoftext|>"  # the special token whose id is added (default: <|endoftext|>, or
//                           # a tokenizer.json's only special token)
//   format: megatron        # megatron | llmc
//   end_of_text: append     # append | prepend | none; default append for megatron, prepend for llmc (as
//                           # llm.c's fineweb.py)
//   shard_tokens: 100000000 # llmc: tokens per shard (the first shard is "val", the rest "train")
//   name: tokens            # file name prefix: tokens.bin/.idx, or tokens_val_000000.bin, ...
//   data_dir: PATH          # where the rank files are (default: see tokenizer::default_data_dir)
//
// Encoding runs in the pipeline's parallel stage (prepare fills doc.tokens); only appending to the shard is
// serial, so shards are identical whatever the thread count.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "src/config/config.h"
#include "src/pipeline/stages.h"
#include "tokenizer/encoding.h"
#include "tokenizer/llmc_writer.h"
#include "tokenizer/megatron_writer.h"
#include "tokenizer/token_part.h"

namespace winnow::tokenizer {

struct TokenSinkOptions {
  std::string encoding = "cl100k_base";
  std::string format = "megatron";
  std::optional<EotPlacement> end_of_text;  // unset: the format's convention
  std::string end_of_text_token;            // empty: LoadOptions' default
  std::uint64_t shard_tokens = llmc::kDefaultShardTokens;
  std::string name = "tokens";
  std::string data_dir;  // empty: default_data_dir()

  // Reads the `tokenizer:` section. Throws Error("FILE:LINE: ...") for unknown keys or bad values.
  static TokenSinkOptions from_config(const ConfigSection& section);
};

class TokenSink final : public DocumentSink {
 public:
  // Loads the encoding (checking its sha256) and opens the writer under `directory` (created if missing).
  // Throws Error when the placement needs an end-of-text token the encoding does not have.
  TokenSink(const TokenSinkOptions& options, const std::string& directory);
  // A run task's sink (`winnow run --task I --tasks N`): the same encoding and documents, written in order to
  // the token part file `part_path` (tokenizer/token_part.h) instead of shards; `winnow run --finish` feeds
  // the parts to a sink made with the constructor above.
  static std::unique_ptr<TokenSink> writing_part(const TokenSinkOptions& options, const std::string& part_path);

  std::string_view name() const override { return "tokenizer"; }
  void prepare(Document& doc) const override;
  void consume(const Document& doc) override;
  void finish() override;
  void write_stats(JsonBuilder& json) const override;

  std::uint64_t documents() const { return documents_; }
  std::uint64_t tokens() const { return tokens_; }

 private:
  struct PartTag {};
  TokenSink(const TokenSinkOptions& options, const std::string& part_path, PartTag);
  void check_end_of_text(const TokenSinkOptions& options) const;
  Encoding encoding_;
  EotPlacement end_of_text_;
  std::string format_;
  std::unique_ptr<MegatronWriter> megatron_;
  std::unique_ptr<LlmcWriter> llmc_;
  std::unique_ptr<TokenPartWriter> part_;
  std::uint64_t documents_ = 0;
  std::uint64_t tokens_ = 0;
  std::optional<ShardManifest> manifest_;
};

// The sink the config asks for, writing under output_dir/tokens; null when there is no `tokenizer:` section.
std::unique_ptr<DocumentSink> make_token_sink(const Config& config, const std::string& output_dir);
// The run task's sink writing the part file `part_path`; null when there is no `tokenizer:` section.
std::unique_ptr<DocumentSink> make_token_part_sink(const Config& config, const std::string& part_path);

}  // namespace winnow::tokenizer
