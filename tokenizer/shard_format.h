// On-disk layouts of the two token-shard formats winnow writes. The writers (megatron_writer,
// llmc_writer) and inspect_shard share these constants; tests/tokenizer/read_shards.py is an
// independent reader written from the same description. All integers are little endian.
#pragma once

#include <cstddef>
#include <cstdint>

namespace winnow::tokenizer {

// ---------------------------------------------------------------------------------------------
// Megatron-LM indexed dataset (megatron/core/datasets/indexed_dataset.py, MMapIndexedDataset):
// a pair PREFIX.bin + PREFIX.idx.
//
// PREFIX.bin: the tokens of every sequence back to back, no header, element type per dtype code.
//
// PREFIX.idx:
//   offset  size      field
//   0       9         magic "MMIDIDX\0\0"
//   9       8         uint64 version = 1
//   17      1         uint8 dtype code of the .bin elements (8 = uint16, 4 = int32, see below)
//   18      8         uint64 S = number of sequences
//   26      8         uint64 D = number of entries in the document index = documents + 1
//   34      4*S       int32  length in tokens of each sequence
//   34+4S   8*S       int64  byte offset of each sequence in PREFIX.bin
//   34+12S  8*D       int64  document index: the sequence where each document starts, then S
//                            (starts at 0; here one sequence per document, so it is 0,1,...,S)
// Megatron picks uint16 when the vocabulary has fewer than 65500 ids, int32 otherwise; the
// tokenizer follows the same rule (gpt2 -> uint16; cl100k, o200k -> int32).
// ---------------------------------------------------------------------------------------------
namespace megatron {
inline constexpr char kIndexMagic[9] = {'M', 'M', 'I', 'D', 'I', 'D', 'X', '\0', '\0'};
inline constexpr std::uint64_t kIndexVersion = 1;
inline constexpr std::size_t kIndexHeaderBytes = 34;
inline constexpr std::uint8_t kDtypeInt32 = 4;
inline constexpr std::uint8_t kDtypeUint16 = 8;
inline constexpr std::uint32_t kUint16VocabLimit = 65500;  // n_vocab < this -> uint16 tokens
}  // namespace megatron

// ---------------------------------------------------------------------------------------------
// llm.c token shards (dev/data/data_common.py write_datafile, read by llm.c's dataloader.h):
// files NAME_val_000000.bin, NAME_train_000001.bin, ... (llm.c's fineweb.py convention: the
// first shard is the validation split, all later ones training).
//
//   offset  size            field
//   0       1024            header: 256 int32; [0] magic, [1] version, [2] token count N,
//                           [3..255] zero
//   1024    N * token size  tokens
//   gpt-2 layout (vocabulary fits in uint16): magic 20240520, version 1, uint16 tokens
//   large-vocabulary layout (llm.c's "llama-3"): magic 20240801, version 7, uint32 tokens
// Every shard but the last holds exactly the configured shard size in tokens; as in fineweb.py,
// a document that does not fit is split and continues at the start of the next shard.
// ---------------------------------------------------------------------------------------------
namespace llmc {
inline constexpr std::size_t kHeaderInts = 256;
inline constexpr std::size_t kHeaderBytes = kHeaderInts * 4;
inline constexpr std::int32_t kMagicUint16 = 20240520;
inline constexpr std::int32_t kVersionUint16 = 1;
inline constexpr std::int32_t kMagicUint32 = 20240801;
inline constexpr std::int32_t kVersionUint32 = 7;
inline constexpr std::uint32_t kUint16VocabLimit = 65536;  // n_vocab <= this -> uint16 layout
inline constexpr std::uint64_t kDefaultShardTokens = 100'000'000;
}  // namespace llmc

}  // namespace winnow::tokenizer
