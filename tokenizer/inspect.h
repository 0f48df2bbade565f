// inspect_shard: a human-readable look into a shard the writers produced.
//
// prefix names either
//  - a Megatron dataset: PREFIX.idx and PREFIX.bin exist (PREFIX may also be given with one of
//    those extensions), or
//  - one llm.c shard: the .bin file itself.
// Prints the format, header fields, counts (sequences/documents/tokens, checked against the file
// sizes) and the first max_documents documents decoded with enc (llm.c shards are cut into
// documents at end-of-text ids). Decoded text is printed as is; a document cut by a shard
// boundary may start or end mid-character.
// Returns 0 when the files are consistent, 1 (after printing what is wrong) when they are missing,
// truncated or inconsistent, or hold ids the encoding does not know. Never throws for bad files.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "tokenizer/encoding.h"

namespace winnow::tokenizer {

int inspect_shard(const std::string& prefix, std::ostream& out, const Encoding& enc, std::size_t max_documents = 3);

}  // namespace winnow::tokenizer
