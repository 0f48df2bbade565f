#include "tokenizer/bpe.h"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <string>

namespace winnow::tokenizer {
namespace {

// A merge candidate: the priority of merging two adjacent parts and the id it produces.
struct Candidate {
  std::uint32_t rank;    // kNoRank: the pair does not merge
  std::uint32_t merged;
};

// The two rules behind one interface, so both merge loops are written once. For tiktoken the
// candidate is found from the pair's bytes; for HF from the pair's ids.
struct ByBytes {
  const RankTable& ranks;
  std::uint32_t byte_token(unsigned char b) const { return ranks.byte_rank(b); }
  Candidate pair(std::string_view piece, std::uint32_t begin, std::uint32_t end, std::uint32_t,
                 std::uint32_t) const {
    const std::uint32_t r = ranks.find(piece.substr(begin, end - begin));
    return {r, r};
  }
};

struct ByIds {
  const MergeRules& rules;
  std::uint32_t byte_token(unsigned char b) const { return rules.byte_ids[b]; }
  Candidate pair(std::string_view, std::uint32_t, std::uint32_t, std::uint32_t left, std::uint32_t right) const {
    const MergeRule m = rules.merges.find(left, right);
    static_assert(MergeTable::kNoMerge == kNoRank);
    return {m.rank, m.merged};
  }
};

struct ByIdPairs {
  const PairRules& rules;
  std::uint32_t byte_token(unsigned char b) const { return rules.ranks.byte_rank(b); }
  Candidate pair(std::string_view, std::uint32_t, std::uint32_t, std::uint32_t left, std::uint32_t right) const {
    const std::uint32_t merged = rules.pairs.find(left, right);
    return {merged, merged};  // tiktoken: the rank of a pair is the id of its concatenation
  }
};

template <class Rule>
std::uint32_t byte_token(const Rule& rule, char byte) {
  const std::uint32_t r = rule.byte_token(static_cast<unsigned char>(byte));
  if (r == kNoRank) {
    throw std::invalid_argument("BPE vocabulary has no token for the single byte " +
                                std::to_string(static_cast<unsigned char>(byte)) +
                                "; it is not a byte-level BPE vocabulary");
  }
  return r;
}

struct LinearPart {
  std::uint32_t start;   // byte offset of this part in the piece
  std::uint32_t token;   // id of this part itself
  Candidate pair;        // merging this part with the next one
};

template <class Rule>
void merge_linear(const Rule& rule, std::string_view piece, std::vector<std::uint32_t>& out) {
  // parts holds every part plus a sentinel at piece.size(), so part i spans
  // [parts[i].start, parts[i+1].start) and the pair (i, i+1) spans [parts[i].start, parts[i+2].start).
  thread_local std::vector<LinearPart> parts;
  parts.clear();
  const auto n = static_cast<std::uint32_t>(piece.size());
  for (std::uint32_t i = 0; i < n; ++i) parts.push_back({i, byte_token(rule, piece[i]), {kNoRank, 0}});
  parts.push_back({n, kNoRank, {kNoRank, 0}});

  auto pair_at = [&](std::size_t i) -> Candidate {
    if (i + 2 >= parts.size()) return {kNoRank, 0};
    return rule.pair(piece, parts[i].start, parts[i + 2].start, parts[i].token, parts[i + 1].token);
  };
  for (std::size_t i = 0; i + 1 < n; ++i) parts[i].pair = pair_at(i);
  for (;;) {
    // Leftmost minimum: strict '<' keeps the first of equal ranks, as tiktoken and HF do.
    std::uint32_t best = kNoRank;
    std::size_t at = 0;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
      if (parts[i].pair.rank < best) {
        best = parts[i].pair.rank;
        at = i;
      }
    }
    if (best == kNoRank) break;
    parts[at].token = parts[at].pair.merged;
    parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(at) + 1);
    parts[at].pair = pair_at(at);
    if (at > 0) parts[at - 1].pair = pair_at(at - 1);
  }
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) out.push_back(parts[i].token);
}

// A part for merge_id_parts: its id and the id its pair with the next part merges into (which is
// also the pair's rank). 8 bytes, so the scan for the minimum reads little, and no byte offsets.
struct IdPart {
  std::uint32_t token;
  std::uint32_t merged;  // kNoRank: no merge
};

// Writes the starting parts of piece under PairRules to parts (its bytes' ids, or with rules.chars
// the ids of the characters it lists and the bytes' ids of the rest); returns how many. Bytes below
// 0xC2 never start a listed character, so ASCII text pays one comparison per byte for the check.
template <class Parts>
std::size_t fill_parts(const PairRules& rules, std::string_view piece, Parts& parts) {
  parts.resize(piece.size());
  const ByIdPairs rule{rules};
  std::size_t count = 0;
  for (std::size_t i = 0; i < piece.size();) {
    std::size_t length = 0;
    const std::uint32_t whole = rules.chars != nullptr && static_cast<unsigned char>(piece[i]) >= 0xC2
                                    ? rules.chars->find(piece, i, &length)
                                    : kNoRank;
    if (whole != kNoRank) {
      parts[count++] = whole;
      i += length;
    } else {
      parts[count++] = byte_token(rule, piece[i]);
      ++i;
    }
  }
  return count;
}

