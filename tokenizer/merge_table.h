// MergeTable: the merge rules of a HuggingFace BPE model, (left id, right id) -> (merge rank,
// merged id), for the merge loop in bpe.h.
//
// HF BPE merges a pair only if that exact pair of tokens is a rule, lowest rule index ("rank")
// first; tiktoken instead merges any adjacent parts whose concatenated bytes are a token. The two
// agree for vocabularies built the way tiktoken's were (tests check GPT-2, cl100k, o200k), but not
// in general, so HF models get a table keyed by the pair of ids.
//
// Open addressing with linear probing over 16-byte slots holding the 64-bit key and both values:
// one memory access per lookup in the common case, no string hashing.
#pragma once

#include <cstdint>
#include <vector>

namespace winnow::tokenizer {

struct MergeRule {
  std::uint32_t rank = 0;    // the rule's index in tokenizer.json's "merges"; lower merges first
  std::uint32_t merged = 0;  // id of the concatenation
};

class MergeTable {
 public:
  MergeTable() = default;

  // Adds or replaces (as HF's loader does for a repeated pair) the rule for (left, right).
  void insert(std::uint32_t left, std::uint32_t right, MergeRule rule);

  // The rule for (left, right); rank == kNoMerge when there is none.
  MergeRule find(std::uint32_t left, std::uint32_t right) const;

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  static constexpr std::uint32_t kNoMerge = 0xffffffffu;

 private:
  struct Slot {
    std::uint64_t key = 0;
    MergeRule rule{kNoMerge, 0};  // rank kNoMerge = empty slot
  };
  void grow();
  std::vector<Slot> slots_;
  std::uint64_t mask_ = 0;
  int shift_ = 64;  // 64 - log2(capacity)
  std::size_t size_ = 0;
};

}  // namespace winnow::tokenizer
