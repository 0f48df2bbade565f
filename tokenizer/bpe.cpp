#include "tokenizer/bpe.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <stdexcept>

namespace winnow::tokenizer {
namespace {

std::uint32_t byte_rank(const RankTable& ranks, char byte) {
  const std::uint32_t r = ranks.byte_rank(static_cast<unsigned char>(byte));
  if (r == kNoRank) {
    throw std::invalid_argument("BPE vocabulary has no token for the single byte " +
                                std::to_string(static_cast<unsigned char>(byte)) +
                                "; it is not a byte-level BPE vocabulary");
  }
  return r;
}

struct LinearPart {
  std::uint32_t start;      // byte offset of this part in the piece
  std::uint32_t pair_rank;  // rank of this part concatenated with the next one, or kNoRank
  std::uint32_t token;      // rank of this part itself
};

}  // namespace

void bpe_merge_linear(const RankTable& ranks, std::string_view piece, std::vector<std::uint32_t>& out) {
  // parts holds every part plus a sentinel at piece.size(), so part i spans
  // [parts[i].start, parts[i+1].start) and the pair (i, i+1) spans [parts[i].start, parts[i+2].start).
  thread_local std::vector<LinearPart> parts;
  parts.clear();
  const auto n = static_cast<std::uint32_t>(piece.size());
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t pair = i + 2 <= n ? ranks.find(piece.substr(i, 2)) : kNoRank;
    parts.push_back({i, pair, byte_rank(ranks, piece[i])});
  }
  parts.push_back({n, kNoRank, kNoRank});

  auto pair_rank_at = [&](std::size_t i) {
    if (i + 2 >= parts.size()) return kNoRank;
    return ranks.find(piece.substr(parts[i].start, parts[i + 2].start - parts[i].start));
  };
  for (;;) {
    // Leftmost minimum: strict '<' keeps the first of equal ranks, as tiktoken does.
    std::uint32_t best = kNoRank;
    std::size_t at = 0;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
      if (parts[i].pair_rank < best) {
        best = parts[i].pair_rank;
        at = i;
      }
    }
    if (best == kNoRank) break;
    parts[at].token = best;
    parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(at) + 1);
    parts[at].pair_rank = pair_rank_at(at);
    if (at > 0) parts[at - 1].pair_rank = pair_rank_at(at - 1);
  }
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) out.push_back(parts[i].token);
}

void bpe_merge_heap(const RankTable& ranks, std::string_view piece, std::vector<std::uint32_t>& out) {
  // Nodes are indexed by their start byte; a merged-away node is dead. next_[i] == n means last.
  const auto n = static_cast<std::uint32_t>(piece.size());
  std::vector<std::uint32_t> next(n), prev(n), token(n), pair_rank(n, kNoRank);
  std::vector<bool> alive(n, true);
  // Heap key (rank << 32 | start): the smallest key is the lowest rank, leftmost on ties.
  std::vector<std::uint64_t> heap_storage;
  heap_storage.reserve(n);
  std::priority_queue<std::uint64_t, std::vector<std::uint64_t>, std::greater<>> heap(
      std::greater<>(), std::move(heap_storage));

  auto end_of = [&](std::uint32_t node) { return next[node]; };  // end byte of a node's part
  auto refresh = [&](std::uint32_t node) {
    const std::uint32_t nx = next[node];
    pair_rank[node] = nx < n ? ranks.find(piece.substr(node, end_of(nx) - node)) : kNoRank;
    if (pair_rank[node] != kNoRank) heap.push((std::uint64_t{pair_rank[node]} << 32) | node);
  };
  for (std::uint32_t i = 0; i < n; ++i) {
    next[i] = i + 1;
    prev[i] = i == 0 ? n : i - 1;  // n = no previous
    token[i] = byte_rank(ranks, piece[i]);
  }
  for (std::uint32_t i = 0; i < n; ++i) refresh(i);

  while (!heap.empty()) {
    const std::uint64_t key = heap.top();
    heap.pop();
    const auto rank = static_cast<std::uint32_t>(key >> 32);
    const auto node = static_cast<std::uint32_t>(key);
    // Lazy invalidation: an entry counts only if it still describes the node's current pair.
    // A stale entry whose rank happens to equal the current one is still a true statement about
    // the current pair, so acting on it is correct.
    if (!alive[node] || pair_rank[node] != rank) continue;
    const std::uint32_t gone = next[node];
    token[node] = rank;
    alive[gone] = false;
    next[node] = next[gone];
    if (next[node] < n) prev[next[node]] = node;
    refresh(node);
    if (prev[node] < n) refresh(prev[node]);
  }
  for (std::uint32_t i = 0; i < n; i = next[i]) out.push_back(token[i]);
}

void bpe_encode_piece(const RankTable& ranks, std::string_view piece, std::vector<std::uint32_t>& out) {
  if (piece.size() == 1) {
    out.push_back(byte_rank(ranks, piece[0]));
  } else if (piece.size() < kHeapMergeThreshold) {
    bpe_merge_linear(ranks, piece, out);
  } else {
    bpe_merge_heap(ranks, piece, out);
  }
}

}  // namespace winnow::tokenizer
