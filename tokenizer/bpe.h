// Byte-pair merging of one pre-tokenized piece, under either of the two rules byte-level BPE
// vocabularies come with.
//
//  - tiktoken's rule (RankTable): start from single bytes; repeatedly merge the adjacent pair whose
//    concatenated bytes have the lowest rank in the vocabulary, the leftmost such pair on ties; stop
//    when no adjacent pair's bytes are a token. The resulting parts' ranks are the token ids.
//    Encoding finds a pair's concatenation by the two parts' ids (PairRules, pair_table.h: the
//    same answer, fewer cache misses); by the bytes (RankTable) is kept for tests to compare.
//  - HuggingFace's rule (MergeTable, for tokenizer.json models): start from the ids of single bytes;
//    repeatedly apply the merge rule with the lowest rank that matches an adjacent pair of ids
//    (leftmost on ties); stop when no adjacent pair is a rule. A pair merges only if that exact
//    pair is a rule, whatever its concatenation is.
// (Callers look the whole piece up first where that is known to give the same answer: most pieces
// are one token and need no merging.)
//
// Two implementations of the loop give identical output (a test checks them against each other):
//  - linear: a flat array of parts and a full scan for the minimum after every merge, O(n^2)
//    in the worst case. It is tiktoken's choice and the fastest for real pieces, which are a
//    few to a few dozen bytes: the scan touches one contiguous array and needs no bookkeeping.
//  - heap: a doubly linked list of parts plus a min-heap of (pair rank, position) with lazy
//    invalidation, O(n log n), in per-thread arrays. Needed because the pre-tokenizers do not bound piece length:
//    a 1 MB run of one letter or one punctuation mark is a single piece, and the quadratic
//    scan would take minutes on it.
// bpe_encode_piece picks linear below kHeapMergeThreshold bytes, heap at or above it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "tokenizer/char_tokens.h"
#include "tokenizer/merge_table.h"
#include "tokenizer/pair_table.h"
#include "tokenizer/rank_table.h"

namespace winnow::tokenizer {

// Pieces this long (in bytes) or longer use the heap merge. Chosen by measurement (bench/tokenizer,
// best and median of 6 interleaved runs): with the heap's arrays kept per thread (no allocation per
// piece), 32 beat 128 by 6-10% on the CJK documents of the benchmark input (runs of CJK letters are
// single pieces of 30-130 bytes) and equalled 20 and 48; below it the linear scan is faster.
inline constexpr std::size_t kHeapMergeThreshold = 32;

// tiktoken's rule. Appends the token ids of piece (non-empty) to out. Every single byte must be in
// ranks (true for all byte-level BPE vocabularies); throws std::invalid_argument naming the byte
// otherwise.
void bpe_encode_piece(const RankTable& ranks, std::string_view piece, std::vector<std::uint32_t>& out);

// HuggingFace's rule: byte_ids[b] is the id of the single byte b (all 256 must be valid ids).
struct MergeRules {
  const MergeTable& merges;
  const std::array<std::uint32_t, 256>& byte_ids;
};
void bpe_encode_piece(const MergeRules& rules, std::string_view piece, std::vector<std::uint32_t>& out);

// tiktoken's rule again, with the pair's concatenation found by the ids of the two parts
// (pair_table.h) instead of by hashing its bytes: the same ids, fewer cache misses. pairs must be
// built from ranks. With chars (built from the same ranks), characters it lists start as one part
// instead of as their bytes (char_tokens.h: the same ids, fewer lookups); the heap is then chosen
// by the number of starting parts.
struct PairRules {
  const RankTable& ranks;
  const PairTable& pairs;
  const CharTokens* chars = nullptr;
};
void bpe_encode_piece(const PairRules& rules, std::string_view piece, std::vector<std::uint32_t>& out);

// The two strategies, exposed so tests can compare them on the same input.
void bpe_merge_linear(const RankTable& ranks, std::string_view piece, std::vector<std::uint32_t>& out);
void bpe_merge_heap(const RankTable& ranks, std::string_view piece, std::vector<std::uint32_t>& out);
void bpe_merge_linear(const MergeRules& rules, std::string_view piece, std::vector<std::uint32_t>& out);
void bpe_merge_heap(const MergeRules& rules, std::string_view piece, std::vector<std::uint32_t>& out);
void bpe_merge_linear(const PairRules& rules, std::string_view piece, std::vector<std::uint32_t>& out);
void bpe_merge_heap(const PairRules& rules, std::string_view piece, std::vector<std::uint32_t>& out);

}  // namespace winnow::tokenizer
