#include "filters/cjk_dictionary.h"

#include <unicode/appendable.h>
#include <unicode/ucharstrie.h>
#include <unicode/udata.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstring>
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

// Word costs are stored in 16 bits (cjdict's are 27..251).
std::uint16_t checked_cost(std::int32_t value) {
  if (value < 0 || value > 0xFFFF) throw Error("ICU's CJK dictionary: a word cost outside 0..65535");
  return static_cast<std::uint16_t>(value);
}

std::uint32_t katakana_run_cost(std::size_t length) {
  return length < std::size(kKatakanaRunCost) ? kKatakanaRunCost[length] : kLongKatakanaRunCost;
}

}  // namespace

struct CjkDictionary::Data {
  UDataMemory* file = nullptr;
  const char16_t* trie = nullptr;
  // What the trie says after each BMP first character (first()'s result, the word's cost if it has a
  // value) and where its table of second characters is: one cache line to read per position.
  struct First {
    std::uint8_t result = USTRINGTRIE_NO_MATCH;
    std::uint16_t value = 0;
    std::uint32_t begin = 0;  // of its second-character table in steps
    std::uint32_t mask = 0;   // the table's size - 1; 0 with no table
  };
  // What the trie says after each two-character prefix of a word (both BMP), the second step of a walk and
  // the next most expensive one in ICU's trie (hundreds of branches after a common first character). For each
  // first character, a small open-addressing hash table of its second characters (a power of two at least twice
  // their number, from firsts[first].begin in one pool; 0, which ends no prefix, marks an empty slot), each
  // slot holding what the trie says after the pair: one cache line read per lookup, and the tables of the
  // common first characters stay in cache. Measured faster than a binary search among the second
  // characters (mispredicted branches) and than one hash table of all pairs (a cache miss per lookup).
  //
  // A pair that some longer word continues holds where its third characters are: a run of `thirds`, the
  // steps after each three-character prefix, sorted by the third character (71% of such pairs have one, 86%
  // at most two: a short scan of one cache line). Walking ICU's trie for the third character cost ~115
  // instructions a step and a cache miss in its 2 MB; most such steps end there (no word goes on).
  //
  // Where the walk goes on after three characters is kept in the third's step itself (the trie position as an
  // offset and ICU's count of units left in a linear node), so that continuing a word past its third
  // character reads the step and then the trie, not a table of ICU `State`s in between (a load that missed;
  // see docs/FILTERS.md "Third round"). That needs the members of ICU's `UCharsTrie::State` (private, but
  // plain data: the trie, the position, the units left), mirrored by `TrieState` and checked at load; should
  // the check fail, or the offset not fit, the step holds an index into `after_prefix` instead.
  struct Step {
    char16_t second = 0;      // the character of this step (the third one in `thirds`)
    std::uint16_t value = 0;  // the word's cost when `result` has a value
    // bits 0-1 UStringTrieResult. A pair that continues: bits 8-31 the index of its first third in `thirds`,
    // bits 3-7 how many (kManyThirds: more, their number in the state_result of a header step before them).
    // A third that continues: bit 2 set: bits 8-31 are the trie offset and bits 3-7 the units left + 1;
    // clear: bits 8-31 are an index into after_prefix.
    std::uint32_t state_result = 0;
  };
  static constexpr std::uint32_t kResultMask = 3, kInlineState = 4, kLeftShift = 3, kLeftMask = 31;
  static constexpr std::uint32_t kStateShift = 8, kMaxStateField = (1u << 24) - 1;
  static constexpr std::uint32_t kCountShift = 3, kManyThirds = 31, kScanThirds = 8;
  // ICU 72's UCharsTrie::State members, in order (unicode/ucharstrie.h).
  struct TrieState {
    const char16_t* uchars;
    const char16_t* pos;
    std::int32_t remaining_match_length;
  };
  static_assert(sizeof(TrieState) == sizeof(icu::UCharsTrie::State));
  bool inline_states = false;  // TrieState matches ICU's State (checked at load)
  std::vector<First> firsts;
  std::vector<Step> steps;
  // A Bloom filter of the pairs that have a step (two bits of one 64-bit word each, 2^21 bits: 256 KB, ~3%
  // false positives for cjdict's 186k pairs), asked before a pair's slot: about half the pairs of a text
  // start no word, and their slot, in 4 MB of tables, was the dynamic program's most expensive load.
  static constexpr unsigned kPairFilterWordBits = 15;  // 2^15 words of 64 bits
  std::vector<std::uint64_t> pair_filter = std::vector<std::uint64_t>(std::size_t{1} << kPairFilterWordBits);
  // The pair's word from the top bits of a multiplicative hash, its two bits from the 12 bits below them.
  static std::uint64_t pair_hash(char32_t first, char32_t second) {
    return (static_cast<std::uint64_t>(first) << 16 | second) * 0x9E3779B97F4A7C15ULL;
  }
  static std::size_t pair_word(std::uint64_t hash) { return static_cast<std::size_t>(hash >> (64 - kPairFilterWordBits)); }
  static std::uint64_t pair_bits(std::uint64_t hash) {
    constexpr unsigned kLow = 64 - kPairFilterWordBits - 12;
    return std::uint64_t{1} << ((hash >> kLow) & 63) | std::uint64_t{1} << ((hash >> (kLow + 6)) & 63);
  }
  void add_pair(char32_t first, char32_t second) {
    const std::uint64_t hash = pair_hash(first, second);
    pair_filter[pair_word(hash)] |= pair_bits(hash);
  }
  bool may_have_pair(char32_t first, char32_t second) const {
    const std::uint64_t hash = pair_hash(first, second), bits = pair_bits(hash);
    return (pair_filter[pair_word(hash)] & bits) == bits;
  }
  std::vector<Step> thirds;
  std::vector<icu::UCharsTrie::State> after_prefix;

