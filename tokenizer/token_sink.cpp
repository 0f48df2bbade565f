#include "tokenizer/token_sink.h"

#include <filesystem>

#include "src/error.h"

namespace winnow::tokenizer {

TokenSinkOptions TokenSinkOptions::from_config(const ConfigSection& section) {
  TokenSinkOptions options;
  const YamlValues values = section.values();
  values.for_each_entry(
      section.node, "tokenizer", {"encoding", "format", "end_of_text", "end_of_text_token", "shard_tokens", "name", "data_dir"},
      [&](const std::string& key, const YAML::Node& value) {
        const std::string path = "tokenizer." + key;
        if (key == "encoding") {
          options.encoding = values.string_value(value, path);
          const bool json_path = options.encoding.size() > 5 &&
                                 options.encoding.compare(options.encoding.size() - 5, 5, ".json") == 0;
          if (!json_path && find_known_encoding(options.encoding) == nullptr) {
            values.fail(value, path + ": unknown encoding '" + options.encoding +
                                   "' (known: r50k_base or gpt2, cl100k_base, o200k_base, or the path of a "
                                   "HuggingFace tokenizer.json, ending in .json)");
          }
        } else if (key == "format") {
          options.format = values.string_value(value, path);
          if (options.format != "megatron" && options.format != "llmc") {
            values.fail(value, path + " must be megatron or llmc, got '" + options.format + "'");
          }
        } else if (key == "end_of_text") {
          const std::string placement = values.string_value(value, path);
          if (placement == "append") {
            options.end_of_text = EotPlacement::kAppend;
          } else if (placement == "prepend") {
            options.end_of_text = EotPlacement::kPrepend;
          } else if (placement == "none") {
            options.end_of_text = EotPlacement::kNone;
          } else {
            values.fail(value, path + " must be append, prepend or none, got '" + placement + "'");
          }
        } else if (key == "end_of_text_token") {
          options.end_of_text_token = values.string_value(value, path);
        } else if (key == "shard_tokens") {
          options.shard_tokens = static_cast<std::uint64_t>(values.integer_value(value, path, 1, (1LL << 31) - 1));
        } else if (key == "name") {
          options.name = values.string_value(value, path);
          if (options.name.find('/') != std::string::npos) values.fail(value, path + " must be a file name, not a path");
        } else if (key == "data_dir") {
          options.data_dir = values.string_value(value, path);
        }
      });
  return options;
}

namespace {
Encoding load_encoding(const TokenSinkOptions& options) {
  try {
    LoadOptions load;
    load.end_of_text_token = options.end_of_text_token;
    return Encoding::load(options.encoding, options.data_dir.empty() ? default_data_dir() : options.data_dir, load);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(std::string("tokenizer: ") + e.what());
  }
}
}  // namespace

TokenSink::TokenSink(const TokenSinkOptions& options, const std::string& directory)
    : encoding_(load_encoding(options)), format_(options.format) {
  const bool megatron = format_ == "megatron";
  end_of_text_ = options.end_of_text.value_or(megatron ? EotPlacement::kAppend : EotPlacement::kPrepend);
  check_end_of_text(options);
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) throw Error(directory, 0, "cannot create the tokens folder: " + error.message());
  if (megatron) {
    megatron_ = std::make_unique<MegatronWriter>(std::filesystem::path(directory) / options.name, encoding_,
                                                 MegatronWriterOptions{end_of_text_});
  } else {
    llmc_ = std::make_unique<LlmcWriter>(directory, options.name, encoding_,
                                         LlmcWriterOptions{options.shard_tokens, end_of_text_});
  }
}

TokenSink::TokenSink(const TokenSinkOptions& options, const std::string& part_path, PartTag)
    : encoding_(load_encoding(options)), format_(options.format) {
  end_of_text_ = options.end_of_text.value_or(format_ == "megatron" ? EotPlacement::kAppend : EotPlacement::kPrepend);
  check_end_of_text(options);
  part_ = std::make_unique<TokenPartWriter>(part_path);
}

std::unique_ptr<TokenSink> TokenSink::writing_part(const TokenSinkOptions& options, const std::string& part_path) {
  return std::unique_ptr<TokenSink>(new TokenSink(options, part_path, PartTag{}));
}

void TokenSink::check_end_of_text(const TokenSinkOptions& options) const {
  if (end_of_text_ == EotPlacement::kNone || encoding_.has_end_of_text()) return;
  std::string names;
  for (const auto& s : encoding_.special_tokens()) names += (names.empty() ? "" : ", ") + s.text;
  throw Error("tokenizer: " + options.encoding + " has no <|endoftext|> special token (its special tokens: " +
              (names.empty() ? "none" : names) +
              "); name the end-of-text token with tokenizer.end_of_text_token, or set tokenizer.end_of_text: none");
}

void TokenSink::prepare(Document& doc) const { encoding_.encode_document(doc.text, end_of_text_, doc.tokens); }

void TokenSink::consume(const Document& doc) {
  if (part_) {
    part_->add_document(doc.tokens);
  } else if (megatron_) {
    megatron_->add_document(doc.tokens);
  } else {
    llmc_->add_document(doc.tokens);
  }
  ++documents_;
  tokens_ += doc.tokens.size();
}

void TokenSink::finish() {
  if (part_) {
    part_->finish();
    return;
  }
  manifest_ = megatron_ ? megatron_->finish() : llmc_->finish();
}

void TokenSink::write_stats(JsonBuilder& json) const {
  json.value("encoding", encoding_.name())
      .value("rank_file_sha256", encoding_.rank_file_sha256())
      .value("format", format_)
      .value("end_of_text", to_string(end_of_text_))
      .value("documents", documents_)
      .value("tokens", tokens_)
      .value("shards", static_cast<std::uint64_t>(manifest_ ? manifest_->shards.size() : 0));
}

std::unique_ptr<DocumentSink> make_token_sink(const Config& config, const std::string& output_dir) {
  if (!config.tokenizer.present()) return nullptr;
  return std::make_unique<TokenSink>(TokenSinkOptions::from_config(config.tokenizer), output_dir + "/tokens");
}

std::unique_ptr<DocumentSink> make_token_part_sink(const Config& config, const std::string& part_path) {
  if (!config.tokenizer.present()) return nullptr;
  return TokenSink::writing_part(TokenSinkOptions::from_config(config.tokenizer), part_path);
}

}  // namespace winnow::tokenizer
