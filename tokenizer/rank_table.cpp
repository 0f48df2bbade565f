#include "tokenizer/rank_table.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace winnow::tokenizer {
namespace {

__extension__ typedef unsigned __int128 U128;  // GCC/Clang; __extension__ silences -Wpedantic

inline std::uint64_t fold_multiply(std::uint64_t a, std::uint64_t b) {
  const U128 r = static_cast<U128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

// First min(8, size) bytes, zero padded. Reading byte by byte would be slower; memcpy of a
// variable length compiles to a short copy.
inline std::uint64_t head_of(std::string_view s) {
  std::uint64_t w = 0;
  std::memcpy(&w, s.data(), std::min<std::size_t>(8, s.size()));
  return w;
}

// Hash for short byte strings (tokens average ~4-7 bytes): the 8-byte head and the length folded
// with a 64x64->128 multiply; longer keys fold in each further 8-byte word.
inline std::uint64_t hash_bytes(std::string_view s, std::uint64_t head) {
  constexpr std::uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL;
  std::uint64_t h = fold_multiply(head ^ k0, k1 ^ (std::uint64_t{s.size()} << 56));
  for (std::size_t p = 8; p < s.size(); p += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, s.data() + p, std::min<std::size_t>(8, s.size() - p));
    h = fold_multiply(h ^ w, k1);
  }
  return h;
}

constexpr std::uint32_t kMaxKeyLength = 255;
constexpr std::uint32_t kMaxArena = 1u << 24;

}  // namespace

RankTable::RankTable(const std::vector<RankFileEntry>& entries) {
  std::fill(std::begin(byte_ranks_), std::end(byte_ranks_), kNoRank);
  std::uint32_t max_rank = 0;
  std::size_t arena_size = 0;
  for (const auto& e : entries) {
    if (e.rank == kNoRank) throw std::invalid_argument("rank 4294967295 is reserved");
    if (e.bytes.empty() || e.bytes.size() > kMaxKeyLength) {
      throw std::invalid_argument("token of " + std::to_string(e.bytes.size()) + " bytes; tokens must be 1..255 bytes");
    }
    max_rank = std::max(max_rank, e.rank);
    arena_size += e.bytes.size();
  }
  if (arena_size >= kMaxArena) throw std::invalid_argument("vocabulary bytes exceed 16 MiB");
  arena_.reserve(arena_size);
  by_rank_.assign(entries.empty() ? 0 : std::size_t{max_rank} + 1, Span{});
  std::size_t capacity = 16;
  while (capacity * 2 < entries.size() * 3) capacity *= 2;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  for (const auto& e : entries) {
    const auto offset = static_cast<std::uint32_t>(arena_.size());
    const auto length = static_cast<std::uint32_t>(e.bytes.size());
    arena_ += e.bytes;
    if (by_rank_[e.rank].length != 0) throw std::invalid_argument("duplicate rank " + std::to_string(e.rank));
    by_rank_[e.rank] = Span{offset, length};
    if (length == 1) byte_ranks_[static_cast<unsigned char>(e.bytes[0])] = e.rank;
    const std::uint64_t head = head_of(e.bytes);
    for (std::uint64_t i = hash_bytes(e.bytes, head) & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].rank == kNoRank) {
        slots_[i] = Slot{head, e.rank, length | (offset << 8)};
        break;
      }
    }
    ++size_;
  }
}

std::uint32_t RankTable::find(std::string_view bytes) const {
  if (slots_.empty() || bytes.empty() || bytes.size() > kMaxKeyLength) return kNoRank;
  const std::uint64_t head = head_of(bytes);
  const auto length = static_cast<std::uint32_t>(bytes.size());
  for (std::uint64_t i = hash_bytes(bytes, head) & mask_;; i = (i + 1) & mask_) {
    const Slot& s = slots_[i];
    if (s.rank == kNoRank) return kNoRank;
    if (s.head != head || (s.length_offset & 0xff) != length) continue;
    if (length <= 8 || std::memcmp(arena_.data() + (s.length_offset >> 8) + 8, bytes.data() + 8, length - 8) == 0) {
      return s.rank;
    }
  }
}

std::string_view RankTable::bytes_of(std::uint32_t rank) const {
  if (rank >= by_rank_.size() || by_rank_[rank].length == 0) return {};
  return std::string_view(arena_).substr(by_rank_[rank].offset, by_rank_[rank].length);
}

}  // namespace winnow::tokenizer