// tiktoken's rule by id pairs on parts p[0..count) whose tokens are set: the linear loop, leftmost
// minimum (strict '<'), as tiktoken. Tests compare it with the heap and with merging by bytes.
void merge_id_parts(const PairTable& pairs, IdPart* p, std::size_t count, std::vector<std::uint32_t>& out) {
  for (std::size_t i = 0; i + 1 < count; ++i) p[i].merged = pairs.find(p[i].token, p[i + 1].token);
  if (count > 0) p[count - 1].merged = kNoRank;
  for (;;) {
    std::uint32_t best = kNoRank;
    std::size_t at = 0;
    for (std::size_t i = 0; i + 1 < count; ++i) {
      if (p[i].merged < best) {
        best = p[i].merged;
        at = i;
      }
    }
    if (best == kNoRank) break;
    p[at].token = best;
    std::copy(p + at + 2, p + count, p + at + 1);
    --count;
    p[at].merged = at + 1 < count ? pairs.find(best, p[at + 1].token) : kNoRank;
    if (at > 0) p[at - 1].merged = pairs.find(p[at - 1].token, best);
  }
  for (std::size_t i = 0; i < count; ++i) out.push_back(p[i].token);
}

// The part array, kept per thread; assigning an id sets the token (merged is computed later).
struct IdPartArray {
  std::vector<IdPart> parts;
  void resize(std::size_t n) { parts.resize(n); }
  struct Ref {
    IdPart& part;
    void operator=(std::uint32_t id) { part.token = id; }
  };
  Ref operator[](std::size_t i) { return Ref{parts[i]}; }
};

void merge_linear_ids(const PairRules& rules, std::string_view piece, std::vector<std::uint32_t>& out) {
  thread_local IdPartArray parts;
  const std::size_t count = fill_parts(rules, piece, parts);
  merge_id_parts(rules.pairs, parts.parts.data(), count, out);
}

// The heap merge's arrays, kept per thread so a long piece costs no allocation once the arrays
// have grown to its size.
struct HeapScratch {
  std::vector<std::uint32_t> next, prev, token;
  std::vector<Candidate> pair;
  std::vector<std::uint8_t> alive;
  std::vector<std::uint64_t> heap;
};

// The heap merge over `n` nodes whose starting tokens are in scratch.token. pair_of(node, after, left, right)
// is the candidate for merging node (token `left`) with its next node (token `right`), where `after` is the
// node after that one (n at the end): byte positions need it to find the pair's bytes, id pairs do not.
template <class PairOf>
void merge_heap_nodes(std::uint32_t n, HeapScratch& scratch, const PairOf& pair_of, std::vector<std::uint32_t>& out) {
  // A merged-away node is dead. next[i] == n means last.
  // Plain references, not a structured binding: clang 14 (the fuzzing build) cannot capture bindings in lambdas.
  auto& next = scratch.next;
  auto& prev = scratch.prev;
  auto& token = scratch.token;
  auto& pair = scratch.pair;
  auto& alive = scratch.alive;
  auto& heap = scratch.heap;
  next.resize(n);
  prev.resize(n);
  pair.assign(n, Candidate{kNoRank, 0});
  alive.assign(n, 1);
  heap.clear();
  // Heap key (rank << 32 | node): the smallest key is the lowest rank, leftmost on ties.
  const auto later = std::greater<std::uint64_t>();

  auto refresh = [&](std::uint32_t node) {
    const std::uint32_t nx = next[node];
    pair[node] = nx < n ? pair_of(node, next[nx], token[node], token[nx]) : Candidate{kNoRank, 0};
    if (pair[node].rank != kNoRank) {
      heap.push_back((std::uint64_t{pair[node].rank} << 32) | node);
      std::push_heap(heap.begin(), heap.end(), later);
    }
  };
  for (std::uint32_t i = 0; i < n; ++i) {
    next[i] = i + 1;
    prev[i] = i == 0 ? n : i - 1;  // n = no previous
  }
  for (std::uint32_t i = 0; i < n; ++i) refresh(i);

  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    const std::uint64_t key = heap.back();
    heap.pop_back();
    const auto rank = static_cast<std::uint32_t>(key >> 32);
    const auto node = static_cast<std::uint32_t>(key);
    // Lazy invalidation: an entry counts only if it still describes the node's current pair.
    // A stale entry whose rank happens to equal the current one is still a true statement about
    // the current pair (a rank names one token, or one HF rule), so acting on it is correct.
    if (!alive[node] || pair[node].rank != rank) continue;
    const std::uint32_t gone = next[node];
    token[node] = pair[node].merged;
    alive[gone] = 0;
    next[node] = next[gone];
    if (next[node] < n) prev[next[node]] = node;
    refresh(node);
    if (prev[node] < n) refresh(prev[node]);
  }
  for (std::uint32_t i = 0; i < n; i = next[i]) out.push_back(token[i]);
}

