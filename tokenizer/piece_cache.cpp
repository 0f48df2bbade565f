#include "tokenizer/piece_cache.h"

#include <algorithm>
#include <cstring>

namespace winnow::tokenizer {

PieceCache& PieceCache::for_thread(std::uint64_t owner) {
  thread_local PieceCache cache;
  if (cache.owner_ != owner) {
    std::fill(cache.entries_.begin(), cache.entries_.end(), Entry{});
    cache.owner_ = owner;
  }
  return cache;
}

std::size_t PieceCache::slot_of(std::string_view piece) {
  // First and last 8 bytes (overlapping for short pieces) and the length, multiplied together:
  // pieces that share a prefix (inflections) still land apart.
  std::uint64_t head = 0, tail = 0;
  const std::size_t n = piece.size();
  std::memcpy(&head, piece.data(), std::min<std::size_t>(8, n));
  if (n > 8) std::memcpy(&tail, piece.data() + n - 8, 8);
  std::uint64_t h = (head ^ 0x9E3779B97F4A7C15ULL) * 0xBF58476D1CE4E5B9ULL;
  h ^= (tail + n) * 0x94D049BB133111EBULL;
  h ^= h >> 29;
  return static_cast<std::size_t>(h * 0x9E3779B97F4A7C15ULL >> 32) & (kEntries - 1);  // high bits mix best
}

bool PieceCache::find(std::string_view piece, std::vector<std::uint32_t>& out) const {
  if (piece.size() > kMaxPieceBytes) return false;
  const Entry& e = entries_[slot_of(piece)];
  if (e.piece_bytes != piece.size() || std::memcmp(e.piece, piece.data(), piece.size()) != 0) return false;
  out.insert(out.end(), e.ids, e.ids + e.id_count);
  return true;
}

void PieceCache::store(std::string_view piece, const std::uint32_t* ids, std::size_t count) {
  if (piece.empty() || piece.size() > kMaxPieceBytes || count > kMaxIds) return;
  Entry& e = entries_[slot_of(piece)];
  e.piece_bytes = static_cast<std::uint8_t>(piece.size());
  e.id_count = static_cast<std::uint8_t>(count);
  std::memcpy(e.piece, piece.data(), piece.size());
  std::memcpy(e.ids, ids, count * sizeof(std::uint32_t));
}

}  // namespace winnow::tokenizer
