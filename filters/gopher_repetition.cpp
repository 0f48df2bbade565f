#include "filters/gopher_repetition.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

// XXH3 inlined: lines, paragraphs, long words and duplicated n-gram candidates are hashed one call each,
// most of them short, where the call into libxxhash cost as much as the hash (same values: the same code).
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "filters/annotation.h"
#include "filters/char_class.h"
#include "filters/exact_hash_set.h"
#include "filters/text_analysis.h"

namespace winnow::filters {
namespace {

double ratio(double part, double whole) { return whole == 0 ? 0 : part / whole; }

// The distinct words of a document, each numbered (0, 1, 2, ... in order of first occurrence), for WordIds.
//
// A word of up to 15 bytes is its own key: its bytes zero-padded to 15 and 0x80 + its length in the 16th byte,
// as two integers, so equal keys <=> equal words, and a lookup compares two integers (no call, no memcmp: XXH3
// through the shared library and memcmp were most of the cost of an earlier version; most words are short).
// A longer word's key is its XXH3 and its length (top bit 0: never equal to a short word's key); equal keys
// are confirmed on the bytes of the word's first occurrence.
// The table is open-addressed (linear probing) over 8-byte slots, at most 1/4 full:
//   bits 32..63 the number,
//   bits 16..31 the generation (a slot of another generation is empty: no clearing per document),
//   bits 0..15  a tag (16 bits of the key's hash: most other words' slots are passed without reading their entry),
// so that one 32-bit comparison finds a live slot of the same tag.
// It starts with room for 256 words and grows x4 (reinserting the keys): a document has far fewer distinct
// words than words, and a table sized by its words would not stay in L1.
class DistinctWords {
 public:
  struct Key {
    std::uint64_t lo, hi;
  };
  struct Entry {  // per number
    Key key;
    std::uint32_t count;  // occurrences so far
    std::uint32_t begin;  // long words: where the first occurrence begins in the words' buffer (not set for
                          // short words, whose key is the word: one store less per new word, and one value
                          // less for the lookup loop to keep)
  };
  // What the lookup loop works with, copied to locals (see WordIds::build). Valid until the next reset or grow.
  struct Table {
    std::uint64_t* slots;
    Entry* entries;
    std::size_t mask;         // slots in use - 1
    std::uint32_t generation;  // << 16: bits 16..31 of the live slots
    std::uint32_t limit;      // numbers before the table must grow (a quarter of the slots in use)
  };
  // Empties the table, with room for `expected` distinct words. Only the first `capacity` slots are used, so a
  // short document after a long one stays in L1.
  Table reset(std::size_t expected) {
    std::size_t capacity = 64;
    while (capacity < 4 * expected) capacity *= 2;
    // A table grown for one huge document gives the memory back when it is 64x larger than this one needs
    // (as ExactHashSet does): all zeros again, generation 0.
    if (slots_.size() > (std::size_t{1} << 16) && slots_.size() > 64 * capacity) {
      std::vector<std::uint64_t>(capacity, 0).swap(slots_);
      std::vector<Entry>(capacity / 4).swap(entries_);
      generation_ = 0;
    }
    return table(capacity);
  }
  // Grows x4 and reinserts the first `count` numbers (all different: only empty slots are looked for).
  Table grow(std::uint32_t count) {
    const Table t = table(4 * (mask_ + 1));
    for (std::uint32_t number = 0; number < count; ++number) {
      const std::uint64_t h = hash(t.entries[number].key);
      std::size_t at = slot_index(h) & t.mask;
      while (!empty(t.slots[at], t.generation)) at = (at + 1) & t.mask;
      t.slots[at] = slot(live(h, t.generation), number);
    }
    return t;
  }

  static constexpr std::size_t kMaxShort = 15;  // bytes
  // A short word's key from 16 bytes at `p` (only the first `size` are its own). REQUIRES: size <= 15.
  static Key short_key(const char* p, std::size_t size) {
    // Element `size`: which bytes of each half are the word's own, and the length byte (one table: one address).
    struct Masks {
      std::uint64_t low, high, length;
    };
    static constexpr auto kMasks = [] {
      std::array<Masks, 16> masks{};
      for (std::size_t size = 0; size < 16; ++size) {
        masks[size].low = size >= 8 ? ~0ULL : (std::uint64_t{1} << (8 * size)) - 1;
        masks[size].high = size <= 8 ? 0 : (std::uint64_t{1} << (8 * (size - 8))) - 1;
        masks[size].length = (0x80 | std::uint64_t{size}) << 56;
      }
      return masks;
    }();
    const Masks& m = kMasks[size];
    Key k;
    std::memcpy(&k.lo, p, 8);
    std::memcpy(&k.hi, p + 8, 8);
    k.lo &= m.low;
    k.hi = (k.hi & m.high) | m.length;
    return k;
  }
  static Key long_key(const char* p, std::size_t size) { return Key{XXH3_64bits(p, size), size}; }
  // Two multiplies, not mix_bits' rounds: a weak hash costs probes, never an answer.
  static std::uint64_t hash(const Key& k) { return k.lo * 0x9e3779b97f4a7c15ULL ^ k.hi * 0xc2b2ae3d27d4eb4fULL; }
  // The slot from the hash's low bits after a fold (a product's low bits depend only on its inputs' low bits).
  static std::size_t slot_index(std::uint64_t h) { return h ^ (h >> 29); }
  // A live slot's low half: the generation and the tag (the hash's top 16 bits; its low bits chose the slot).
  static std::uint32_t live(std::uint64_t h, std::uint32_t generation) {
    return generation | static_cast<std::uint32_t>(h >> 48);
  }
  static std::uint64_t slot(std::uint32_t live, std::uint32_t number) { return std::uint64_t{number} << 32 | live; }
  // A slot of another generation is empty.
  static bool empty(std::uint64_t slot, std::uint32_t generation) {
    return ((static_cast<std::uint32_t>(slot) ^ generation) >> 16) != 0;
  }
  // Whether two long words' bytes are equal. REQUIRES: size >= 8. Inline (no memcmp call in the lookup loop).
  static bool same_bytes(const char* a, const char* b, std::size_t size) {
    std::uint64_t x, y;
    for (std::size_t k = 0; k + 8 < size; k += 8) {
      std::memcpy(&x, a + k, 8);
      std::memcpy(&y, b + k, 8);
      if (x != y) return false;
    }
    std::memcpy(&x, a + size - 8, 8);  // the last 8 bytes (overlapping the loop's)
    std::memcpy(&y, b + size - 8, 8);
    return x == y;
  }

