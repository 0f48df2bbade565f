// Byte-pair merging of one pre-tokenized piece, exactly as tiktoken does it.
//
// The rule: start from single bytes; repeatedly merge the adjacent pair whose concatenated bytes
// have the lowest rank in the vocabulary, the leftmost such pair on ties; stop when no adjacent
// pair is in the vocabulary. The resulting parts' ranks are the token ids. (Callers look the
// whole piece up first: most pieces are one token and need no merging.)
//
// Two implementations give identical output (a test checks them against each other):
//  - linear: a flat array of parts and a full scan for the minimum after every merge, O(n^2)
//    in the worst case. It is tiktoken's choice and the fastest for real pieces, which are a
//    few to a few dozen bytes: the scan touches one contiguous array and needs no bookkeeping.
//  - heap: a doubly linked list of parts plus a min-heap of (pair rank, position) with lazy
//    invalidation, O(n log n). Needed because the pre-tokenizers do not bound piece length:
//    a 1 MB run of one letter or one punctuation mark is a single piece, and the quadratic
//    scan would take minutes on it.
// bpe_encode_piece picks linear below kHeapMergeThreshold bytes, heap at or above it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "tokenizer/rank_table.h"

namespace winnow::tokenizer {

// Pieces this long (in bytes) or longer use the heap merge. Chosen by measurement (bench/tokenizer):
// below it the linear scan is faster.
inline constexpr std::size_t kHeapMergeThreshold = 128;

// Appends the token ids of piece (non-empty) to out. Every single byte must be in ranks (true for
// all byte-level BPE vocabularies); throws std::invalid_argument naming the byte otherwise.
void bpe_encode_piece(const RankTable& ranks, std::string_view piece, std::vector<std::uint32_t>& out);

// The two strategies, exposed so tests can compare them on the same input.
void bpe_merge_linear(const RankTable& ranks, std::string_view piece, std::vector<std::uint32_t>& out);
void bpe_merge_heap(const RankTable& ranks, std::string_view piece, std::vector<std::uint32_t>& out);

}  // namespace winnow::tokenizer