// Nodes are the piece's bytes, indexed by their start byte.
template <class Rule>
void merge_heap(const Rule& rule, std::string_view piece, std::vector<std::uint32_t>& out) {
  thread_local HeapScratch scratch;
  const auto n = static_cast<std::uint32_t>(piece.size());
  scratch.token.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) scratch.token[i] = byte_token(rule, piece[i]);
  merge_heap_nodes(
      n, scratch,
      [&](std::uint32_t node, std::uint32_t after, std::uint32_t left, std::uint32_t right) {
        return rule.pair(piece, node, after, left, right);
      },
      out);
}

// tiktoken's rule by id pairs, over starting parts (nodes are part indexes); a pair's rank is the id it
// merges into.
void merge_heap_ids(const PairTable& pairs, const std::vector<std::uint32_t>& start, std::vector<std::uint32_t>& out) {
  thread_local HeapScratch scratch;
  scratch.token.assign(start.begin(), start.end());
  merge_heap_nodes(
      static_cast<std::uint32_t>(start.size()), scratch,
      [&](std::uint32_t, std::uint32_t, std::uint32_t left, std::uint32_t right) {
        const std::uint32_t merged = pairs.find(left, right);
        return Candidate{merged, merged};
      },
      out);
}

template <class Rule>
void encode_piece(const Rule& rule, std::string_view piece, std::vector<std::uint32_t>& out) {
  if (piece.size() == 1) {
    out.push_back(byte_token(rule, piece[0]));
  } else if (piece.size() < kHeapMergeThreshold) {
    merge_linear(rule, piece, out);
  } else {
    merge_heap(rule, piece, out);
  }
}

}  // namespace

void bpe_merge_linear(const RankTable& ranks, std::string_view piece, std::vector<std::uint32_t>& out) {
  merge_linear(ByBytes{ranks}, piece, out);
}
void bpe_merge_heap(const RankTable& ranks, std::string_view piece, std::vector<std::uint32_t>& out) {
  merge_heap(ByBytes{ranks}, piece, out);
}
void bpe_merge_linear(const MergeRules& rules, std::string_view piece, std::vector<std::uint32_t>& out) {
  merge_linear(ByIds{rules}, piece, out);
}
void bpe_merge_heap(const MergeRules& rules, std::string_view piece, std::vector<std::uint32_t>& out) {
  merge_heap(ByIds{rules}, piece, out);
}
void bpe_merge_linear(const PairRules& rules, std::string_view piece, std::vector<std::uint32_t>& out) {
  merge_linear_ids(rules, piece, out);
}
void bpe_merge_heap(const PairRules& rules, std::string_view piece, std::vector<std::uint32_t>& out) {
  thread_local std::vector<std::uint32_t> start;
  start.resize(fill_parts(rules, piece, start));
  merge_heap_ids(rules.pairs, start, out);
}
void bpe_encode_piece(const PairRules& rules, std::string_view piece, std::vector<std::uint32_t>& out) {
  if (piece.size() == 1) {
    out.push_back(byte_token(ByIdPairs{rules}, piece[0]));
  } else if (piece.size() < kHeapMergeThreshold) {
    merge_linear_ids(rules, piece, out);  // fewer bytes than the threshold: fewer parts too
  } else {
    // Long pieces (CJK runs): the heap unless whole characters leave fewer parts than the threshold.
    thread_local std::vector<std::uint32_t> start;
    start.resize(fill_parts(rules, piece, start));
    if (start.size() >= kHeapMergeThreshold) {
      merge_heap_ids(rules.pairs, start, out);
      return;
    }
    thread_local std::vector<IdPart> parts;
    parts.resize(start.size());
    for (std::size_t i = 0; i < start.size(); ++i) parts[i].token = start[i];
    merge_id_parts(rules.pairs, parts.data(), parts.size(), out);
  }
}
void bpe_encode_piece(const RankTable& ranks, std::string_view piece, std::vector<std::uint32_t>& out) {
  encode_piece(ByBytes{ranks}, piece, out);
}
void bpe_encode_piece(const MergeRules& rules, std::string_view piece, std::vector<std::uint32_t>& out) {
  encode_piece(ByIds{rules}, piece, out);
}

}  // namespace winnow::tokenizer
