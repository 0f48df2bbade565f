#include "tokenizer/pair_table.h"

#include <algorithm>
#include <tuple>

namespace winnow::tokenizer {

PairTable::PairTable(const RankTable& ranks) {
  struct Entry {
    std::uint32_t left, right, merged;
  };
  std::vector<Entry> entries;
  const std::uint32_t limit = ranks.rank_limit();
  for (std::uint32_t t = 0; t < limit; ++t) {
    const std::string_view bytes = ranks.bytes_of(t);
    for (std::size_t i = 1; i < bytes.size(); ++i) {
      const std::uint32_t left = ranks.find(bytes.substr(0, i));
      if (left == kNoRank) continue;
      const std::uint32_t right = ranks.find(bytes.substr(i));
      if (right != kNoRank) entries.push_back({left, right, t});
    }
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return std::tie(a.left, a.right) < std::tie(b.left, b.right); });
  byte_pairs_.assign(65536, kNoRank);
  rows_.assign(limit, Row{});
  for (std::size_t first = 0; first < entries.size();) {
    std::size_t last = first;
    while (last < entries.size() && entries[last].left == entries[first].left) ++last;
    Row& row = rows_[entries[first].left];
    const auto count = static_cast<std::uint32_t>(last - first);
    if (count <= kLinearRow) {
      row.begin = static_cast<std::uint32_t>(right_.size());
      row.count = count;
    } else {
      std::uint32_t capacity = 2 * kLinearRow;
      while (capacity < 2 * count) capacity *= 2;
      row.begin = static_cast<std::uint32_t>(long_rows_.size());
      row.count = kLinearRow + capacity;  // kLinearRow + 1 + mask
      long_rows_.resize(long_rows_.size() + capacity, kEmptySlot);
    }
    for (std::size_t k = first; k < last; ++k) {
      const Entry& e = entries[k];
      ++size_;
      if ((e.left | e.right) < 256) byte_pairs_[e.left << 8 | e.right] = e.merged;
      row.filter |= std::uint64_t{1} << filter_bit(e.right);
      if (count <= kLinearRow) {
        right_.push_back(e.right);
        merged_.push_back(e.merged);
        continue;
      }
      const std::uint32_t mask = row.count - kLinearRow - 1;
      for (std::uint32_t i = slot_in_row(e.right) & mask;; i = (i + 1) & mask) {
        std::uint64_t& slot = long_rows_[row.begin + i];
        if (slot == kEmptySlot) {
          slot = std::uint64_t{e.right} << 32 | e.merged;
          break;
        }
      }
    }
    first = last;
  }
}

}  // namespace winnow::tokenizer