  static TrieState read_state(const icu::UCharsTrie::State& state) {
    TrieState mirror;
    std::memcpy(&mirror, &state, sizeof mirror);
    return mirror;
  }
  // Where the trie stands after the three characters of `third` (REQUIRES: a word continues them).
  void state_after(const Step& third, icu::UCharsTrie::State& state) const {
    if (third.state_result & kInlineState) {
      const TrieState mirror{trie, trie + (third.state_result >> kStateShift),
                             static_cast<std::int32_t>((third.state_result >> kLeftShift) & kLeftMask) - 1};
      std::memcpy(static_cast<void*>(&state), &mirror, sizeof mirror);
    } else {
      state = after_prefix[third.state_result >> kStateShift];
    }
  }
  // The step of the third character `c` after the pair of `pair` (REQUIRES: the pair continues), or null.
  const Step* third_step(const Step& pair, char32_t c) const {
    const Step* run = thirds.data() + (pair.state_result >> kStateShift);
    std::uint32_t count = (pair.state_result >> kCountShift) & kLeftMask;
    if (count == kManyThirds) count = (run++)->state_result;
    if (count <= kScanThirds) {
      for (std::uint32_t k = 0; k < count; ++k) {
        if (run[k].second >= c) return run[k].second == c ? &run[k] : nullptr;
      }
      return nullptr;
    }
    const Step* found = std::lower_bound(run, run + count, c, [](const Step& step, char32_t x) { return step.second < x; });
    return found != run + count && found->second == c ? found : nullptr;
  }

  // Appends the steps of the third characters after a pair (the trie at `after_pair`) to `thirds` and
  // points the pair's step at them.
  void add_thirds(icu::UCharsTrie& walk, const icu::UCharsTrie::State& after_pair, Step& pair) {
    icu::UnicodeString units;
    icu::UnicodeStringAppendable appendable(units);
    walk.resetToState(after_pair);
    walk.getNextUChars(appendable);
    std::vector<Step> found;
    for (std::int32_t k = 0; k < units.length(); ++k) {
      const char16_t third = units[k];
      walk.resetToState(after_pair);
      const UStringTrieResult next = walk.next(third);
      if (next == USTRINGTRIE_NO_MATCH) continue;
      Step step;
      step.second = third;
      if (USTRINGTRIE_HAS_VALUE(next)) step.value = checked_cost(walk.getValue());
      step.state_result = static_cast<std::uint32_t>(next);
      if (next != USTRINGTRIE_FINAL_VALUE) step.state_result |= state_field(walk);
      found.push_back(step);
    }
    if (found.empty()) throw Error("ICU's CJK dictionary: a word prefix that no word continues");
    std::sort(found.begin(), found.end(), [](const Step& a, const Step& b) { return a.second < b.second; });
    if (thirds.size() > kMaxStateField) throw Error("ICU's CJK dictionary: too many word prefixes");
    pair.state_result |= static_cast<std::uint32_t>(thirds.size()) << kStateShift;
    if (found.size() < kManyThirds) {
      pair.state_result |= static_cast<std::uint32_t>(found.size()) << kCountShift;
    } else {
      pair.state_result |= kManyThirds << kCountShift;
      Step header;
      header.state_result = static_cast<std::uint32_t>(found.size());
      thirds.push_back(header);
    }
    thirds.insert(thirds.end(), found.begin(), found.end());
  }
  // Where the trie `walk` stands, as a step's bits 2-31 (see Step).
  std::uint32_t state_field(const icu::UCharsTrie& walk) {
    icu::UCharsTrie::State state;
    walk.saveState(state);
    const TrieState mirror = read_state(state);
    const std::ptrdiff_t offset = mirror.pos - trie;
    const std::int32_t left = mirror.remaining_match_length;
    if (inline_states && offset >= 0 && offset <= kMaxStateField && left >= -1 &&
        left + 1 <= static_cast<std::int32_t>(kLeftMask)) {
      return static_cast<std::uint32_t>(offset) << kStateShift | kInlineState |
             static_cast<std::uint32_t>(left + 1) << kLeftShift;
    }
    if (after_prefix.size() > kMaxStateField) throw Error("ICU's CJK dictionary: too many word prefixes");
    after_prefix.push_back(state);
    return static_cast<std::uint32_t>(after_prefix.size() - 1) << kStateShift;
  }