 private:
  // A new generation over `capacity` slots (when the 16-bit generation wraps, every slot is zeroed once).
  Table table(std::size_t capacity) {
    if (slots_.size() < capacity) slots_.resize(capacity, 0);
    if (++generation_ == 0x10000) {
      std::fill(slots_.begin(), slots_.end(), 0);
      generation_ = 1;
    }
    const std::size_t numbers = capacity / 4;
    if (entries_.size() < numbers) entries_.resize(numbers);
    mask_ = capacity - 1;
    return Table{slots_.data(), entries_.data(), mask_, generation_ << 16, static_cast<std::uint32_t>(numbers)};
  }
  std::vector<std::uint64_t> slots_;
  std::vector<Entry> entries_;
  std::size_t mask_ = 0;
  std::uint32_t generation_ = 0;  // 1 .. 0xFFFF; zeroed slots are of generation 0
};

// What the n-gram rules need about a document's words, computed in one pass over them: an id per word (equal
// words, equal ids) and each id's frequency (formerly NGramPrefixes, when it also held prefix hashes).
//
// Top n-grams compare " ".join(n words), which (words have no whitespace) is equal exactly when the word
// sequences are: their key is a polynomial of the words' ids (arithmetic modulo 2^64),
//   key(i, n) = sum over k < n of (id(word i+k) + 1) * K^(n-1-k),
// computed where it is needed (the top n-gram candidates, few after the first levels), not as prefix sums
// over every word.
// Duplicated n-grams compare "".join(n words) (where "ab"+"c" equals "a"+"bc"): a contiguous range of the
// words' buffer, hashed where it is needed (duplicated_n_gram_chars), which is at few positions.
// Ids are DistinctWords' numbers. Keys only choose slots in ExactHashSet; equality is always confirmed on the
// words themselves, so a weak or colliding key (polynomials modulo 2^64 have known collisions) costs time,
// never a wrong count.
struct WordIds {
  const Words* source_words = nullptr;  // of the last build()
  std::vector<std::uint32_t> id;       // per word: equal words, equal ids
  const DistinctWords::Entry* distinct = nullptr;  // per id: its count is the word's occurrences in the document

  static constexpr std::uint64_t kWordBase = 0x9e3779b97f4a7c15ULL;  // K (odd)

