// PieceCache: a small per-thread memo of piece -> token ids for pieces that needed BPE merging.
//
// Why: on mixed-script text most of the encoder's time is merging pieces that are not one token
// (words of languages the vocabulary covers thinly, CJK runs), and that time is cache misses in the
// 4-8 MB rank table, ~7 lookups per byte of such a piece. Natural text repeats these pieces
// (inflected words, names) even when no document repeats, so remembering the last result for a
// piece turns ~25 table misses into one hit in a 256 KB table. HF tokenizers keeps a similar cache.
//
// Shape: direct-mapped, 4096 entries of 64 bytes (one cache line each): the piece (at most
// kMaxPieceBytes) and its ids (at most kMaxIds). Longer pieces, or results with more ids, are not
// cached. A new piece overwrites whatever shared its slot, so memory is fixed (256 KB per thread)
// and no lookup allocates. Measured in bench/tokenizer (see docs/TOKENIZER.md), on input in which
// no document repeats, each measurement in a fresh thread so the cache starts empty: +5-15% on
// mixed-script text; 8192 or 16384 entries were no faster.
//
// The cache belongs to the calling thread and is keyed by the Encoding's load identity, so one
// thread may use several encodings (the cache is cleared when the encoding changes).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace winnow::tokenizer {

class PieceCache {
 public:
  static constexpr std::size_t kEntries = 4096;
  static constexpr std::size_t kMaxPieceBytes = 26;
  static constexpr std::size_t kMaxIds = 8;

  // The calling thread's cache, emptied first if it last served another encoding (owner identity).
  static PieceCache& for_thread(std::uint64_t owner);

  // Appends the remembered ids of piece to out and returns true, or returns false.
  bool find(std::string_view piece, std::vector<std::uint32_t>& out) const;
  // Remembers ids for piece, if both fit.
  void store(std::string_view piece, const std::uint32_t* ids, std::size_t count);

 private:
  struct alignas(64) Entry {
    std::uint8_t piece_bytes = 0;  // 0 = empty
    std::uint8_t id_count = 0;
    char piece[kMaxPieceBytes] = {};
    std::uint32_t ids[kMaxIds] = {};
  };
  static_assert(sizeof(Entry) == 64);
  static std::size_t slot_of(std::string_view piece);

  std::vector<Entry> entries_ = std::vector<Entry>(kEntries);
  std::uint64_t owner_ = 0;
};

}  // namespace winnow::tokenizer
