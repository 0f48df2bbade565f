#include "tokenizer/char_tokens.h"

#include <algorithm>

namespace winnow::tokenizer {
namespace {

bool is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// The code point of the two- or three-byte character at bytes[at], or 0 if none starts there
// (0 is never a multi-byte character's code point).
std::uint32_t code_point_at(std::string_view bytes, std::size_t at, std::size_t* length) {
  const auto b0 = static_cast<unsigned char>(bytes[at]);
  if (b0 >= 0xC2 && b0 < 0xE0 && at + 1 < bytes.size() && is_continuation(static_cast<unsigned char>(bytes[at + 1]))) {
    *length = 2;
    return (b0 & 0x1Fu) << 6 | (static_cast<unsigned char>(bytes[at + 1]) & 0x3Fu);
  }
  if (b0 >= 0xE0 && b0 < 0xF0 && at + 2 < bytes.size() && is_continuation(static_cast<unsigned char>(bytes[at + 1])) &&
      is_continuation(static_cast<unsigned char>(bytes[at + 2]))) {
    const std::uint32_t cp = (b0 & 0x0Fu) << 12 | (static_cast<unsigned char>(bytes[at + 1]) & 0x3Fu) << 6 |
                             (static_cast<unsigned char>(bytes[at + 2]) & 0x3Fu);
    if (cp < 0x800) return 0;
    *length = 3;
    return cp;
  }
  return 0;
}

// Highest rank merged on the way when bytes (two or three) are merged alone under tiktoken's rule,
// or kNoRank if they do not end as the single token whole.
std::uint32_t chain_max(const RankTable& ranks, const PairTable& pairs, std::string_view bytes, std::uint32_t whole) {
  std::vector<std::uint32_t> parts;
  for (char b : bytes) parts.push_back(ranks.byte_rank(static_cast<unsigned char>(b)));
  std::uint32_t highest = 0;
  while (parts.size() > 1) {
    std::uint32_t best = kNoRank;
    std::size_t at = 0;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
      const std::uint32_t m = pairs.find(parts[i], parts[i + 1]);
      if (m < best) {
        best = m;
        at = i;
      }
    }
    if (best == kNoRank) return kNoRank;
    highest = std::max(highest, best);
    parts[at] = best;
    parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(at) + 1);
  }
  return parts[0] == whole ? highest : kNoRank;
}

}  // namespace

CharTokens::CharTokens(const RankTable& ranks, const PairTable& pairs) {
  // Lowest rank of a token that overlaps an occurrence of a character from outside it, by the class
  // (neighbour_class) of the byte the token has just outside the character:
  //  - starts with these one or two bytes and goes on (begins inside the character, ends past it);
  //    the class is of the byte after them,
  //  - ends with these one or two bytes and starts earlier; the class is of the byte before them,
  //  - holds the character's bytes (at any offset) with a byte before them / after them.
  constexpr std::size_t kB = kBeforeClasses, kA = kAfterClasses;
  std::vector<std::uint32_t> starts1(256 * kA, kNoRank), starts2(65536 * kA, kNoRank), ends1(256 * kB, kNoRank),
      ends2(65536 * kB, kNoRank), holds_before(65536 * kB, kNoRank), holds_after(65536 * kA, kNoRank);
  auto lower = [](std::uint32_t& slot, std::uint32_t rank) { slot = std::min(slot, rank); };
  const std::uint32_t limit = ranks.rank_limit();
  for (std::uint32_t t = 0; t < limit; ++t) {
    const std::string_view s = ranks.bytes_of(t);
    const std::size_t n = s.size();
    if (n < 2) continue;
    auto byte = [&](std::size_t i) { return std::size_t{static_cast<unsigned char>(s[i])}; };
    auto before = [&](std::size_t i) { return std::size_t{before_class(static_cast<unsigned char>(s[i]))}; };
    auto after = [&](std::size_t i) { return std::size_t{after_class(static_cast<unsigned char>(s[i]))}; };
    lower(starts1[byte(0) * kA + after(1)], t);
    lower(ends1[byte(n - 1) * kB + before(n - 2)], t);
    if (n > 2) {
      lower(starts2[(byte(0) << 8 | byte(1)) * kA + after(2)], t);
      lower(ends2[(byte(n - 2) << 8 | byte(n - 1)) * kB + before(n - 3)], t);
    }
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t length = 0;
      const std::uint32_t cp = code_point_at(s, i, &length);
      if (cp == 0) continue;
      if (i > 0) lower(holds_before[cp * kB + before(i - 1)], t);
      if (i + length < n) lower(holds_after[cp * kA + after(i + length)], t);
    }
  }
  by_code_point_.assign(65536, kNoEntry);
  for (std::uint32_t t = 0; t < limit; ++t) {
    const std::string_view s = ranks.bytes_of(t);
    if (s.size() != 2 && s.size() != 3) continue;
    std::size_t length = 0;
    const std::uint32_t cp = code_point_at(s, 0, &length);
    if (cp == 0 || length != s.size() || t >= kIdLimit) continue;
    const std::uint32_t chain = chain_max(ranks, pairs, s, t);
    if (chain == kNoRank) continue;
    auto byte = [&](std::size_t i) { return std::size_t{static_cast<unsigned char>(s[i])}; };
    const std::size_t n = s.size();
    // No byte before / after (the piece starts / ends there): nothing crosses that edge.
    std::uint64_t entry = t | std::uint64_t{1} << kIdBits | std::uint64_t{1} << kAfterShift;
    for (std::size_t c = 1; c < kB; ++c) {
      std::uint32_t before = std::min(ends1[byte(0) * kB + c], holds_before[cp * kB + c]);
      if (n == 3) before = std::min(before, ends2[(byte(0) << 8 | byte(1)) * kB + c]);
      if (chain < before) entry |= std::uint64_t{1} << (kIdBits + c);
    }
    for (std::size_t c = 1; c < kA; ++c) {
      std::uint32_t after = std::min(starts1[byte(n - 1) * kA + c], holds_after[cp * kA + c]);
      if (n == 3) after = std::min(after, starts2[(byte(1) << 8 | byte(2)) * kA + c]);
      if (chain < after) entry |= std::uint64_t{1} << (kAfterShift + c);
    }
    by_code_point_[cp] = entry;
    ++size_;
  }
}

}  // namespace winnow::tokenizer
