#include "dedup/minhash_deduplicator.h"

#include <xxhash.h>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <optional>

#include "dedup/cluster_stats.h"
#include "dedup/document_signature.h"
#include "dedup/normalization_tables.h"
#include "dedup/report_html.h"
#include "dedup/s_curve.h"
#include "dedup/sketch_similarity.h"
#include "dedup/staged/removal_plan.h"
#include "dedup/utf8.h"
#include "dedup/word_normalizer.h"
#include "src/error.h"
#include "src/io/atomic_file.h"
#include "src/records/json_scan.h"

namespace winnow::dedup {
namespace {

using namespace signature_layout;  // doc.signature: dedup/document_signature.h

constexpr std::uint64_t kScopeFieldAbsent = 0x5C0BEAB5E47ULL;  // the scope of documents without the field

bool is_space(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000;
}

// Trims and collapses every whitespace run (Unicode White_Space as Python's str.isspace) to one space.
void collapse_whitespace(std::string_view text, std::string& out) {
  out.clear();
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(text, i);
    if (is_space(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.append(text.substr(start, i - start));
  }
}

// The one-byte-per-hash sketch packed 8 per word by prepare(), as bytes; returns the number of bytes.
std::size_t unpack_sketch(const std::uint64_t* packed, std::size_t hashes, std::uint8_t* out) {
  for (std::size_t i = 0; i < hashes; ++i) out[i] = static_cast<std::uint8_t>(packed[i / 8] >> (8 * (i % 8)));
  return hashes;
}

Hash128 hash128(std::string_view bytes, std::uint64_t seed) {
  const XXH128_hash_t hash = XXH3_128bits_withSeed(bytes.data(), bytes.size(), seed);
  return {hash.high64, hash.low64};
}

// One byte per MinHash value (the top byte of a multiplicative mix: minima are small numbers, so their own
// top bytes are mostly 0). Two equal values give equal bytes; unequal ones collide with probability 1/256.
inline std::uint8_t sketch_byte(std::uint64_t value) {
  return static_cast<std::uint8_t>((value * 0x9E3779B97F4A7C15ULL) >> 56);
}

struct Scratch {
  NormalizedWords words;
  std::string text;
  std::vector<std::uint64_t> shingles;
  std::vector<std::uint64_t> minima;
};

}  // namespace

MinHashDeduplicator::MinHashDeduplicator(DedupConfig config)
    : config_(std::move(config)), hasher_(config_.minhash), bands_(config_.near ? config_.minhash.bands : 0) {
  for (const std::string& directory : config_.against_index) {
    indexes_.emplace_back(directory, config_);
    unscoped_keys_ = unscoped_keys_ || indexes_.back().matches_every_scope();
  }
  index_removals_.resize(indexes_.size());
}

void MinHashDeduplicator::prepare(Document& doc) const {
  const auto started = std::chrono::steady_clock::now();
  struct AddTime {  // on every return path
    const std::chrono::steady_clock::time_point started;
    std::atomic<std::int64_t>& total;
    ~AddTime() {
      const auto elapsed = std::chrono::steady_clock::now() - started;
      total.fetch_add(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count(), std::memory_order_relaxed);
    }
  } add_time{started, prepare_nanoseconds_};
  thread_local Scratch scratch;  // per worker thread: keeps its capacity from document to document
  const MinHashSettings& minhash = config_.minhash;
  std::vector<std::uint64_t>& signature = doc.signature;
  signature.assign(kHeader, 0);

  std::uint64_t scope = 0;
  if (config_.scope == Scope::input) {
    scope = XXH3_64bits(doc.source.data(), doc.source.size());
  } else if (config_.scope == Scope::source) {
    scope = XXH3_64bits_withSeed(doc.source_group.data(), doc.source_group.size(), 2);
  } else if (config_.scope == Scope::field) {
    const auto span = find_member_value(doc.record, config_.scope_field);
    scope = span ? XXH3_64bits_withSeed(doc.record.data() + span->offset, span->size, 1) : kScopeFieldAbsent;
  }
  signature[kScope] = scope;

  const bool words_needed = config_.near || (config_.exact && config_.exact_normalization == ExactNormalization::minhash);
  if (words_needed) normalize_words(doc.text, minhash.mode, scratch.words);

  std::string_view normalized;  // what the exact hash is of
  std::string_view url;         // the URL field's JSON text, when it has a value
  if (config_.exact) {
    normalized = doc.text;
    if (config_.exact_normalization == ExactNormalization::whitespace) {
      collapse_whitespace(doc.text, scratch.text);
      normalized = scratch.text;
    } else if (config_.exact_normalization == ExactNormalization::minhash) {
      normalized = scratch.words.text;
    }
    const Hash128 hash = hash128(normalized, scope);
    signature[kFlags] |= kHasExact;
    signature[kExactHigh] = hash.high;
    signature[kExactLow] = hash.low;
  }

  if (!config_.url_field.empty()) {
    // The value is compared as written in the record (its JSON text, escapes included).
    const auto span = find_member_value(doc.record, config_.url_field);
    if (span && span->size > 2 && doc.record.substr(span->offset, span->size) != "null") {
      url = doc.record.substr(span->offset, span->size);
      const Hash128 hash = hash128(url, scope);
      signature[kFlags] |= kHasUrl;
      signature[kUrlHigh] = hash.high;
      signature[kUrlLow] = hash.low;
    }
  }

  if (!config_.near) return append_unscoped_keys(signature, normalized, url, nullptr);
  hasher_.shingles(scratch.words, scratch.shingles);
  if (scratch.shingles.empty()) return append_unscoped_keys(signature, normalized, url, nullptr);
  const std::size_t hashes = minhash.hashes();
  scratch.minima.resize(hashes);
  hasher_.signature(scratch.shingles, scratch.minima.data());
  signature[kFlags] |= kHasBands;
  for (std::size_t band = 0; band < minhash.bands; ++band) {
    signature.push_back(XXH3_64bits_withSeed(scratch.minima.data() + band * minhash.rows,
                                             minhash.rows * sizeof(std::uint64_t), scope));
  }
  // The sketch: for verification, and for the report's estimated similarity of sampled pairs.
  {
    for (std::size_t i = 0; i < hashes; i += 8) {
      std::uint64_t packed = 0;
      for (std::size_t k = 0; k < 8 && i + k < hashes; ++k) {
        packed |= std::uint64_t{sketch_byte(scratch.minima[i + k])} << (8 * k);
      }
      signature.push_back(packed);
    }
  }
  append_unscoped_keys(signature, normalized, url, scratch.minima.data());
}

void MinHashDeduplicator::append_unscoped_keys(std::vector<std::uint64_t>& signature, std::string_view normalized,
                                               std::string_view url, const std::uint64_t* minima) const {
  // An index saved with scope: global, loaded by a run with another scope, holds keys seeded with 0: the
  // document's keys for it are the same hashes seeded with 0: 4 + b words, after everything else.
  if (!unscoped_keys_) return;
  const Hash128 exact = config_.exact ? hash128(normalized, 0) : Hash128{};
  const Hash128 url_hash = url.empty() ? Hash128{} : hash128(url, 0);
  signature.insert(signature.end(), {exact.high, exact.low, url_hash.high, url_hash.low});
  const MinHashSettings& minhash = config_.minhash;
  for (std::size_t band = 0; band < bands_.size(); ++band) {
    signature.push_back(minima == nullptr ? 0
                                          : XXH3_64bits_withSeed(minima + band * minhash.rows,
                                                                 minhash.rows * sizeof(std::uint64_t), 0));
  }
}

Verdict MinHashDeduplicator::check(Document& doc) {
  const ReportClock::CheckTimer timer = clock_.time_check();  // on every return path
  ++counters_.documents;
  SourceCounts& counts = source_counts_[source_index(doc.source)];
  ++counts.documents_in;
  counts.bytes_in += doc.text.size();
  counts.tokens_in += doc.tokens.size();  // filled by the tokenizer's prepare(), when there is one
  const std::vector<std::uint64_t>& signature = doc.signature;
  const std::uint64_t flags = signature.size() >= kHeader ? signature[kFlags] : 0;
  if (plan_) {  // staged mode, pass 2: the sweep decided, the index stays empty
    if (auto removal = planned_removal(doc)) return std::move(*removal);
    if (config_.near && !(flags & kHasBands)) ++counters_.without_signature;
    keep(doc);
    ++counts.documents_out;
    counts.bytes_out += doc.text.size();
    counts.tokens_out += doc.tokens.size();
    return Verdict::keep();
  }
  // The keys for indexes that match every scope (append_unscoped_keys), else the document's own.
  const std::size_t unscoped_words = 4 + bands_.size();
  const std::uint64_t* unscoped = unscoped_keys_ && signature.size() >= kHeader + unscoped_words
                                      ? signature.data() + signature.size() - unscoped_words
                                      : nullptr;
  auto keys_for = [&](const LoadedIndex& index, std::size_t scoped_at, std::size_t unscoped_at) {
    return index.matches_every_scope() && unscoped != nullptr ? unscoped + unscoped_at : signature.data() + scoped_at;
  };
  if (flags & kHasExact) {
    for (std::size_t index = 0; index < indexes_.size(); ++index) {
      const std::uint64_t* key = keys_for(indexes_[index], kExactHigh, 0);
      if (const auto indexed = indexes_[index].exact().find({key[0], key[1]})) {
        ++counters_.exact;
        return remove_indexed(doc, "exact_duplicate", index, *indexed, {});
      }
    }
    if (const auto kept = exact_.find({signature[kExactHigh], signature[kExactLow]})) {
      ++counters_.exact;
      return remove(doc, "exact_duplicate", *kept, duplicate_fields(*kept));
    }
  }
  if (flags & kHasUrl) {
    for (std::size_t index = 0; index < indexes_.size(); ++index) {
      const std::uint64_t* key = keys_for(indexes_[index], kUrlHigh, 2);
      if (const auto indexed = indexes_[index].urls().find({key[0], key[1]})) {
        ++counters_.url;
        return remove_indexed(doc, "url_duplicate", index, *indexed, {});
      }
    }
    if (const auto kept = urls_.find({signature[kUrlHigh], signature[kUrlLow]})) {
      ++counters_.url;
      return remove(doc, "url_duplicate", *kept, duplicate_fields(*kept));
    }
  }
  if (config_.near && !(flags & kHasBands)) ++counters_.without_signature;
  if (flags & kHasBands) {
    const std::uint64_t* band_keys = signature.data() + kHeader;
    // A candidate is (table << 32) | document, table = the loaded index's position, or indexes_.size() for
    // the run's own tables. A band key is looked up in the first table that has it, as in one run over the
    // indexed documents and then this input: there the key would belong to the earlier, indexed document.
    // Sorted, candidates come in the order of that one run: indexes first, earliest document first.
    const std::uint64_t own = indexes_.size();
    std::uint64_t candidates[256];
    std::size_t found = 0;
    for (std::size_t band = 0; band < bands_.size(); ++band) bands_[band].prefetch(band_keys[band]);
    for (std::size_t band = 0; band < bands_.size(); ++band) {
      std::uint64_t table = own;
      std::optional<std::uint32_t> kept;
      for (std::size_t index = 0; index < indexes_.size() && !kept; ++index) {
        const std::uint64_t key = *keys_for(indexes_[index], kHeader + band, 4 + band);
        if ((kept = indexes_[index].bands()[band].find(key))) table = index;
      }
      if (!kept) kept = bands_[band].find(band_keys[band]);
      if (kept) candidates[found++] = (table << 32) | *kept;
    }
    std::sort(candidates, candidates + found);
    const std::uint64_t* sketch = band_keys + bands_.size();
    for (std::size_t i = 0; i < found; ++i) {
      if (i > 0 && candidates[i] == candidates[i - 1]) continue;
      const std::uint64_t table = candidates[i] >> 32;
      const auto kept = static_cast<std::uint32_t>(candidates[i]);
      const auto bands_matched = static_cast<std::int64_t>(std::count(candidates, candidates + found, candidates[i]));
      std::string near_fields = ",\"bands_matched\":" + std::to_string(bands_matched);
      if (config_.verify == Verification::signature) {
        const double similarity = table != own ? estimated_similarity(sketch, indexes_[table].sketch_of(kept))
                                               : estimated_similarity(sketch, kept);
        if (similarity < config_.verify_threshold) {
          ++counters_.rejected_by_verification;
          continue;
        }
        append_similarity(near_fields, similarity);
      }
      ++counters_.near;
      if (table != own) return remove_indexed(doc, "near_duplicate", table, kept, std::move(near_fields));
      report_near_pair(doc, kept, bands_matched);
      return remove(doc, "near_duplicate", kept, duplicate_fields(kept) + near_fields);
    }
  }
  keep(doc);
  ++counts.documents_out;
  counts.bytes_out += doc.text.size();
  counts.tokens_out += doc.tokens.size();
  return Verdict::keep();
}

std::uint32_t MinHashDeduplicator::keep(const Document& doc) {
  if (ids_.size() >= BandTable::kMaxDocuments) {
    throw Error(std::string(doc.source), doc.line,
                "dedup: more than 268,435,455 kept documents in one in-memory index; split the input");
  }
  const auto number = static_cast<std::uint32_t>(ids_.size());
  id_bytes_.append(doc.id);
  ids_.push_back(id_bytes_.size());
  kept_source_.push_back(source_index(doc.source));
  removed_count_.push_back(0);
  if (!plan_) insert_into_index(doc, number);
  const std::vector<std::uint64_t>& signature = doc.signature;
  const std::uint64_t flags = signature.size() >= kHeader ? signature[kFlags] : 0;
  if (flags & kHasBands) {
    std::uint8_t sketch[1024];
    const std::uint64_t* packed = signature.data() + kHeader + bands_.size();
    const std::size_t hashes = unpack_sketch(packed, config_.minhash.hashes(), sketch);
    report_.on_kept(static_cast<std::uint32_t>(number + kept_offset_), doc.id, doc.text, sketch, hashes);
  }
  return number;
}

void MinHashDeduplicator::insert_into_index(const Document& doc, std::uint32_t number) {
  const std::vector<std::uint64_t>& signature = doc.signature;
  const std::uint64_t flags = signature.size() >= kHeader ? signature[kFlags] : 0;
  if (flags & kHasExact) exact_.insert_if_absent({signature[kExactHigh], signature[kExactLow]}, number);
  if (flags & kHasUrl) urls_.insert_if_absent({signature[kUrlHigh], signature[kUrlLow]}, number);
  if (config_.verify == Verification::signature && config_.near) {
    // Every kept document gets a sketch slot (zeros without a signature) so that slots are indexed by number.
    const std::size_t hashes = config_.minhash.hashes();
    const std::size_t at = sketches_.size();
    sketches_.resize(at + hashes, 0);
    if (flags & kHasBands) {
      const std::uint64_t* packed = signature.data() + kHeader + bands_.size();
      for (std::size_t i = 0; i < hashes; ++i) sketches_[at + i] = static_cast<std::uint8_t>(packed[i / 8] >> (8 * (i % 8)));
    }
  }
  if (flags & kHasBands) {
    const std::uint64_t* band_keys = signature.data() + kHeader;
    for (std::size_t band = 0; band < bands_.size(); ++band) bands_[band].insert_if_absent(band_keys[band], number);
  }
}

void MinHashDeduplicator::apply_removal_plan(std::shared_ptr<staged::RemovalPlan> plan) {
  plan_ = std::move(plan);
  counters_.rejected_by_verification = plan_->summary().sweep.rejected_by_verification;
  kept_offset_ = plan_->kept_before();
}

std::optional<Verdict> MinHashDeduplicator::planned_removal(const Document& doc) {
  const auto removal = plan_->removal_of(counters_.documents - 1);
  if (!removal) return std::nullopt;
  if (removal->kept_number < kept_offset_) {  // a run task: kept in an earlier task's inputs
    std::string near_fields;
    std::string_view reason = "near_duplicate";
    switch (removal->reason) {
      case staged::RemovalReason::exact:
        ++counters_.exact;
        reason = "exact_duplicate";
        break;
      case staged::RemovalReason::url:
        ++counters_.url;
        reason = "url_duplicate";
        break;
      case staged::RemovalReason::near:
        ++counters_.near;
        near_fields = ",\"bands_matched\":" + std::to_string(removal->bands_matched);
        if (removal->has_similarity) append_similarity(near_fields, removal->similarity);
        break;
    }
    return remove_before_task(doc, reason, removal->kept_doc, removal->kept_number, std::move(near_fields));
  }
  const auto kept = static_cast<std::uint32_t>(removal->kept_number - kept_offset_);
  if (kept >= ids_.size()) {
    throw Error(std::string(doc.source), doc.line, "dedup: the inputs changed between the staged mode's passes");
  }
  std::string fields = duplicate_fields(kept);
  switch (removal->reason) {
    case staged::RemovalReason::exact:
      ++counters_.exact;
      return remove(doc, "exact_duplicate", kept, std::move(fields));
    case staged::RemovalReason::url:
      ++counters_.url;
      return remove(doc, "url_duplicate", kept, std::move(fields));
    case staged::RemovalReason::near:
      break;
  }
  fields += ",\"bands_matched\":" + std::to_string(removal->bands_matched);
  if (removal->has_similarity) append_similarity(fields, removal->similarity);
  ++counters_.near;
  report_near_pair(doc, kept, removal->bands_matched);
  return remove(doc, "near_duplicate", kept, std::move(fields));
}

Verdict MinHashDeduplicator::remove(const Document& doc, std::string_view reason, std::uint32_t kept,
                                    std::string fields) {
  if (removed_count_[kept] < UINT16_MAX) ++removed_count_[kept];
  const std::uint16_t source = source_index(doc.source);
  ++removals_by_source_[{source, kept_source_[kept]}];
  SourceCounts& counts = source_counts_[source];
  if (reason == "exact_duplicate") ++counts.exact_duplicates;
  if (reason == "url_duplicate") ++counts.url_duplicates;
  if (reason == "near_duplicate") ++counts.near_duplicates;
  report_.on_removed(static_cast<std::uint32_t>(kept + kept_offset_), std::uint64_t{removed_count_[kept]} + 1,
                     id_of(kept), doc.id, doc.text);
  return Verdict::drop(reason, std::move(fields));
}

Verdict MinHashDeduplicator::remove_before_task(const Document& doc, std::string_view reason,
                                                std::uint32_t kept_doc, std::uint64_t cluster,
                                                std::string extra_fields) {
  std::string fields = "\"duplicate_of\":";
  append_json_string(fields, plan_->id_of_document(kept_doc));
  fields += ",\"cluster\":" + std::to_string(cluster) + extra_fields;
  const std::uint16_t source = source_index(doc.source);
  ++removals_by_source_[{source, source_index(plan_->input_of_document(kept_doc))}];
  SourceCounts& counts = source_counts_[source];
  if (reason == "exact_duplicate") ++counts.exact_duplicates;
  if (reason == "url_duplicate") ++counts.url_duplicates;
  if (reason == "near_duplicate") ++counts.near_duplicates;
  return Verdict::drop(reason, std::move(fields));
}

Verdict MinHashDeduplicator::remove_indexed(const Document& doc, std::string_view reason, std::size_t index,
                                            std::uint32_t indexed, std::string extra_fields) {
  const LoadedIndex& loaded = indexes_[index];
  std::string fields = "\"duplicate_of\":";
  append_json_string(fields, loaded.id_of(indexed));
  fields += ",\"index\":";
  append_json_string(fields, loaded.directory());
  fields += extra_fields;
  IndexRemovals& removals = index_removals_[index];
  const std::uint16_t source = source_index(doc.source);
  // The matrix names the indexed document's input as "<input> (index <folder>)".
  const std::uint16_t kept_in =
      source_index(std::string(loaded.source_of(indexed)) + " (index " + loaded.directory() + ")");
  ++removals_by_source_[{source, kept_in}];
  SourceCounts& counts = source_counts_[source];
  if (reason == "exact_duplicate") ++counts.exact_duplicates, ++removals.exact;
  if (reason == "url_duplicate") ++counts.url_duplicates, ++removals.url;
  if (reason == "near_duplicate") ++counts.near_duplicates, ++removals.near;
  return Verdict::drop(reason, std::move(fields));
}

std::uint16_t MinHashDeduplicator::source_index(std::string_view source) {
  // Documents arrive input by input: the last source is almost always the one asked for.
  for (std::size_t i = sources_.size(); i-- > 0;) {
    if (sources_[i] == source) return static_cast<std::uint16_t>(i);
  }
  if (sources_.size() >= UINT16_MAX) return UINT16_MAX - 1;  // the 65,535th and later inputs share a name
  sources_.emplace_back(source);
  source_counts_.push_back({std::string(source)});
  return static_cast<std::uint16_t>(sources_.size() - 1);
}

std::string_view MinHashDeduplicator::id_of(std::uint32_t kept) const {
  const std::size_t begin = kept == 0 ? 0 : ids_[kept - 1];
  return std::string_view(id_bytes_).substr(begin, ids_[kept] - begin);
}

// The reject's "estimated_similarity" member, three decimals (the same text in both modes).
void MinHashDeduplicator::append_similarity(std::string& fields, double similarity) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", similarity);
  fields += ",\"estimated_similarity\":";
  fields += text;
}

std::string MinHashDeduplicator::duplicate_fields(std::uint32_t kept) const {
  std::string fields = "\"duplicate_of\":";
  append_json_string(fields, id_of(kept));
  fields += ",\"cluster\":" + std::to_string(kept + kept_offset_);
  return fields;
}

double MinHashDeduplicator::estimated_similarity(const std::uint64_t* sketch, std::uint32_t kept) const {
  return estimated_similarity(sketch, sketches_.data() + std::size_t{kept} * config_.minhash.hashes());
}

double MinHashDeduplicator::estimated_similarity(const std::uint64_t* sketch, const std::uint8_t* theirs) const {
  // b-bit minwise hashing (Li and Koenig, 2010) with b = 8: equal MinHash values give equal bytes, unequal
  // ones collide with probability 1/256, so P(match) = J + (1 - J) / 256.
  const std::size_t hashes = config_.minhash.hashes();
  std::size_t equal = 0;
  for (std::size_t i = 0; i < hashes; ++i) {
    equal += static_cast<std::uint8_t>(sketch[i / 8] >> (8 * (i % 8))) == theirs[i];
  }
  return sketch_similarity(equal, hashes);
}

std::size_t MinHashDeduplicator::index_memory_bytes() const {
  std::size_t bytes = exact_.memory_bytes() + urls_.memory_bytes() + sketches_.capacity();
  for (const BandTable& band : bands_) bytes += band.memory_bytes();
  return bytes;
}

std::size_t MinHashDeduplicator::document_memory_bytes() const {
  return id_bytes_.capacity() + ids_.capacity() * sizeof(std::uint64_t) +
         (kept_source_.capacity() + removed_count_.capacity()) * sizeof(std::uint16_t);
}

void MinHashDeduplicator::write_clusters(JsonBuilder& json) const {
  // Histogram in powers of two of cluster size (the kept document + its removed ones): 2, 3-4, 5-8, ...
  std::vector<std::uint64_t> histogram;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> largest;  // (removed count, kept number)
  for (std::uint32_t kept = 0; kept < removed_count_.size(); ++kept) {
    const std::uint32_t removed = removed_count_[kept];
    if (removed == 0) continue;
    count_cluster_size(histogram, std::uint64_t{removed} + 1);
    largest.emplace_back(removed, kept);
  }
  const std::size_t shown = std::min<std::size_t>(10, largest.size());
  std::partial_sort(largest.begin(), largest.begin() + static_cast<std::ptrdiff_t>(shown), largest.end(),
                    [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  std::vector<LargestCluster> shown_clusters;
  for (std::size_t i = 0; i < shown; ++i) {
    shown_clusters.push_back({std::string(id_of(largest[i].second)), std::uint64_t{largest[i].second} + kept_offset_,
                              std::uint64_t{largest[i].first} + 1});  // the size saturates at 65,536
  }
  json.begin_object("clusters");
  write_cluster_members(json, largest.size(), histogram, shown_clusters);
  json.end_object();
  json.begin_array("removed_by_source");
  for (const auto& [pair, count] : removals_by_source_) {
    json.begin_object();
    json.value("removed_in", sources_[pair.first]);
    json.value("duplicate_of_in", sources_[pair.second]);
    json.value("documents", count);
    json.end_object();
  }
  json.end_array();
}

void MinHashDeduplicator::write_against_index(JsonBuilder& json) const {
  json.begin_array("against_index");
  for (std::size_t index = 0; index < indexes_.size(); ++index) {
    json.begin_object();
    json.value("directory", indexes_[index].directory());
    json.value("documents", static_cast<std::uint64_t>(indexes_[index].documents()));
    json.value("memory_bytes", static_cast<std::uint64_t>(indexes_[index].memory_bytes()));
    json.value("exact_duplicates", index_removals_[index].exact);
    json.value("url_duplicates", index_removals_[index].url);
    json.value("near_duplicates", index_removals_[index].near);
    json.end_object();
  }
  json.end_array();
}

void MinHashDeduplicator::write_stats(JsonBuilder& json) const {
  const MinHashSettings& minhash = config_.minhash;
  json.value("mode", minhash.mode == WordMode::datatrove ? "datatrove" : "fast");
  json.value("unicode_version", std::string(normalization_unicode_version()));
  json.value("documents", counters_.documents);
  json.value("kept", static_cast<std::uint64_t>(ids_.size()));
  json.value("exact_duplicates", counters_.exact);
  json.value("url_duplicates", counters_.url);
  json.value("near_duplicates", counters_.near);
  json.value("without_signature", counters_.without_signature);
  json.value("rejected_by_verification", counters_.rejected_by_verification);
  const double kept = std::max<double>(1.0, static_cast<double>(ids_.size()));
  json.begin_object("memory");
  json.value("index_bytes", static_cast<std::uint64_t>(index_memory_bytes()));
  json.value("document_bytes", static_cast<std::uint64_t>(document_memory_bytes()));
  json.value("index_bytes_per_kept_document", static_cast<double>(index_memory_bytes()) / kept);
  json.value("document_bytes_per_kept_document", static_cast<double>(document_memory_bytes()) / kept);
  json.end_object();
  write_clusters(json);
  if (!indexes_.empty()) write_against_index(json);
  if (plan_) plan_->summary().write(json);
  if (!config_.near) return;
  json.begin_object("lsh");
  json.value("ngram", static_cast<std::uint64_t>(minhash.ngram));
  json.value("bands", static_cast<std::uint64_t>(minhash.bands));
  json.value("rows", static_cast<std::uint64_t>(minhash.rows));
  json.value("seed", minhash.seed);
  json.value("threshold", lsh_threshold(minhash.bands, minhash.rows));
  json.begin_array("s_curve");
  for (int step = 1; step <= 20; ++step) {
    const double similarity = step * 0.05;
    json.begin_object();
    json.value("similarity", similarity);
    json.value("probability", lsh_probability(similarity, minhash.bands, minhash.rows));
    json.end_object();
  }
  json.end_array();
  json.end_object();
}

}  // namespace winnow::dedup

namespace winnow::dedup {

void MinHashDeduplicator::report_near_pair(const Document& doc, std::uint32_t kept, std::int64_t bands_matched) {
  std::uint8_t sketch[1024];
  const std::size_t hashes =
      unpack_sketch(doc.signature.data() + kHeader + bands_.size(), config_.minhash.hashes(), sketch);
  report_.on_near_pair(static_cast<std::uint32_t>(kept + kept_offset_), id_of(kept), doc.id, doc.text, sketch, hashes, static_cast<std::uint64_t>(bands_matched));
}

DedupReport MinHashDeduplicator::report() const {
  DedupReport report = report_with_settings(config_);
  for (const SourceCounts& counts : source_counts_) {
    // Names of indexed documents' inputs (against_index) are in sources_ for the matrix only.
    if (counts.documents_in > 0) report.sources.push_back(counts);
  }
  for (const auto& [pair, count] : removals_by_source_) {
    report.duplicates_matrix[{sources_[pair.first], sources_[pair.second]}] += count;
  }
  for (const std::uint16_t removed : removed_count_) {
    if (removed > 0) ++report.cluster_sizes[std::uint64_t{removed} + 1];
  }
  report.largest_clusters = report_.largest();
  report.bins = report_.bins();
  clock_.fill(report);
  report.prepare_seconds = static_cast<double>(prepare_nanoseconds_.load()) * 1e-9;
  return report;
}

void MinHashDeduplicator::set_earlier_stages(std::vector<StageUsage> stages, std::string own_stage) {
  clock_.set_earlier_stages(std::move(stages), std::move(own_stage));
}

void MinHashDeduplicator::finish(const std::string& output_dir) {
  clock_.stop();
  if (plan_) plan_->check_complete(counters_.documents);
  if (!config_.save_index.empty()) {
    IndexContents contents;
    contents.config = &config_;
    contents.exact = &exact_;
    contents.urls = &urls_;
    contents.bands = &bands_;
    contents.sketches = &sketches_;
    contents.id_bytes = id_bytes_;
    contents.id_ends = &ids_;
    contents.document_sources = &kept_source_;
    contents.sources = &sources_;
    save_index(config_.save_index, contents, true);
  }
  const DedupReport numbers = report();
  write_file_atomically(output_dir + "/dedup.json", dedup_report_json(numbers));
  write_file_atomically(output_dir + "/report.html", render_report_html(numbers));
}

}  // namespace winnow::dedup
