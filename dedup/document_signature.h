// doc.signature as MinHashDeduplicator::prepare() leaves it for check(), and as the staged mode's pass 1 reads
// it (dedup/staged/signature_writer.h): a header of kHeader words, then the b band keys, then the sketch packed
// 8 bytes per word (byte i of the sketch is bits 8*(i%8).. of word i/8). One layout, shared by writer and readers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace winnow::dedup::signature_layout {

constexpr std::size_t kFlags = 0;
constexpr std::size_t kScope = 1;
constexpr std::size_t kExactHigh = 2;
constexpr std::size_t kExactLow = 3;
constexpr std::size_t kUrlHigh = 4;
constexpr std::size_t kUrlLow = 5;
constexpr std::size_t kHeader = 6;
constexpr std::uint64_t kHasExact = 1;
constexpr std::uint64_t kHasUrl = 2;
constexpr std::uint64_t kHasBands = 4;

inline std::uint64_t flags_of(const std::vector<std::uint64_t>& signature) {
  return signature.size() >= kHeader ? signature[kFlags] : 0;
}

}  // namespace winnow::dedup::signature_layout