  static std::uint32_t slot_of(char32_t second) { return (static_cast<std::uint32_t>(second) * 0x9E3779B1u) >> 16; }
  void prefetch(char32_t first, char32_t second) const {
    const First& table = firsts[first];
    __builtin_prefetch(steps.data() + table.begin + (slot_of(second) & table.mask));
  }
  const Step* second_step(char32_t first, char32_t second) const {
    const First& table = firsts[first];
    if (table.mask == 0) return nullptr;
    const Step* slots = steps.data() + table.begin;
    for (std::uint32_t i = slot_of(second) & table.mask;; i = (i + 1) & table.mask) {
      if (slots[i].second == second) return &slots[i];
      if (slots[i].second == 0) return nullptr;
    }
  }
};

CjkDictionary::CjkDictionary(TrieStates states) : data_(new Data) {
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
  {
    // Is ICU's State the three members TrieState mirrors? A fresh trie's state: at the root, no linear node.
    icu::UCharsTrie root(data_->trie);
    icu::UCharsTrie::State state;
    root.saveState(state);
    const Data::TrieState mirror = Data::read_state(state);
    data_->inline_states =
        states == TrieStates::in_slots_when_possible && mirror.uchars == data_->trie && mirror.pos == data_->trie && mirror.remaining_match_length == -1;
  }
  data_->firsts.assign(0x10000, Data::First{});
  std::vector<icu::UCharsTrie::State> after_first(0x10000);
  icu::UCharsTrie trie(data_->trie);
  for (char32_t c = 0; c < 0x10000; ++c) {
    const UStringTrieResult result = trie.first(static_cast<std::int32_t>(c));
    data_->firsts[c].result = static_cast<std::uint8_t>(result);
    if (USTRINGTRIE_HAS_VALUE(result)) data_->firsts[c].value = checked_cost(trie.getValue());
    if (result == USTRINGTRIE_NO_VALUE || result == USTRINGTRIE_INTERMEDIATE_VALUE) trie.saveState(after_first[c]);
  }
  std::vector<Data::Step> children;
  icu::UnicodeString next_units;
  for (char32_t first = 0; first < 0x10000; ++first) {
    const auto result = static_cast<UStringTrieResult>(data_->firsts[first].result);
    if (result != USTRINGTRIE_NO_VALUE && result != USTRINGTRIE_INTERMEDIATE_VALUE) continue;
    next_units.remove();
    icu::UnicodeStringAppendable appendable(next_units);
    trie.resetToState(after_first[first]);
    trie.getNextUChars(appendable);
    children.clear();
    for (std::int32_t k = 0; k < next_units.length(); ++k) {
      const char16_t second = next_units[k];
      trie.resetToState(after_first[first]);
      const UStringTrieResult next = trie.next(second);
      if (next == USTRINGTRIE_NO_MATCH || second == 0) continue;
      Data::Step step;
      step.second = second;
      if (USTRINGTRIE_HAS_VALUE(next)) {
        step.value = checked_cost(trie.getValue());
      }
      step.state_result = static_cast<std::uint32_t>(next);
      if (next != USTRINGTRIE_FINAL_VALUE) {
        icu::UCharsTrie::State after_pair;
        trie.saveState(after_pair);
        data_->add_thirds(trie, after_pair, step);
      }
      children.push_back(step);
    }
    if (children.empty()) continue;
    std::uint32_t size = 2;
    while (size < children.size() * 2) size *= 2;
    Data::First& table = data_->firsts[first];
    table.begin = static_cast<std::uint32_t>(data_->steps.size());
    table.mask = size - 1;
    data_->steps.resize(data_->steps.size() + size);
    Data::Step* slots = data_->steps.data() + table.begin;
    for (const Data::Step& step : children) {
      data_->add_pair(first, step.second);
      std::uint32_t i = Data::slot_of(step.second) & table.mask;
      while (slots[i].second != 0) i = (i + 1) & table.mask;
      slots[i] = step;
    }
  }
}