  void build(const Words& words) {
    source_words = &words;
    const std::size_t n = words.size();
    id.resize(n);
    thread_local DistinctWords table_of_words;
    DistinctWords::Table table = table_of_words.reset(std::min<std::size_t>(n, 256));
    // Keys are loaded 16 bytes at a time from each word's start: the last words (those that begin in the
    // buffer's last 15 bytes, all short) read a zero-padded copy of the buffer's end instead.
    const std::string_view all = words.bytes();
    std::size_t safe = n;
    while (safe > 0 && all.size() - (safe == 1 ? 0 : words.byte_end(safe - 2)) < 16) --safe;
    const std::size_t tail_begin = all.size() < 16 ? 0 : all.size() - 16;
    char tail[32] = {};
    std::memcpy(tail, all.data() + tail_begin, all.size() - tail_begin);
    std::uint32_t next = 0;
    std::size_t j = 0;
    while (j < safe) {
      j = assign_ids<false>(words, all.data(), j, safe, table, next, nullptr, 0);
      if (next == table.limit) table = table_of_words.grow(next);
    }
    while (j < n) {
      j = assign_ids<true>(words, all.data(), j, n, table, next, tail, tail_begin);
      if (next == table.limit) table = table_of_words.grow(next);
    }
    distinct = table.entries;
  }
  // The id of a word of more than 15 bytes (about 1% of English words), out of assign_ids' loop: XXH3 and the
  // byte comparison inlined there made the compiler spill the short words' values.
  // Returns `number` when the word is new (the caller counts it).
  [[gnu::noinline]] static std::uint32_t long_word_id(const char* base, std::uint32_t begin, std::size_t size,
                                                      const DistinctWords::Table& table, std::uint32_t number) {
    const char* const word = base + begin;
    const DistinctWords::Key key = DistinctWords::long_key(word, size);
    const std::uint64_t h = DistinctWords::hash(key);
    const std::uint32_t live = DistinctWords::live(h, table.generation);
    for (std::size_t at = DistinctWords::slot_index(h) & table.mask;; at = (at + 1) & table.mask) {
      const std::uint64_t slot = table.slots[at];
      if (DistinctWords::empty(slot, table.generation)) {
        table.entries[number] = DistinctWords::Entry{key, 1, begin};
        table.slots[at] = DistinctWords::slot(live, number);
        return number;
      }
      if (static_cast<std::uint32_t>(slot) != live) continue;  // another tag
      DistinctWords::Entry& e = table.entries[slot >> 32];
      if (e.key.lo == key.lo && e.key.hi == key.hi && DistinctWords::same_bytes(base + e.begin, word, size)) {
        ++e.count;
        return static_cast<std::uint32_t>(slot >> 32);
      }
    }
  }
  // Gives words j .. end-1 their ids (new words the next numbers, from `next`); stops at `end` or where the
  // table may be full (the caller grows it if it is). Short words' keys are read at their place in `base`, or
  // (kFromCopy) in `copy`, which holds the buffer from `copy_begin`. Everything the loop touches is an argument
  // or a local (no thread_local, no call but for long words), so little is reloaded or spilled per word.
  template <bool kFromCopy>
  std::size_t assign_ids(const Words& words, const char* base, std::size_t j, std::size_t end,
                         const DistinctWords::Table& table, std::uint32_t& next, const char* copy,
                         std::size_t copy_begin) {
    std::uint32_t* const ids = id.data();
    std::uint64_t* const slots = table.slots;
    DistinctWords::Entry* const entries = table.entries;
    const std::size_t mask = table.mask;
    const std::uint32_t generation = table.generation;
    std::uint32_t number = next;
    std::uint32_t begin = j == 0 ? 0 : words.byte_end(j - 1);
    // At most one new number per word: up to `stop` the table cannot fill (one bound to check per word).
    const std::size_t stop = std::min<std::size_t>(end, j + (table.limit - number));
    for (; j < stop; ++j) {
      const std::uint32_t word_end = words.byte_end(j);
      const std::size_t size = word_end - begin;
      if (size > DistinctWords::kMaxShort) [[unlikely]] {
        const std::uint32_t word_id = long_word_id(base, begin, size, table, number);
        ids[j] = word_id;
        number += word_id == number;
      } else {
        const DistinctWords::Key key =
            DistinctWords::short_key(kFromCopy ? copy + (begin - copy_begin) : base + begin, size);
        const std::uint64_t h = DistinctWords::hash(key);
        const std::uint32_t live = DistinctWords::live(h, generation);
        for (std::size_t at = DistinctWords::slot_index(h) & mask;; at = (at + 1) & mask) {
          const std::uint64_t slot = slots[at];
          if (static_cast<std::uint32_t>(slot) == live) {  // this generation, this tag: compare the words
            DistinctWords::Entry& e = entries[slot >> 32];
            if (e.key.lo == key.lo && e.key.hi == key.hi) {
              ++e.count;
              ids[j] = static_cast<std::uint32_t>(slot >> 32);
              break;
            }
          } else if (DistinctWords::empty(slot, generation)) {
            entries[number].key = key;  // `begin` is read for long words only (long_word_id)
            entries[number].count = 1;
            slots[at] = DistinctWords::slot(live, number);
            ids[j] = number++;
            break;
          }
        }
      }
      begin = word_end;
    }
    next = number;
    return j;
  }
  std::uint64_t top_key(std::size_t i, std::size_t n) const {
    std::uint64_t key = 0;
    for (std::size_t k = i; k < i + n; ++k) key = key * kWordBase + id[k] + 1;
    return key;
  }
  // Code points of words i..i+n-1 (each word's len; a duplicate found or the top n-gram, not every position).
  std::size_t chars(std::size_t i, std::size_t n) const {
    std::size_t total = 0;
    for (std::size_t k = i; k < i + n; ++k) total += source_words->chars(k);
    return total;
  }
};

// Which of a document's n-gram keys occur more than once, in two bitmaps of 32 bits per n-gram (8 bytes per
// word: a 10,000-word document's bitmaps stay in L1/L2, where the hash set's 64 bytes per item do not).
// An n-gram whose key is alone in its bit is alone in the document (equal n-grams have equal keys), so it can
// never be found again: the rules skip its hash-set probe (and insert), the cost of ~10 probes per word that
// dominated this filter. A shared bit (another key, or ~3% by chance) only means "probe as before", so the
// answers stay exact. In prose nearly every 5..10-gram and most 2..4-grams are alone.
class RepeatedKeys {
 public:
  template <class Key>
  void build(std::size_t count, Key&& key) {
    std::size_t bits = 64;
    // At most 2^32 bits (a 512 MB-line's words), so that a bit fits bits_; fewer bits a key only mean more
    // shared bits, more probes, the same answers.
    while (bits < 32 * count && bits < (std::uint64_t{1} << 32)) bits *= 2;
    shift_ = 64 - std::countr_zero(bits);
    const int shift = shift_;
    // Zeroed with fill_n (a memset): assign() on a grown size filled the new part by copying word by word.
    const std::size_t words = bits / 64;
    if (seen_.size() < words) {
      seen_.resize(words);
      repeated_.resize(words);
    }
    std::fill_n(seen_.data(), words, 0);
    std::fill_n(repeated_.data(), words, 0);
    std::size_t collisions = 0;
    bits_.resize(count);
    // Through local copies: the stores below may alias an int (shift_), which the compiler then reloaded
    // through the thread pointer for every key.
    std::uint32_t* const bits_at = bits_.data();
    std::uint64_t* const seen_at = seen_.data();
    std::uint64_t* const repeated_at = repeated_.data();
    for (std::size_t i = 0; i < count; ++i) {
      // The high bits of a multiplicative hash (Fibonacci hashing): polynomial keys are well mixed at the top.
      const std::uint64_t b = (key(i) * 0x9e3779b97f4a7c15ULL) >> shift;
      bits_at[i] = static_cast<std::uint32_t>(b);
      const std::uint64_t mask = std::uint64_t{1} << (b & 63);
      // A branch, not branch-free updates of both bitmaps: a bit already set is rare (~3% of keys in prose),
      // and skipping the second bitmap's load and store for the others saved 7% of the duplicated n-gram rules'
      // instructions (sample_data's English).
      std::uint64_t& seen = seen_at[b >> 6];
      if (seen & mask) {
        ++collisions;
        repeated_at[b >> 6] |= mask;
      } else {
        seen |= mask;
      }
    }
    // A bit met k >= 2 times counts k - 1 collisions and marks k keys: at most 2 x collisions keys are marked.
    max_marked_ = 2 * collisions;
  }
  // At most this many of the keys given to build() are maybe_repeated: what the hash set behind needs room
  // for. Sizing the set by it instead of by every n-gram keeps it small (in cache) when few keys repeat.
  std::size_t max_marked() const { return max_marked_; }
  // Whether the i-th key given to build() may occur more than once: its bit, kept from build() (recomputing
  // the key and its bit cost about as much again as building).
  bool maybe_repeated_at(std::size_t i) const { return bits().maybe_repeated_at(i); }
  // The same test through the arrays' addresses, for a loop that also stores (its stores could otherwise alias
  // the vectors and make the compiler reload them per key). Valid until the next build().
  struct Bits {
    const std::uint32_t* bits;
    const std::uint64_t* repeated;
    bool maybe_repeated_at(std::size_t i) const {
      const std::uint32_t b = bits[i];
      return (repeated[b >> 6] >> (b & 63)) & 1;
    }
  };
  Bits bits() const { return Bits{bits_.data(), repeated_.data()}; }

