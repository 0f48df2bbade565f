#include "tokenizer/rank_table.h"

#include <cstring>
#include <stdexcept>

namespace winnow::tokenizer {
namespace {

// Hash for short byte strings (tokens average ~4-7 bytes): 8-byte loads folded with a 64x64->128
// multiply. Quality only needs to be good enough for linear probing at load factor 1/2.
__extension__ typedef unsigned __int128 U128;  // GCC/Clang; __extension__ silences -Wpedantic

inline std::uint64_t fold_multiply(std::uint64_t a, std::uint64_t b) {
  const U128 r = static_cast<U128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

inline std::uint64_t hash_bytes(std::string_view s) {
  constexpr std::uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL;
  const char* p = s.data();
  std::size_t n = s.size();
  std::uint64_t h = k0 ^ (n * k1);
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = fold_multiply(h ^ w, k1);
    p += 8;
    n -= 8;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  return fold_multiply(h ^ tail ^ (std::uint64_t{n} << 59), k0 ^ 0x8ebc6af09c88c6e3ULL);
}

}  // namespace

RankTable::RankTable(const std::vector<RankFileEntry>& entries) {
  std::uint32_t max_rank = 0;
  std::size_t arena_size = 0;
  for (const auto& e : entries) {
    if (e.rank == kNoRank) throw std::invalid_argument("rank 4294967295 is reserved");
    max_rank = std::max(max_rank, e.rank);
    arena_size += e.bytes.size();
  }
  arena_.reserve(arena_size);
  entries_.reserve(entries.size());
  by_rank_.assign(entries.empty() ? 0 : std::size_t{max_rank} + 1, kNoRank);
  std::size_t capacity = 16;
  while (capacity < entries.size() * 2) capacity *= 2;
  slots_.assign(capacity, Slot{0, 0});
  mask_ = capacity - 1;
  for (const auto& e : entries) {
    const auto index = static_cast<std::uint32_t>(entries_.size());
    entries_.push_back({static_cast<std::uint32_t>(arena_.size()),
                        static_cast<std::uint32_t>(e.bytes.size()), e.rank});
    arena_ += e.bytes;
    if (by_rank_[e.rank] != kNoRank) throw std::invalid_argument("duplicate rank " + std::to_string(e.rank));
    by_rank_[e.rank] = index;
    const std::uint64_t h = hash_bytes(e.bytes);
    for (std::uint64_t i = h & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].entry_plus_one == 0) {
        slots_[i] = Slot{index + 1, static_cast<std::uint32_t>(h >> 32)};
        break;
      }
    }
  }
}

std::uint32_t RankTable::find(std::string_view bytes) const {
  if (slots_.empty()) return kNoRank;
  const std::uint64_t h = hash_bytes(bytes);
  const auto tag = static_cast<std::uint32_t>(h >> 32);
  for (std::uint64_t i = h & mask_;; i = (i + 1) & mask_) {
    const Slot s = slots_[i];
    if (s.entry_plus_one == 0) return kNoRank;
    if (s.hash_tag != tag) continue;
    const Entry& e = entries_[s.entry_plus_one - 1];
    if (e.length == bytes.size() && std::memcmp(arena_.data() + e.offset, bytes.data(), e.length) == 0) {
      return e.rank;
    }
  }
}

std::string_view RankTable::bytes_of(std::uint32_t rank) const {
  if (rank >= by_rank_.size() || by_rank_[rank] == kNoRank) return {};
  const Entry& e = entries_[by_rank_[rank]];
  return std::string_view(arena_).substr(e.offset, e.length);
}

}  // namespace winnow::tokenizer