CjkDictionary::~CjkDictionary() {
  udata_close(data_->file);
  delete data_;
}

const CjkDictionary& CjkDictionary::instance() {
  static const CjkDictionary dictionary(TrieStates::in_slots_when_possible);
  return dictionary;
}

bool CjkDictionary::trie_states_in_slots() const { return data_->inline_states; }

void CjkDictionary::segment(const char32_t* run, std::size_t n, std::vector<std::uint32_t>& word_ends) const {
  constexpr std::uint32_t kUnreached = std::numeric_limits<std::uint32_t>::max();
  // best_cost[i]: least cost of a segmentation of run[0..i); word_start[i]: where its last word starts.
  thread_local std::vector<std::uint32_t> best_cost;
  thread_local std::vector<std::uint32_t> word_start;
  best_cost.assign(n + 1, kUnreached);
  word_start.assign(n + 1, 0);
  best_cost[0] = 0;
  // Plain pointers: through the thread_local vectors, every access reloaded the vector's data pointer.
  std::uint32_t* const cost_to = best_cost.data();
  std::uint32_t* const start_of = word_start.data();
  const auto relax = [cost_to, start_of](std::size_t from, std::size_t to, std::uint32_t cost) {
    const std::uint32_t total = cost_to[from] + cost;
    if (total < cost_to[to]) {
      cost_to[to] = total;
      start_of[to] = static_cast<std::uint32_t>(from);
    }
  };
  icu::UCharsTrie trie(data_->trie);
  icu::UCharsTrie::State prefix_state;
  bool previous_katakana = false;
  for (std::size_t i = 0; i < n; ++i) {
    // Every position is reached (each character is at least a one-character word), so no unreached check.
    const char32_t first = run[i];
    bool one_char_word = false;
    // The table lookups of the next positions are cache misses when not started early: start the first
    // character's of position i + 2 and the second character's of position i + 1 (whose first was started
    // one step ago) now. Measured: see docs/FILTERS.md.
    if (i + 2 < n && run[i + 1] < 0x10000 && run[i + 2] < 0x10000) {
      __builtin_prefetch(&data_->firsts[run[i + 2]]);
      if (data_->may_have_pair(run[i + 1], run[i + 2])) data_->prefetch(run[i + 1], run[i + 2]);
    }
    if (first < 0x10000 && data_->firsts[first].result != USTRINGTRIE_NO_MATCH) {
      const auto result = static_cast<UStringTrieResult>(data_->firsts[first].result);
      if (USTRINGTRIE_HAS_VALUE(result)) {
        relax(i, i + 1, data_->firsts[first].value);
        one_char_word = true;
      }
      if (result != USTRINGTRIE_FINAL_VALUE && i + 1 < n && run[i + 1] < 0x10000 &&
          data_->may_have_pair(first, run[i + 1])) {
        const Data::Step* step = data_->second_step(first, run[i + 1]);
        if (step) {
          const auto second = static_cast<UStringTrieResult>(step->state_result & Data::kResultMask);
          if (USTRINGTRIE_HAS_VALUE(second)) relax(i, i + 2, step->value);
          const Data::Step* third = nullptr;
          if ((second == USTRINGTRIE_NO_VALUE || second == USTRINGTRIE_INTERMEDIATE_VALUE) && i + 2 < n &&
              run[i + 2] < 0x10000) {
            third = data_->third_step(*step, run[i + 2]);
          }
          const auto after_third = third ? static_cast<UStringTrieResult>(third->state_result & Data::kResultMask)
                                         : USTRINGTRIE_NO_MATCH;
          if (USTRINGTRIE_HAS_VALUE(after_third)) relax(i, i + 3, third->value);
          if (after_third == USTRINGTRIE_NO_VALUE || after_third == USTRINGTRIE_INTERMEDIATE_VALUE) {
            data_->state_after(*third, prefix_state);
            trie.resetToState(prefix_state);
            for (std::size_t k = i + 3; k < n && k - i < kMaxWordUnits; ++k) {
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