 private:
  std::vector<std::uint64_t> seen_, repeated_;
  std::vector<std::uint32_t> bits_;  // per key of the last build(): its bit (< 2^32: 32 bits per key)
  int shift_ = 58;
  std::size_t max_marked_ = 0;
};

// paragraphs = re.split("\n{2,}", text.strip()) and lines = re.split("\n+", text) (what split_on_newline_runs
// gives for each) in one scan of the text's newline runs. A run is either inside the stripped text or outside
// it (newlines are whitespace, and the stripped text begins and ends with a non-space), so a run of two or
// more inside it also cuts a paragraph.
void split_paragraphs_and_lines(std::string_view text, std::vector<std::string_view>& paragraphs,
                                std::vector<std::string_view>& lines) {
  paragraphs.clear();
  lines.clear();
  const std::string_view stripped = strip(text);  // a view into text
  const auto stripped_begin = static_cast<std::size_t>(stripped.data() - text.data());
  const std::size_t stripped_end = stripped_begin + stripped.size();
  std::size_t line_start = 0, paragraph_start = stripped_begin, i = 0;
  while (i < text.size()) {
    const void* newline = std::memchr(text.data() + i, '\n', text.size() - i);
    if (newline == nullptr) break;
    i = static_cast<std::size_t>(static_cast<const char*>(newline) - text.data());
    std::size_t j = i + 1;
    while (j < text.size() && text[j] == '\n') ++j;
    lines.push_back(text.substr(line_start, i - line_start));
    line_start = j;
    if (j - i >= 2 && i >= stripped_begin && j <= stripped_end) {
      paragraphs.push_back(text.substr(paragraph_start, i - paragraph_start));
      paragraph_start = j;
    }
    i = j;
  }
  lines.push_back(text.substr(line_start));
  paragraphs.push_back(text.substr(paragraph_start, stripped_end - paragraph_start));
}

// A key of a string from its length and its first and last 8 bytes (all of it when shorter): equal strings,
// equal keys.
std::uint64_t length_and_ends(std::string_view item) {
  std::uint64_t first = 0, last = 0;
  if (item.size() >= 8) {
    std::memcpy(&first, item.data(), 8);
    std::memcpy(&last, item.data() + item.size() - 8, 8);
  } else {
    for (std::size_t k = 0; k < item.size(); ++k) first = first << 8 | static_cast<unsigned char>(item[k]);
  }
  return (first * 0x9e3779b97f4a7c15ULL ^ last) * 0xc2b2ae3d27d4eb4fULL + item.size();
}

// datatrove's find_duplicates: (repeats of an earlier element, their characters).
// Only items whose length, first 8 and last 8 bytes are shared with another item can repeat (RepeatedKeys over
// that cheap key): the others, in prose nearly every line and paragraph, are neither hashed nor inserted.
std::pair<std::size_t, std::size_t> find_duplicates(const std::vector<std::string_view>& items) {
  // One item repeats nothing: not hashing it saves hashing the whole text when it has no paragraph break.
  if (items.size() < 2) return {0, 0};
  thread_local RepeatedKeys maybe;
  maybe.build(items.size(), [&](std::size_t i) { return length_and_ends(items[i]); });
  thread_local ExactHashSet seen;
  seen.reset(maybe.max_marked());
  std::size_t repeats = 0, chars = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!maybe.maybe_repeated_at(i)) continue;
    const std::string_view item = items[i];
    bool inserted;
    seen.find_or_insert(XXH3_64bits(item.data(), item.size()), static_cast<std::uint32_t>(i),
                        [&](std::uint32_t other) { return items[other] == item; }, inserted);
    if (!inserted) {
      ++repeats;
      chars += code_point_count(item);
    }
  }
  return {repeats, chars};
}

