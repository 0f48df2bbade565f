// `winnow tokenize` (the tokenizer stage alone over JSONL input) and `winnow inspect` (a look into shards).
#pragma once

#include <string>
#include <vector>

namespace winnow {

extern const char* const kTokenizeHelp;
extern const char* const kInspectHelp;

int tokenize_command(const std::vector<std::string>& args);
int inspect_command(const std::vector<std::string>& args);

}  // namespace winnow
