#include "src/cli/token_commands.h"

#include <simdjson.h>

#include <charconv>
#include <filesystem>
#include <iostream>

#include "src/cli/run_command.h"
#include "src/error.h"
#include "tokenizer/encoding.h"
#include "tokenizer/inspect.h"

namespace winnow {

const char* const kTokenizeHelp = R"(usage: winnow tokenize INPUT... --output DIR [options]

Encodes the text of every record with a byte-level BPE identical to tiktoken and writes training shards to
DIR/tokens/ (plus DIR/rejects/ and DIR/stats.json for records that cannot be read). No filters, no dedup:
that is `winnow run` with a `tokenizer:` section in its config.

options:
  --encoding E        r50k_base (alias gpt2), cl100k_base, o200k_base, or the path of a HuggingFace
                      byte-level BPE tokenizer.json (see docs/TOKENIZER.md for what it may hold)
                                                                                       [default: cl100k_base]
  --end-of-text-token T   a tokenizer.json's special token to use as end of text  [default: <|endoftext|>]
  --format F          megatron (PREFIX.bin + PREFIX.idx, as Megatron-LM's indexed_dataset.py reads them)
                      or llmc (llm.c shards: 1024-byte header + tokens)                [default: megatron]
  --end-of-text P     append | prepend | none             [default: append for megatron, prepend for llmc]
  --shard-tokens N    llmc: tokens per shard (the first shard is val, the rest train)  [default: 100000000]
  --name NAME         file name prefix under DIR/tokens/                                [default: tokens]
  --data-dir PATH     where the .tiktoken rank files are (scripts/fetch-tokenizer-data puts them in
                      .cache/tokenizer; $WINNOW_DATA_DIR also works)
and the options of `winnow run`: -j/--threads, -c/--config (its input:/output:/pipeline: sections), --strict,
--resume, --progress, -q. The output is byte-identical for any thread count.
)";

const char* const kInspectHelp = R"(usage: winnow inspect PREFIX [--encoding E] [--docs N]

Prints a token shard's header, counts (checked against the file sizes) and its first N documents decoded
back to text. PREFIX is a Megatron dataset (PREFIX.bin + PREFIX.idx) or one llm.c .bin shard. The encoding
is read from the manifest beside the shard when there is one; otherwise give --encoding.
Exit status: 0 consistent, 1 missing, truncated or inconsistent files, 2 bad command line.
)";

namespace {

// Takes the tokenize-specific options out of args, turning them into a `tokenizer:` YAML section.
YAML::Node take_tokenizer_options(std::vector<std::string>& args) {
  YAML::Node section(YAML::NodeType::Map);
  section["encoding"] = "cl100k_base";
  section["format"] = "megatron";
  const std::pair<const char*, const char*> flags[] = {{"--encoding", "encoding"},     {"--format", "format"},
                                                       {"--end-of-text", "end_of_text"}, {"--end-of-text-token", "end_of_text_token"},
                                                       {"--shard-tokens", "shard_tokens"},
                                                       {"--name", "name"},             {"--data-dir", "data_dir"}};
  std::vector<std::string> rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    bool taken = false;
    for (const auto& [flag, key] : flags) {
      if (args[i] != flag) continue;
      if (i + 1 >= args.size()) throw Error(std::string("option ") + flag + " needs a value");
      section[key] = args[++i];
      taken = true;
    }
    if (!taken) rest.push_back(args[i]);
  }
  args = std::move(rest);
  return section;
}

// The encoding named by the manifest the writers leave beside their shards, if there is one.
std::string encoding_from_manifest(const std::string& prefix) {
  namespace fs = std::filesystem;
  fs::path base(prefix);
  if (base.extension() == ".bin" || base.extension() == ".idx") base.replace_extension();
  std::vector<fs::path> candidates{fs::path(base.string() + ".manifest.json")};
  // llm.c: NAME_val_000000.bin -> NAME.manifest.json
  const std::string stem = base.filename().string();
  for (const char* split : {"_val_", "_train_"}) {
    const auto at = stem.rfind(split);
    if (at != std::string::npos) candidates.push_back(base.parent_path() / (stem.substr(0, at) + ".manifest.json"));
  }
  for (const auto& candidate : candidates) {
    simdjson::padded_string text;
    if (simdjson::padded_string::load(candidate.string()).get(text)) continue;
    simdjson::dom::parser parser;
    std::string_view encoding;
    if (!parser.parse(text)["encoding"].get(encoding)) return std::string(encoding);
  }
  return {};
}

}  // namespace

int tokenize_command(const std::vector<std::string>& args) {
  std::vector<std::string> rest = args;
  YAML::Node section;
  try {
    section = take_tokenizer_options(rest);
  } catch (const Error& error) {
    std::cerr << "winnow tokenize: " << error.what() << "\n";
    return 2;
  }
  return execute_run("tokenize", kTokenizeHelp, rest, [&](Config& config) {
    config.tokenizer = ConfigSection{section, "the command line"};
    config.filters = {};
    config.dedup = {};
    config.output.write_kept = false;
  });
}

int inspect_command(const std::vector<std::string>& args) {
  std::string prefix;
  std::string encoding_name;
  std::size_t documents = 3;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-h" || args[i] == "--help") {
      std::cout << kInspectHelp;
      return 0;
    }
    if ((args[i] == "--encoding" || args[i] == "--docs") && i + 1 >= args.size()) {
      std::cerr << "winnow inspect: option " << args[i] << " needs a value\n";
      return 2;
    }
    if (args[i] == "--encoding") {
      encoding_name = args[++i];
    } else if (args[i] == "--docs") {
      const std::string& text = args[++i];
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), documents);
      if (error != std::errc() || end != text.data() + text.size()) {
        std::cerr << "winnow inspect: --docs must be a whole number, got '" << text << "'\n";
        return 2;
      }
    } else if (prefix.empty() && (args[i].empty() || args[i][0] != '-')) {
      prefix = args[i];
    } else {
      std::cerr << "winnow inspect: unexpected argument '" << args[i] << "' (see winnow inspect --help)\n";
      return 2;
    }
  }
  if (prefix.empty()) {
    std::cerr << kInspectHelp;
    return 2;
  }
  if (encoding_name.empty()) encoding_name = encoding_from_manifest(prefix);
  if (encoding_name.empty()) {
    std::cerr << "winnow inspect: no manifest beside " << prefix << " names the encoding: give --encoding\n";
    return 2;
  }
  try {
    const auto encoding = tokenizer::Encoding::load(encoding_name, tokenizer::default_data_dir());
    return tokenizer::inspect_shard(prefix, std::cout, encoding, documents);
  } catch (const std::exception& error) {
    std::cerr << "winnow inspect: " << error.what() << "\n";
    return 1;
  }
}

}  // namespace winnow