// The positions whose word n-gram may occur more than once in the document, for n = 1, 2, 3, ...: a superset
// of the positions of repeated n-grams (Apriori). An n-gram that occurs twice contains two (n-1)-grams that
// each occur twice (at both places), so level n's candidates are the positions i where i and i+1 were level
// n-1 candidates; level 1's are the words that occur more than once. Each level is then narrowed by its keys
// (RepeatedKeys over the candidates only: equal n-grams, equal keys). In prose, few 3- and 4-grams survive,
// so the top 3- and 4-gram rules look at a few positions instead of every word.
class TopCandidates {
 public:
  // A new document: nothing is computed until at_level asks.
  void start() { level_ = 0; }
  std::size_t level() const { return level_; }
  // Level n's candidate positions, ascending (n >= 1; REQUIRES n <= words), computed from the level reached so
  // far. Kept as a list, not a flag per word: each level costs its candidates, not the document's length.
  const std::vector<std::uint32_t>& at_level(const WordIds& h, std::size_t n, RepeatedKeys& keys) {
    if (level_ == 0 || n < level_) first_level(h, std::min<std::size_t>(n, 2));
    while (level_ < n) {
      if (!narrowed_) narrow(h, keys);
      // i stays when i + 1 is a candidate too: in an ascending list of distinct positions, the next one.
      std::size_t kept = 0;
      for (std::size_t k = 0; k + 1 < positions_.size(); ++k) {
        if (positions_[k + 1] == positions_[k] + 1) positions_[kept++] = positions_[k];
      }
      positions_.resize(kept);
      ++level_;
      narrowed_ = false;
    }
    return positions_;
  }
  // Level 1 (the words that occur more than once: exact already) or level 2 (two consecutive such words)
  // straight from the words' counts: level 2 without the level-1 list between, one pass over the words.
  // Written through a local pointer, branch-free, then cut to length: push_back on this thread_local object's
  // vector reloaded its end and capacity through the thread pointer for every word.
  void first_level(const WordIds& h, std::size_t level) {  // REQUIRES: level <= words
    const std::size_t words = h.id.size();
    positions_.resize(words);
    std::uint32_t* const out = positions_.data();
    const std::uint32_t* const id = h.id.data();
    const DistinctWords::Entry* const distinct = h.distinct;
    std::size_t kept = 0;
    if (level == 1) {
      for (std::size_t i = 0; i < words; ++i) {
        out[kept] = static_cast<std::uint32_t>(i);
        kept += distinct[id[i]].count > 1;
      }
    } else {
      bool previous = distinct[id[0]].count > 1;
      for (std::size_t i = 1; i < words; ++i) {
        const bool repeated = distinct[id[i]].count > 1;
        out[kept] = static_cast<std::uint32_t>(i - 1);
        kept += previous & repeated;
        previous = repeated;
      }
    }
    positions_.resize(kept);
    level_ = level;
    narrowed_ = level == 1;
  }
  // Builds `keys` over this level's candidates and drops the candidates whose key is alone.
  void narrow(const WordIds& h, RepeatedKeys& keys) {
    // Through locals: level_ and the vectors are members of a thread_local object, which the compiler otherwise
    // reloaded through the thread pointer for every key.
    const std::uint32_t* const positions = positions_.data();
    const std::size_t level = level_;
    keys.build(positions_.size(), [&](std::size_t k) { return h.top_key(positions[k], level); });
    std::size_t kept = 0;
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      if (keys.maybe_repeated_at(k)) positions_[kept++] = positions_[k];
    }
    positions_.resize(kept);
    narrowed_ = true;
  }

 private:
  std::size_t level_ = 0;  // 0: none computed for this document
  bool narrowed_ = false;
  std::vector<std::uint32_t> positions_;
};

// Characters of the most frequent n-gram (" ".join) times its count; ties go to the n-gram seen first.
std::size_t top_n_gram_chars(const WordIds& h, std::size_t n, TopCandidates& candidates) {
  const std::size_t total = h.id.size() - n + 1;
  // Counts only grow, so the final winner (highest count, then earliest first occurrence) is the last n-gram
  // that reached a count above the best so far, or equal to it with an earlier first occurrence.
  // An n-gram that occurs once can only win as the first n-gram (all counts 1), so after position 0 only the
  // candidates that may repeat (TopCandidates, narrowed by their keys) are counted.
  thread_local RepeatedKeys repeated;
  const std::vector<std::uint32_t>& positions = candidates.at_level(h, n, repeated);
  candidates.narrow(h, repeated);
  // Probed: position 0 and the candidates left after narrowing, whose keys `repeated` marked.
  thread_local ExactHashSet counts;
  counts.reset(std::min(total, repeated.max_marked() + 1));
  std::uint32_t best_count = 0, best_first = 0;
  const auto count = [&](std::size_t i) {
    const std::uint64_t key = h.top_key(i, n);
    bool inserted;
    const ExactHashSet::Slot& slot = counts.find_or_insert(
        mix_bits(key), static_cast<std::uint32_t>(i),
        [&](std::uint32_t other) {
          for (std::size_t k = 0; k < n; ++k) {
            if (h.id[other + k] != h.id[i + k]) return false;
          }
          return true;
        },
        inserted);
    if (slot.count > best_count || (slot.count == best_count && slot.item < best_first)) {
      best_count = slot.count;
      best_first = slot.item;
    }
  };
  count(0);
  for (const std::uint32_t i : positions) {
    if (i > 0) count(i);
  }
  const std::size_t chars = n - 1 + h.chars(best_first, n);
  return chars * best_count;
}

