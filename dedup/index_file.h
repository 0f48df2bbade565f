// A saved dedup index: the streaming deduplicator's tables written to a folder at the end of a run
// (`--save-index DIR`, `dedup.save_index`), and read back by a later run (`--against-index DIR`,
// `dedup.against_index`) that removes its documents that duplicate an indexed one without reading the old data.
//
// Folder layout (format version 1; every binary file is little-endian 64-bit words, as x86-64 writes them):
//
//   index.json      {"format":"winnow-dedup-index","version":1,"parameters":{...},"documents":N,
//                    "files":[{"name":"exact.bin","bytes":...,"xxh3":"<16 hex>"},...]}
//   documents.bin   magic "WNIXDOCS", N, id byte count, source count; N id end offsets; N source numbers
//                   (one word each); then each source name as (length, bytes padded to 8); then the id bytes
//                   padded to 8
//   exact.bin       magic "WNIXEXCT", then ExactTable::write_words (exact: true)
//   url.bin         magic "WNIXEXCT", then ExactTable::write_words (url_field set)
//   band-KK.bin     magic "WNIXBAND", then BandTable::write_words of band KK (near: true), KK = 00..b-1
//   sketches.bin    magic "WNIXSKCH", hashes per document, then N x hashes bytes padded to 8 (saved with
//                   verify: signature only)
//
// "parameters" are the settings that make two runs' keys comparable (index_parameters below). A document's
// keys are seeded with its scope value, so an indexed document matches only documents of the same scope value
// (same source folder, same input name or same scope_field value; everything with scope: global). An index
// saved with scope: global may be loaded by a run with any scope, and then matches every document of the run.
//
// Saving is atomic in the sense that matters to a reader: index.json is removed first and written last, after
// every other file was written atomically (src/io/atomic_file.h), and it carries their sizes and XXH3-64
// checksums; a folder whose save was interrupted has no index.json, or files that do not match it, and loading
// it fails with a message instead of reading a mix of two indexes.
//
// Loading reads each file in one read, checks its size and checksum, then copies the words into the tables
// (one file's bytes in flight at a time). The loaded index costs what the kept documents of the saving run
// cost: per indexed document about 170-200 bytes of tables (14 bands, exact on; docs/DEDUP.md "Memory"), its
// id's length + 8 bytes and 2 bytes for its input; measured by bench/dedup: 189-200 bytes in all.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dedup/band_table.h"
#include "dedup/dedup_config.h"
#include "dedup/exact_table.h"

namespace winnow::dedup {

inline constexpr std::uint64_t kIndexFormatVersion = 1;

// (name, value) of every setting that decides the keys, in a fixed order; two configs whose lists are equal
// produce comparable keys. Settings that do not matter under the config are left out (scope_field without
// scope: field, cjk_ngram outside fast mode, ngram/bands/rows/seed without near).
std::vector<std::pair<std::string, std::string>> index_parameters(const DedupConfig& config);

// What save_index writes: views of the deduplicator's state (nothing is copied).
struct IndexContents {
  const DedupConfig* config = nullptr;
  const ExactTable* exact = nullptr;       // written when config->exact
  const ExactTable* urls = nullptr;        // written when config->url_field is set
  const std::vector<BandTable>* bands = nullptr;  // written when config->near
  const std::vector<std::uint8_t>* sketches = nullptr;  // hashes() bytes per document; may be empty
  std::string_view id_bytes;                           // ids concatenated
  const std::vector<std::uint64_t>* id_ends = nullptr;  // end of each id in id_bytes
  const std::vector<std::uint16_t>* document_sources = nullptr;  // per document: index into sources
  const std::vector<std::string>* sources = nullptr;
};

// Writes the index into `directory` (created if missing; an earlier index there is replaced). Throws Error.
void save_index(const std::string& directory, const IndexContents& contents, bool durable);

// A saved index, loaded read-only.
class LoadedIndex {
 public:
  // Loads `directory`. Throws Error("DIR: ...") naming the problem: no index.json, another format version, a
  // parameter that differs from `config`'s (named, with both values), a missing, truncated or changed file
  // (size or checksum), or tables that do not fit together. A global index needs only the other parameters
  // to be equal. `config.verify == signature` needs an index
  // saved with it (the sketches).
  LoadedIndex(const std::string& directory, const DedupConfig& config);

  const std::string& directory() const { return directory_; }
  // Saved with scope: global while this run has another scope: its keys are seeded as in global scope, and it
  // matches every document of the run (decontamination against an eval set in a per-source run).
  bool matches_every_scope() const { return matches_every_scope_; }
  std::uint32_t documents() const { return static_cast<std::uint32_t>(id_ends_.size()); }
  const ExactTable& exact() const { return exact_; }
  const ExactTable& urls() const { return urls_; }
  const std::vector<BandTable>& bands() const { return bands_; }
  std::string_view id_of(std::uint32_t document) const;
  std::string_view source_of(std::uint32_t document) const;  // the input name it was kept from
  // The document's one-byte-per-hash sketch. REQUIRES: loaded with verify: signature.
  const std::uint8_t* sketch_of(std::uint32_t document) const { return sketches_.data() + document * hashes_; }
  std::size_t memory_bytes() const;

 private:
  std::string directory_;
  bool matches_every_scope_ = false;
  ExactTable exact_;
  ExactTable urls_;
  std::vector<BandTable> bands_;
  std::vector<std::uint8_t> sketches_;
  std::size_t hashes_ = 0;
  std::string id_bytes_;
  std::vector<std::uint64_t> id_ends_;
  std::vector<std::uint16_t> document_sources_;
  std::vector<std::string> sources_;
};

}  // namespace winnow::dedup
