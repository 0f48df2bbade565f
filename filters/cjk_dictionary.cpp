#include "filters/cjk_dictionary.h"

#include <unicode/ucharstrie.h>
#include <unicode/udata.h>

#include <algorithm>
#include <limits>
#include <string>

#include "src/error.h"

namespace winnow::filters {
namespace {

// Layout of ICU's dictionary data (the int32 indexes before the trie), as ICU's gendict writes it.
constexpr int kIndexTrieOffset = 0;  // byte offset of the trie from the start of the data
constexpr int kIndexTrieType = 4;    // trie kind (low 3 bits: 1 = UCharsTrie) | 8 when it holds values
constexpr int kIndexTransform = 5;   // 0: words stored as they are (no byte transform)
constexpr std::int32_t kTrieTypeMask = 7, kTrieTypeUChars = 1, kTrieHasValues = 8;

// ICU CjkBreakEngine's constants (see the header for what they mean).
constexpr std::size_t kMaxWordUnits = 20;
constexpr std::uint32_t kUnknownCharCost = 255;
constexpr std::size_t kMaxKatakanaRun = 20;
constexpr std::uint32_t kKatakanaRunCost[] = {8192, 984, 408, 240, 204, 252, 300, 372, 480};
constexpr std::uint32_t kLongKatakanaRunCost = 8192;

bool is_katakana(char32_t c) { return (c >= 0x30A1 && c <= 0x30FE && c != 0x30FB) || (c >= 0xFF66 && c <= 0xFF9F); }

std::uint32_t katakana_run_cost(std::size_t length) {
  return length < std::size(kKatakanaRunCost) ? kKatakanaRunCost[length] : kLongKatakanaRunCost;
}

}  // namespace

struct CjkDictionary::Data {
  UDataMemory* file = nullptr;
  const char16_t* trie = nullptr;
  // What the trie says after each BMP first character: first()'s result, the value if it has one, and the
  // state to continue from.
  std::vector<std::uint8_t> first_result;
  std::vector<std::int32_t> first_value;
  std::vector<icu::UCharsTrie::State> after_first;
};

CjkDictionary::CjkDictionary() : data_(new Data) {
  UErrorCode status = U_ZERO_ERROR;
  data_->file = udata_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", "dict", "cjdict", &status);
  if (U_FAILURE(status)) {
    delete data_;
    throw Error(std::string("ICU's CJK dictionary (brkitr cjdict.dict): ") + u_errorName(status));
  }
  const auto* bytes = static_cast<const std::uint8_t*>(udata_getMemory(data_->file));
  const auto* indexes = reinterpret_cast<const std::int32_t*>(bytes);
  if ((indexes[kIndexTrieType] & kTrieTypeMask) != kTrieTypeUChars || !(indexes[kIndexTrieType] & kTrieHasValues) ||
      indexes[kIndexTransform] != 0) {
    udata_close(data_->file);
    delete data_;
    throw Error("ICU's CJK dictionary: not a UCharsTrie with values (unknown data layout)");
  }
  data_->trie = reinterpret_cast<const char16_t*>(bytes + indexes[kIndexTrieOffset]);
  data_->first_result.assign(0x10000, USTRINGTRIE_NO_MATCH);
  data_->first_value.assign(0x10000, 0);
  data_->after_first.resize(0x10000);
  icu::UCharsTrie trie(data_->trie);
  for (char32_t c = 0; c < 0x10000; ++c) {
    const UStringTrieResult result = trie.first(static_cast<std::int32_t>(c));
    data_->first_result[c] = static_cast<std::uint8_t>(result);
    if (USTRINGTRIE_HAS_VALUE(result)) data_->first_value[c] = trie.getValue();
    if (result == USTRINGTRIE_NO_VALUE || result == USTRINGTRIE_INTERMEDIATE_VALUE) trie.saveState(data_->after_first[c]);
  }
}

CjkDictionary::~CjkDictionary() {
  udata_close(data_->file);
  delete data_;
}

const CjkDictionary& CjkDictionary::instance() {
  static const CjkDictionary dictionary;
  return dictionary;
}

void CjkDictionary::segment(const char32_t* run, std::size_t n, std::vector<std::uint32_t>& word_ends) const {
  constexpr std::uint32_t kUnreached = std::numeric_limits<std::uint32_t>::max();
  // best_cost[i]: least cost of a segmentation of run[0..i); word_start[i]: where its last word starts.
  thread_local std::vector<std::uint32_t> best_cost;
  thread_local std::vector<std::uint32_t> word_start;
  best_cost.assign(n + 1, kUnreached);
  word_start.assign(n + 1, 0);
  best_cost[0] = 0;
  const auto relax = [](std::size_t from, std::size_t to, std::uint32_t cost) {
    const std::uint32_t total = best_cost[from] + cost;
    if (total < best_cost[to]) {
      best_cost[to] = total;
      word_start[to] = static_cast<std::uint32_t>(from);
    }
  };
  icu::UCharsTrie trie(data_->trie);
  bool previous_katakana = false;
  for (std::size_t i = 0; i < n; ++i) {
    // Every position is reached (each character is at least a one-character word), so no unreached check.
    const char32_t first = run[i];
    bool one_char_word = false;
    if (first < 0x10000 && data_->first_result[first] != USTRINGTRIE_NO_MATCH) {
      const auto result = static_cast<UStringTrieResult>(data_->first_result[first]);
      if (USTRINGTRIE_HAS_VALUE(result)) {
        relax(i, i + 1, static_cast<std::uint32_t>(data_->first_value[first]));
        one_char_word = true;
      }
      if (result != USTRINGTRIE_FINAL_VALUE) {
        trie.resetToState(data_->after_first[first]);
        for (std::size_t k = i + 1; k < n && k - i < kMaxWordUnits; ++k) {
          if (run[k] >= 0x10000) break;  // ICU's trie walk takes UTF-16 units one by one: never a match
          const UStringTrieResult next = trie.next(static_cast<std::int32_t>(run[k]));
          if (USTRINGTRIE_HAS_VALUE(next)) {
            relax(i, k + 1, static_cast<std::uint32_t>(trie.getValue()));
            if (next == USTRINGTRIE_FINAL_VALUE) break;
          } else if (next == USTRINGTRIE_NO_MATCH) {
            break;
          }
        }
      }
    }
    // The unknown-character candidate: no other candidate from i ends at i + 1 then, so where ICU lists it
    // among them does not change the outcome.
    if (!one_char_word) relax(i, i + 1, kUnknownCharCost);
    const bool katakana = is_katakana(first);
    if (katakana && !previous_katakana) {
      std::size_t length = 1;
      while (i + length < n && length < kMaxKatakanaRun && is_katakana(run[i + length])) ++length;
      if (length < kMaxKatakanaRun) relax(i, i + length, katakana_run_cost(length));
    }
    previous_katakana = katakana;
  }
  word_ends.clear();
  for (std::size_t end = n; end > 0; end = word_start[end]) word_ends.push_back(static_cast<std::uint32_t>(end));
  std::reverse(word_ends.begin(), word_ends.end());
}

}  // namespace winnow::filters
