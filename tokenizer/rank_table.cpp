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

inline std::uint32_t short_key(std::string_view s) {
  std::uint32_t k = 0;
  std::memcpy(&k, s.data(), s.size());
  return k;
}
inline std::uint32_t short_hash(std::uint32_t key, std::size_t length) {
  return static_cast<std::uint32_t>(((std::uint64_t{key} | (std::uint64_t{length} << 32)) * 0x9E3779B97F4A7C15ULL) >> 32);
}

// The filter uses the hash's high bits, the slot table its low bits.
inline std::uint64_t filter_bit(std::uint64_t hash, int shift) { return (hash * 0xD6E8FEB86659FD93ULL) >> shift; }

inline std::uint64_t short_filter_bit(std::uint32_t key, std::size_t length, int shift) {
  return ((std::uint64_t{key} | (std::uint64_t{length} << 32)) * 0xD6E8FEB86659FD93ULL) >> shift;
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
  std::size_t short_count = 0;
  for (const auto& e : entries) short_count += e.bytes.size() >= 2 && e.bytes.size() <= 4;
  const std::size_t long_count = entries.size() - short_count;
  int filter_bits = 16;
  while ((std::size_t{1} << filter_bits) < long_count * 8) ++filter_bits;
  long_filter_.assign((std::size_t{1} << filter_bits) / 64, 0);
  long_filter_shift_ = 64 - filter_bits;
  std::size_t short_capacity = 1024;
  while (short_capacity * 7 < short_count * 10) short_capacity *= 2;  // load factor <= 0.7
  short_slots_.assign(short_capacity, ShortSlot{});
  int short_filter_bits = 12;
  while ((std::size_t{1} << short_filter_bits) < short_count * 8) ++short_filter_bits;
  short_filter_.assign((std::size_t{1} << short_filter_bits) / 64, 0);
  short_filter_shift_ = 64 - short_filter_bits;
  short_mask_ = static_cast<std::uint32_t>(short_capacity - 1);
  for (const auto& e : entries) {
    const auto offset = static_cast<std::uint32_t>(arena_.size());
    const auto length = static_cast<std::uint32_t>(e.bytes.size());
    arena_ += e.bytes;
    if (by_rank_[e.rank].length != 0) throw std::invalid_argument("duplicate rank " + std::to_string(e.rank));
    by_rank_[e.rank] = Span{offset, length};
    if (length == 1) byte_ranks_[static_cast<unsigned char>(e.bytes[0])] = e.rank;
    if (length >= 2 && length <= 4) insert_short(e.bytes, e.rank);
    const std::uint64_t head = head_of(e.bytes);
    const std::uint64_t hash = hash_bytes(e.bytes, head);
    if (length >= 5) {
      const std::uint64_t bit = filter_bit(hash, long_filter_shift_);
      long_filter_[bit / 64] |= std::uint64_t{1} << (bit % 64);
    }
    for (std::uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].rank == kNoRank) {
        slots_[i] = Slot{head, e.rank, length | (offset << 8)};
        break;
      }
    }
    ++size_;
  }
}

std::uint32_t RankTable::find_in_slots(std::string_view bytes) const {
  if (slots_.empty() || bytes.empty() || bytes.size() > kMaxKeyLength) return kNoRank;
  const std::uint64_t head = head_of(bytes);
  const auto length = static_cast<std::uint32_t>(bytes.size());
  const std::uint64_t hash = hash_bytes(bytes, head);
  if (length >= 5) {
    const std::uint64_t bit = filter_bit(hash, long_filter_shift_);
    if (!(long_filter_[bit / 64] >> (bit % 64) & 1)) return kNoRank;
  }
  for (std::uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
    const Slot& s = slots_[i];
    if (s.rank == kNoRank) return kNoRank;
    if (s.head != head || (s.length_offset & 0xff) != length) continue;
    if (length <= 8 || std::memcmp(arena_.data() + (s.length_offset >> 8) + 8, bytes.data() + 8, length - 8) == 0) {
      return s.rank;
    }
  }
}

void RankTable::prefetch(std::string_view bytes) const {
  if (bytes.size() < 2 || bytes.size() > kMaxKeyLength || slots_.empty()) return;
  if (bytes.size() <= 4) {
    const std::uint32_t key = short_key(bytes);
    const std::uint64_t bit = short_filter_bit(key, bytes.size(), short_filter_shift_);
    __builtin_prefetch(&short_filter_[bit / 64]);
    __builtin_prefetch(&short_slots_[short_hash(key, bytes.size()) & short_mask_]);
    return;
  }
  const std::uint64_t hash = hash_bytes(bytes, head_of(bytes));
  const std::uint64_t bit = filter_bit(hash, long_filter_shift_);
  __builtin_prefetch(&long_filter_[bit / 64]);
  __builtin_prefetch(&slots_[hash & mask_]);
}

void RankTable::insert_short(std::string_view bytes, std::uint32_t rank) {
  if (rank >= (1u << 30)) throw std::invalid_argument("rank " + std::to_string(rank) + " is too large (limit 2^30)");
  const std::uint32_t key = short_key(bytes);
  const std::uint64_t bit = short_filter_bit(key, bytes.size(), short_filter_shift_);
  short_filter_[bit / 64] |= std::uint64_t{1} << (bit % 64);
  for (std::uint32_t i = short_hash(key, bytes.size()) & short_mask_;; i = (i + 1) & short_mask_) {
    if (short_slots_[i].meta == 0) {
      short_slots_[i] = ShortSlot{key, rank | static_cast<std::uint32_t>(bytes.size() - 1) << 30};
      return;
    }
  }
}

std::uint32_t RankTable::find_short(std::string_view bytes) const {
  if (short_slots_.empty()) return kNoRank;
  const std::uint32_t key = short_key(bytes);
  const std::uint64_t bit = short_filter_bit(key, bytes.size(), short_filter_shift_);
  if (!(short_filter_[bit / 64] >> (bit % 64) & 1)) return kNoRank;
  const auto tag = static_cast<std::uint32_t>(bytes.size() - 1);
  for (std::uint32_t i = short_hash(key, bytes.size()) & short_mask_;; i = (i + 1) & short_mask_) {
    const ShortSlot s = short_slots_[i];
    if (s.meta == 0) return kNoRank;
    if (s.key == key && (s.meta >> 30) == tag) return s.meta & ((1u << 30) - 1);
  }
}

std::string_view RankTable::bytes_of(std::uint32_t rank) const {
  if (rank >= by_rank_.size() || by_rank_[rank].length == 0) return {};
  return std::string_view(arena_).substr(by_rank_[rank].offset, by_rank_[rank].length);
}

}  // namespace winnow::tokenizer