// The word positions that may start a duplicated n-gram ("".join), found once for every n of the duplicated
// n-gram rules. Two equal "".join n-grams of at least w bytes begin with the same w bytes, and both begin at a
// word: so a word whose next w bytes (of the words joined, running on past the n-gram) begin at no other word
// begins no duplicated n-gram of w bytes or more, whatever n. Windows of 16 bytes decide for n-grams of 16
// bytes or more, windows of 8 bytes for those of 8..15 bytes (8-byte windows repeat far more often in prose,
// "of the b"), and n-grams under 8 bytes are always looked at. The long windows are one RepeatedKeys pass over
// the words, the short ones over the positions whose smallest n-gram is under 16 bytes only. An n-gram only grows with n, so what is kept for the smallest n holds for every n. In prose that
// leaves the repeated passages and a few short stretches, so each rule's own key bitmap is built over those
// positions only, instead of one bitmap over every position per n (6 by default). Exact: a position left out
// has no equal n-gram anywhere, so it is neither found nor worth remembering.
class DuplicateCandidates {
 public:
  void build(const Words& words, std::size_t min_n) {
    const std::size_t count = words.size() - min_n + 1;  // REQUIRES: min_n <= words.size()
    const std::string_view all = words.bytes();
    const char* const base = all.data();
    const std::size_t total = all.size();
    const auto begin_of = [&](std::size_t i) -> std::size_t { return i == 0 ? 0 : words.byte_end(i - 1); };
    // A rest shorter than the window (the last words) is keyed by its length only: its n-grams are shorter than
    // the window and are decided by the shorter window or kept.
    long_windows_.build(count, [&](std::size_t i) {
      const std::size_t b = begin_of(i);
      if (total - b < 16) return std::uint64_t{total - b};
      std::uint64_t lo, hi;
      std::memcpy(&lo, base + b, 8);
      std::memcpy(&hi, base + b + 8, 8);
      return std::uint64_t{lo * 0x9e3779b97f4a7c15ULL + hi * 0xc2b2ae3d27d4eb4fULL};
    });
    // Positions of 16 bytes or more (for the smallest n, so for every n) are decided by the long window; the
    // others wait for the short window, which is built over them only (two equal n-grams of 8..15 bytes both
    // start at such a position, so their windows meet in it).
    // One pass over every position, so written as TopCandidates::start: through local pointers, branch-free
    // (each position is written and kept or overwritten), then cut to length; `begin` carried from the last
    // position instead of begin_of's branch. push_back re-checked capacity and reloaded the vectors' ends.
    positions_.resize(count);
    short_.resize(count);
    Position* const out = positions_.data();
    std::uint32_t* const short_out = short_.data();
    const RepeatedKeys::Bits long_bits = long_windows_.bits();
    std::size_t kept = 0, shorts = 0;
    std::uint32_t begin = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint32_t repeats = long_bits.maybe_repeated_at(i) ? kLong : 0;
      const bool is_short = words.byte_end(i + min_n - 1) - begin < 16;
      begin = words.byte_end(i);
      out[kept] = Position{static_cast<std::uint32_t>(i), repeats};
      short_out[shorts] = static_cast<std::uint32_t>(kept);
      shorts += is_short;
      kept += is_short | (repeats != 0);
    }
    positions_.resize(kept);
    short_.resize(shorts);
    short_windows_.build(short_.size(), [&](std::size_t k) {
      const std::size_t b = begin_of(positions_[short_[k]].word);
      if (total - b < 8) return std::uint64_t{total - b};
      std::uint64_t w;
      std::memcpy(&w, base + b, 8);
      return std::uint64_t{w * 0x9e3779b97f4a7c15ULL};
    });
    for (std::size_t k = 0; k < short_.size(); ++k) {
      if (short_windows_.maybe_repeated_at(k)) positions_[short_[k]].repeats |= kShort;
    }
    // A short position neither of whose windows repeats can still hold a duplicate only under 8 bytes.
    kept = 0;
    for (const Position& p : positions_) {
      if (p.repeats || words.byte_end(p.word + min_n - 1) - begin_of(p.word) < 8) positions_[kept++] = p;
    }
    positions_.resize(kept);
  }
  struct Position {
    // Left uninitialised (not {}): resize(count) above then does not zero every position before the loop
    // writes it, which cost a copy loop over all of them (the size is cut to the kept ones per document).
    Position() {}  // NOLINT(modernize-use-equals-default): = default would zero them again
    Position(std::uint32_t w, std::uint32_t r) : word(w), repeats(r) {}
    std::uint32_t word;
    std::uint32_t repeats;  // kLong / kShort: its 16-byte / 8-byte window may begin at another word too
                            // (32 bits, not 8: a byte store may alias anything, which made the loop above
                            // reload every array's address after each position)
  };
  const std::vector<Position>& positions() const { return positions_; }  // ascending
  // Whether an n-gram of `bytes` bytes at a position with these window repeats may occur twice.
  static bool may_repeat(std::uint32_t repeats, std::size_t bytes) {
    if (bytes >= 16) return repeats & kLong;
    if (bytes >= 8) return repeats & kShort;
    return true;
  }

 private:
  static constexpr std::uint32_t kLong = 1, kShort = 2;
  RepeatedKeys long_windows_, short_windows_;
  std::vector<Position> positions_;
  std::vector<std::uint32_t> short_;  // indexes into positions_ of the positions under 16 bytes
};

// datatrove v0.10 find_all_duplicate: characters of n-grams ("".join) seen before, skipping n words after each.
// Only DuplicateCandidates' positions are looked at: every other position starts an n-gram that occurs once,
// which the walk would step over (+1) without finding it.
std::size_t duplicated_n_gram_chars(const Words& words, const WordIds& h, std::size_t n,
                                    const DuplicateCandidates& candidates) {
  if (words.size() < n) return 0;
  thread_local std::vector<std::uint32_t> positions;
  // Per position: a cheap key of its n-gram's "".join bytes (contiguous in the words' buffer): their length and
  // first and last 8 bytes. Only the positions that may repeat are keyed: in prose a few. XXH3 over all the
  // bytes (the hash set's hash) is computed only for the n-grams whose cheap key is not alone, fewer still.
  thread_local std::vector<std::uint64_t> keys;
  positions.clear();
  keys.clear();
  const char* const base = words.bytes().data();
  for (const DuplicateCandidates::Position& p : candidates.positions()) {
    const std::size_t i = p.word;
    if (i + n > words.size()) break;
    const std::size_t begin = i == 0 ? 0 : words.byte_end(i - 1);
    const std::size_t bytes = words.byte_end(i + n - 1) - begin;
    if (DuplicateCandidates::may_repeat(p.repeats, bytes)) {
      positions.push_back(p.word);
      keys.push_back(length_and_ends(std::string_view(base + begin, bytes)));
    }
  }
  // Of those, an n-gram whose key is alone in the document is neither found nor ever looked for again.
  thread_local RepeatedKeys maybe;
  maybe.build(positions.size(), [&](std::size_t k) { return keys[k]; });
  thread_local ExactHashSet seen;
  seen.reset(maybe.max_marked());  // only marked keys are inserted
  std::size_t repeated = 0;
  std::size_t next = 0;  // the walk's next position: a duplicate found at i moves it to i + n
  for (std::size_t k = 0; k < positions.size(); ++k) {
    const std::size_t i = positions[k];
    if (i < next || !maybe.maybe_repeated_at(k)) continue;
    const std::string_view gram = words.joined(i, n);
    bool inserted;
    seen.find_or_insert(XXH3_64bits(gram.data(), gram.size()), static_cast<std::uint32_t>(i),  // already mixed
                        [&](std::uint32_t other) { return words.joined(other, n) == gram; }, inserted);
    if (!inserted) {
      repeated += h.chars(i, n);
      next = i + n;
    }
  }
  return repeated;
}

void read_n_grams(const YamlValues& values, const YAML::Node& node, const std::string& path,
                  std::vector<std::pair<int, Threshold>>& out) {
  values.for_each_entry(node, path, {}, [&](const std::string& key, const YAML::Node& value) {
    const int n = static_cast<int>(values.integer_value(YAML::Node(key), path + " key", 1, 100));
    const Threshold t = read_threshold(values, value, path + "." + key, 0, 1e6);
    for (auto& [existing, threshold] : out) {
      if (existing == n) {
        threshold = t;
        return;
      }
    }
    out.emplace_back(n, t);
  });
}

// Reasons are built from n ("top_3_gram", "duplicated_7_n_grams"); the ledger needs strings that live as long
// as the program, so they are made once for every n the config accepts (1..100).
std::string_view n_gram_reason(bool top, int n) {
  static const auto names = [] {
    std::vector<std::string> v;
    for (int k = 0; k <= 100; ++k) v.push_back("top_" + std::to_string(k) + "_gram");
    for (int k = 0; k <= 100; ++k) v.push_back("duplicated_" + std::to_string(k) + "_n_grams");
    return v;
  }();
  return names[static_cast<std::size_t>(top ? n : 101 + n)];
}

GopherRepetitionSignals measure(const TextAnalysis& analysis, const GopherRepetitionConfig& c, bool stop_at_drop);

class GopherRepetitionFilter final : public Filter {
 public:
  GopherRepetitionFilter(GopherRepetitionConfig config, bool annotate_only)
      : config_(std::move(config)), annotate_only_(annotate_only) {}
  std::string_view name() const override { return "gopher_repetition"; }
  Verdict keep(Document& doc) const override {
    // Dropping: stop measuring at the first failed rule (the decision is known); annotating: every signal.
    const GopherRepetitionSignals s = measure(TextAnalysis::of(doc), config_, !annotate_only_);
    Verdict verdict = decide_gopher_repetition(s, config_);
    if (!annotate_only_) return verdict;
    annotate(s).write(doc, name(), verdict);
    return Verdict::keep();
  }
  void write_stats(JsonBuilder& json) const override {
    json.value("annotate_only", annotate_only_);
    json.begin_object("thresholds");
    write_threshold(json, "dup_para_frac", config_.dup_para_frac);
    write_threshold(json, "dup_para_char_frac", config_.dup_para_char_frac);
    write_threshold(json, "dup_line_frac", config_.dup_line_frac);
    write_threshold(json, "dup_line_char_frac", config_.dup_line_char_frac);
    for (const auto& [n, t] : config_.top_n_grams) write_threshold(json, n_gram_reason(true, n), t);
    for (const auto& [n, t] : config_.dup_n_grams) write_threshold(json, n_gram_reason(false, n), t);
    json.end_object();
  }

 private:
  // Each signal under its rule's reason; an n-gram rule that is off (or n > words) reports 0.
  FamilySignals annotate(const GopherRepetitionSignals& s) const {
    FamilySignals out;
    out.add("dup_para_frac", s.dup_para_frac);
    out.add("dup_para_char_frac", s.dup_para_char_frac);
    out.add("dup_line_frac", s.dup_line_frac);
    out.add("dup_line_char_frac", s.dup_line_char_frac);
    for (std::size_t i = 0; i < s.top_n_gram_frac.size(); ++i) {
      out.add(n_gram_reason(true, config_.top_n_grams[i].first), s.top_n_gram_frac[i]);
    }
    for (std::size_t i = 0; i < s.dup_n_gram_frac.size(); ++i) {
      out.add(n_gram_reason(false, config_.dup_n_grams[i].first), s.dup_n_gram_frac[i]);
    }
    return out;
  }
  GopherRepetitionConfig config_;
  bool annotate_only_ = false;
};

}  // namespace

GopherRepetitionConfig GopherRepetitionConfig::from_yaml(const YamlValues& values, const YAML::Node& node,
                                                         const std::string& path) {
  GopherRepetitionConfig c;
  if (YamlValues::is_null(node)) return c;
  values.for_each_entry(
      node, path,
      {"dup_line_frac", "dup_para_frac", "dup_line_char_frac", "dup_para_char_frac", "top_n_grams", "dup_n_grams"},
      [&](const std::string& key, const YAML::Node& value) {
        const std::string at = path + "." + key;
        if (key == "dup_line_frac") c.dup_line_frac = read_threshold(values, value, at, 0, 1);
        if (key == "dup_para_frac") c.dup_para_frac = read_threshold(values, value, at, 0, 1);
        if (key == "dup_line_char_frac") c.dup_line_char_frac = read_threshold(values, value, at, 0, 1);
        if (key == "dup_para_char_frac") c.dup_para_char_frac = read_threshold(values, value, at, 0, 1);
        if (key == "top_n_grams") read_n_grams(values, value, at, c.top_n_grams);
        if (key == "dup_n_grams") read_n_grams(values, value, at, c.dup_n_grams);
      });
  return c;
}

namespace {

bool exceeds(const Threshold& t, double value) { return t && value > *t; }

// With stop_at_drop, returns as soon as a rule fails: the signals computed so far decide as all of them would
// (decide_gopher_repetition checks the rules in the order they are computed here), the rest are left out.
GopherRepetitionSignals measure(const TextAnalysis& analysis, const GopherRepetitionConfig& c, bool stop_at_drop) {
  GopherRepetitionSignals s;
  const std::string_view text = analysis.text();
  const auto chars = static_cast<double>(analysis.chars());
  thread_local std::vector<std::string_view> paragraphs, lines;
  split_paragraphs_and_lines(text, paragraphs, lines);
  auto [para_repeats, para_chars] = find_duplicates(paragraphs);
  s.dup_para_frac = ratio(static_cast<double>(para_repeats), static_cast<double>(paragraphs.size()));
  s.dup_para_char_frac = ratio(static_cast<double>(para_chars), chars);
  auto [line_repeats, line_chars] = find_duplicates(lines);
  s.dup_line_frac = ratio(static_cast<double>(line_repeats), static_cast<double>(lines.size()));
  s.dup_line_char_frac = ratio(static_cast<double>(line_chars), chars);
  if (stop_at_drop && (exceeds(c.dup_para_frac, s.dup_para_frac) || exceeds(c.dup_para_char_frac, s.dup_para_char_frac) ||
                       exceeds(c.dup_line_frac, s.dup_line_frac) || exceeds(c.dup_line_char_frac, s.dup_line_char_frac))) {
    return s;
  }

  const bool any_n_gram_rule = !c.top_n_grams.empty() || !c.dup_n_grams.empty();
  if (!any_n_gram_rule) return s;
  const Words& words = analysis.words();
  thread_local WordIds h;
  h.build(words);
  thread_local TopCandidates candidates;
  candidates.start();
  for (const auto& [n, t] : c.top_n_grams) {
    const auto un = static_cast<std::size_t>(n);
    const bool has = t && words.size() >= un;
    s.top_n_gram_frac.push_back(has ? ratio(static_cast<double>(top_n_gram_chars(h, un, candidates)), chars) : 0);
    if (stop_at_drop && exceeds(t, s.top_n_gram_frac.back())) return s;
  }
  // The positions every duplicated n-gram rule looks at, found once for the smallest n of the rules that are on.
  std::size_t min_dup_n = 0;
  for (const auto& [n, t] : c.dup_n_grams) {
    const auto un = static_cast<std::size_t>(n);
    if (t && un <= words.size() && (min_dup_n == 0 || un < min_dup_n)) min_dup_n = un;
  }
  thread_local DuplicateCandidates dup_candidates;
  if (min_dup_n > 0) dup_candidates.build(words, min_dup_n);
  for (const auto& [n, t] : c.dup_n_grams) {
    const double v =
        t ? ratio(static_cast<double>(duplicated_n_gram_chars(words, h, static_cast<std::size_t>(n), dup_candidates)), chars)
          : 0;
    s.dup_n_gram_frac.push_back(v);
    if (stop_at_drop && exceeds(t, v)) return s;
  }
  return s;
}

}  // namespace

GopherRepetitionSignals measure_gopher_repetition(const TextAnalysis& analysis, const GopherRepetitionConfig& c) {
  return measure(analysis, c, false);
}

Verdict decide_gopher_repetition(const GopherRepetitionSignals& s, const GopherRepetitionConfig& c) {
  if (c.dup_para_frac && s.dup_para_frac > *c.dup_para_frac) {
    return Verdict::drop("dup_para_frac", value_against(s.dup_para_frac, "max", *c.dup_para_frac));
  }
  if (c.dup_para_char_frac && s.dup_para_char_frac > *c.dup_para_char_frac) {
    return Verdict::drop("dup_para_char_frac", value_against(s.dup_para_char_frac, "max", *c.dup_para_char_frac));
  }
  if (c.dup_line_frac && s.dup_line_frac > *c.dup_line_frac) {
    return Verdict::drop("dup_line_frac", value_against(s.dup_line_frac, "max", *c.dup_line_frac));
  }
  if (c.dup_line_char_frac && s.dup_line_char_frac > *c.dup_line_char_frac) {
    return Verdict::drop("dup_line_char_frac", value_against(s.dup_line_char_frac, "max", *c.dup_line_char_frac));
  }
  for (std::size_t i = 0; i < c.top_n_grams.size() && i < s.top_n_gram_frac.size(); ++i) {
    const auto& [n, t] = c.top_n_grams[i];
    if (t && s.top_n_gram_frac[i] > *t) {
      return Verdict::drop(n_gram_reason(true, n), value_against(s.top_n_gram_frac[i], "max", *t));
    }
  }
  for (std::size_t i = 0; i < c.dup_n_grams.size() && i < s.dup_n_gram_frac.size(); ++i) {
    const auto& [n, t] = c.dup_n_grams[i];
    if (t && s.dup_n_gram_frac[i] > *t) {
      return Verdict::drop(n_gram_reason(false, n), value_against(s.dup_n_gram_frac[i], "max", *t));
    }
  }
  return Verdict::keep();
}

std::unique_ptr<Filter> make_gopher_repetition_filter(GopherRepetitionConfig config, bool annotate_only) {
  return std::make_unique<GopherRepetitionFilter>(std::move(config), annotate_only);
}

}  // namespace winnow::filters
