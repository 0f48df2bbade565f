#include "dedup/index_file.h"

#include <simdjson.h>
#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>

#include "src/error.h"
#include "src/io/atomic_file.h"
#include "src/records/json_text.h"

namespace winnow::dedup {
namespace fs = std::filesystem;
namespace {

// The header and file names that the writer and the reader share.
constexpr std::string_view kFormat = "winnow-dedup-index";
constexpr std::string_view kManifest = "index.json";
constexpr char kDocumentsMagic[9] = "WNIXDOCS";
constexpr char kExactMagic[9] = "WNIXEXCT";
constexpr char kBandMagic[9] = "WNIXBAND";
constexpr char kSketchMagic[9] = "WNIXSKCH";

std::uint64_t magic_word(const char (&magic)[9]) {
  std::uint64_t word = 0;
  std::memcpy(&word, magic, 8);
  return word;
}

std::string band_file(std::size_t band) {
  char name[32];
  std::snprintf(name, sizeof name, "band-%02zu.bin", band);
  return name;
}

std::string hex64(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

// One file of the index being written: atomic, and checksummed as it is written.
class IndexFileWriter {
 public:
  IndexFileWriter(const std::string& path, bool durable) : file_(path, durable), state_(XXH3_createState()) {
    if (state_ == nullptr) throw Error(path, 0, "out of memory");
    XXH3_64bits_reset(state_.get());
  }
  void write(std::string_view bytes) {
    file_.write(bytes);
    XXH3_64bits_update(state_.get(), bytes.data(), bytes.size());
  }
  void word(std::uint64_t value) { write({reinterpret_cast<const char*>(&value), sizeof value}); }
  void pad_to_word() {
    static constexpr char zeros[8] = {};
    if (file_.size() % 8 != 0) write({zeros, 8 - file_.size() % 8});
  }
  // Commits the file; returns its size and checksum for index.json.
  std::pair<std::uint64_t, std::string> commit() {
    const std::uint64_t bytes = file_.size();
    const std::uint64_t checksum = XXH3_64bits_digest(state_.get());
    file_.commit();
    return {bytes, hex64(checksum)};
  }

 private:
  struct FreeState {
    void operator()(XXH3_state_t* state) const { XXH3_freeState(state); }
  };
  AtomicFile file_;
  std::unique_ptr<XXH3_state_t, FreeState> state_;
};

const char* mode_name(WordMode mode) { return mode == WordMode::datatrove ? "datatrove" : "fast"; }

const char* normalization_name(ExactNormalization normalization) {
  switch (normalization) {
    case ExactNormalization::none: return "none";
    case ExactNormalization::whitespace: return "whitespace";
    case ExactNormalization::minhash: return "minhash";
  }
  return "?";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> index_parameters(const DedupConfig& config) {
  const MinHashSettings& minhash = config.minhash;
  std::vector<std::pair<std::string, std::string>> parameters;
  parameters.emplace_back("scope", scope_name(config.scope));
  if (config.scope == Scope::field) parameters.emplace_back("scope_field", config.scope_field);
  parameters.emplace_back("exact", config.exact ? "true" : "false");
  if (config.exact) parameters.emplace_back("exact_normalization", normalization_name(config.exact_normalization));
  parameters.emplace_back("url_field", config.url_field);
  parameters.emplace_back("near", config.near ? "true" : "false");
  // The word mode also decides exact_normalization: minhash.
  parameters.emplace_back("mode", mode_name(minhash.mode));
  if (config.near || (config.exact && config.exact_normalization == ExactNormalization::minhash)) {
    if (minhash.mode == WordMode::fast) parameters.emplace_back("cjk_ngram", std::to_string(minhash.cjk_ngram));
  }
  if (config.near) {
    parameters.emplace_back("ngram", std::to_string(minhash.ngram));
    parameters.emplace_back("bands", std::to_string(minhash.bands));
    parameters.emplace_back("rows", std::to_string(minhash.rows));
    parameters.emplace_back("seed", std::to_string(minhash.seed));
  }
  return parameters;
}

void save_index(const std::string& directory, const IndexContents& contents, bool durable) {
  const DedupConfig& config = *contents.config;
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) throw Error(directory, 0, "cannot create the index folder: " + error.message());
  // Without index.json the folder is not an index: a save interrupted from here on is never loaded.
  fs::remove(fs::path(directory) / kManifest, error);
  if (error) throw Error(directory, 0, "cannot replace the earlier index: " + error.message());

  const std::size_t documents = contents.id_ends->size();
  std::vector<std::pair<std::string, std::pair<std::uint64_t, std::string>>> files;
  // Only the sources some document was kept from (the deduplicator also names indexed documents' inputs).
  std::vector<std::uint64_t> renumbered(contents.sources->size(), UINT64_MAX);
  std::vector<std::string> sources;
  for (const std::uint16_t source : *contents.document_sources) {
    if (renumbered[source] != UINT64_MAX) continue;
    renumbered[source] = sources.size();
    sources.push_back((*contents.sources)[source]);
  }
  auto path_of = [&](const std::string& name) { return (fs::path(directory) / name).string(); };

  {
    IndexFileWriter file(path_of("documents.bin"), durable);
    file.word(magic_word(kDocumentsMagic));
    file.word(documents);
    file.word(contents.id_bytes.size());
    file.word(sources.size());
    file.write({reinterpret_cast<const char*>(contents.id_ends->data()), documents * sizeof(std::uint64_t)});
    for (const std::uint16_t source : *contents.document_sources) file.word(renumbered[source]);
    for (const std::string& source : sources) {
      file.word(source.size());
      file.write(source);
      file.pad_to_word();
    }
    file.write(contents.id_bytes);
    file.pad_to_word();
    files.emplace_back("documents.bin", file.commit());
  }
  auto write_table = [&](const std::string& name, const char (&magic)[9], const auto& table) {
    IndexFileWriter file(path_of(name), durable);
    file.word(magic_word(magic));
    table.write_words([&](std::string_view bytes) { file.write(bytes); });
    files.emplace_back(name, file.commit());
  };
  if (config.exact) write_table("exact.bin", kExactMagic, *contents.exact);
  if (!config.url_field.empty()) write_table("url.bin", kExactMagic, *contents.urls);
  if (config.near) {
    for (std::size_t band = 0; band < contents.bands->size(); ++band) {
      write_table(band_file(band), kBandMagic, (*contents.bands)[band]);
    }
  }
  const bool with_sketches = contents.sketches != nullptr && !contents.sketches->empty();
  if (with_sketches) {
    IndexFileWriter file(path_of("sketches.bin"), durable);
    file.word(magic_word(kSketchMagic));
    file.word(config.minhash.hashes());
    file.write({reinterpret_cast<const char*>(contents.sketches->data()), contents.sketches->size()});
    file.pad_to_word();
    files.emplace_back("sketches.bin", file.commit());
  }

  JsonBuilder json(2);
  json.begin_object();
  json.value("format", kFormat);
  json.value("version", kIndexFormatVersion);
  json.begin_object("parameters");
  for (const auto& [name, value] : index_parameters(config)) json.value(name, value);
  json.end_object();
  json.value("documents", static_cast<std::uint64_t>(documents));
  json.value("sketches", with_sketches);
  json.begin_array("sources");
  for (const std::string& source : sources) json.value({}, source);
  json.end_array();
  json.begin_array("files");
  for (const auto& [name, checksum] : files) {
    json.begin_object();
    json.value("name", name);
    json.value("bytes", checksum.first);
    json.value("xxh3", checksum.second);
    json.end_object();
  }
  json.end_array();
  json.end_object();
  write_file_atomically(path_of(std::string(kManifest)), json.str() + "\n", durable);
}

namespace {

struct ManifestFile {
  std::uint64_t bytes = 0;
  std::string xxh3;
};

// Reads a whole index file in one read and checks it against index.json; returns its 64-bit words.
std::vector<std::uint64_t> read_checked(const std::string& directory, const std::string& name,
                                        const std::map<std::string, ManifestFile>& listed) {
  const std::string path = (fs::path(directory) / name).string();
  const auto entry = listed.find(name);
  if (entry == listed.end()) throw Error(path, 0, "index.json does not list this file (the index is damaged)");
  std::error_code error;
  const std::uint64_t size = fs::file_size(path, error);
  if (error) throw Error(path, 0, "missing from the index: " + error.message());
  if (size != entry->second.bytes) {
    throw Error(path, 0, "is " + std::to_string(size) + " bytes, index.json says " +
                             std::to_string(entry->second.bytes) + " (truncated or replaced)");
  }
  if (size % 8 != 0 || size < 8) throw Error(path, 0, "is not a whole number of 64-bit words");
  std::vector<std::uint64_t> words(size / 8);
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) throw Error(path, 0, "cannot open");
  const std::size_t read = std::fread(words.data(), 1, size, file);
  std::fclose(file);
  if (read != size) throw Error(path, 0, "could not be read whole");
  if (hex64(XXH3_64bits(words.data(), size)) != entry->second.xxh3) {
    throw Error(path, 0, "checksum does not match index.json (the file is damaged or was changed)");
  }
  return words;
}

void expect_magic(const std::vector<std::uint64_t>& words, const char (&magic)[9], const std::string& path) {
  if (words.empty() || words[0] != magic_word(magic)) {
    throw Error(path, 0, std::string("does not start with ") + magic);
  }
}

}  // namespace

LoadedIndex::LoadedIndex(const std::string& directory, const DedupConfig& config) : directory_(directory) {
  const std::string manifest_path = (fs::path(directory) / kManifest).string();
  simdjson::padded_string manifest_text;
  if (simdjson::padded_string::load(manifest_path).get(manifest_text) != simdjson::SUCCESS) {
    throw Error(directory, 0, "not a winnow dedup index: no readable index.json (was the save interrupted?)");
  }
  simdjson::dom::parser parser;
  simdjson::dom::element manifest;
  std::string_view format;
  std::uint64_t version = 0;
  std::uint64_t documents = 0;
  bool sketches = false;
  simdjson::dom::object parameters;
  simdjson::dom::array file_list;
  if (parser.parse(manifest_text).get(manifest) != simdjson::SUCCESS ||
      manifest["format"].get(format) != simdjson::SUCCESS || format != kFormat) {
    throw Error(manifest_path, 0, "not a winnow dedup index (no \"format\":\"winnow-dedup-index\")");
  }
  if (manifest["version"].get(version) != simdjson::SUCCESS || version != kIndexFormatVersion) {
    throw Error(manifest_path, 0, "index format version " + std::to_string(version) + "; this winnow reads version " +
                                      std::to_string(kIndexFormatVersion) + " (save the index again with this winnow)");
  }
  if (manifest["parameters"].get(parameters) != simdjson::SUCCESS ||
      manifest["documents"].get(documents) != simdjson::SUCCESS ||
      manifest["sketches"].get(sketches) != simdjson::SUCCESS ||
      manifest["files"].get(file_list) != simdjson::SUCCESS) {
    throw Error(manifest_path, 0, "index.json lacks parameters, documents, sketches or files");
  }
  if (documents > BandTable::kMaxDocuments) throw Error(manifest_path, 0, "more documents than an index can hold");

  // Every parameter that decides the keys must be equal, or the tables' keys mean something else. A global
  // index is compared as if this run were global: the run computes global keys for it (minhash_deduplicator.h).
  std::map<std::string, std::string> saved;
  for (const auto field : parameters) {
    std::string_view value;
    if (field.value.get(value) != simdjson::SUCCESS) throw Error(manifest_path, 0, "a parameter is not a string");
    saved.emplace(std::string(field.key), std::string(value));
  }
  DedupConfig compared = config;
  if (saved.count("scope") && saved.at("scope") == scope_name(Scope::global) && config.scope != Scope::global) {
    compared.scope = Scope::global;
    matches_every_scope_ = true;
  }
  const auto wanted = index_parameters(compared);
  for (const auto& [name, value] : wanted) {
    const auto found = saved.find(name);
    const std::string theirs = found == saved.end() ? "(not set)" : "'" + found->second + "'";
    if (found == saved.end() || found->second != value) {
      throw Error(directory, 0, "this index was saved with dedup." + name + " = " + theirs + ", this run has '" + value +
                                    "': the keys are not comparable; use the same setting or save the index again");
    }
  }
  for (const auto& [name, value] : saved) {
    const std::string& saved_name = name;
    const bool known =
        std::any_of(wanted.begin(), wanted.end(), [&](const auto& wanted_one) { return wanted_one.first == saved_name; });
    if (!known) {
      throw Error(directory, 0, "this index was saved with dedup." + name + " = '" + value +
                                    "', which does not apply to this run's config: the keys are not comparable");
    }
  }
  if (config.verify == Verification::signature && !sketches) {
    throw Error(directory, 0, "this run has verify: signature, but the index was saved without it (no sketches)");
  }

  std::map<std::string, ManifestFile> listed;
  for (const auto item : file_list) {
    std::string_view name;
    ManifestFile file;
    std::string_view checksum;
    if (item["name"].get(name) != simdjson::SUCCESS || item["bytes"].get(file.bytes) != simdjson::SUCCESS ||
        item["xxh3"].get(checksum) != simdjson::SUCCESS) {
      throw Error(manifest_path, 0, "a file entry lacks name, bytes or xxh3");
    }
    file.xxh3 = std::string(checksum);
    listed.emplace(std::string(name), std::move(file));
  }

  const auto count = static_cast<std::uint32_t>(documents);
  {
    const std::string path = (fs::path(directory) / "documents.bin").string();
    const std::vector<std::uint64_t> words = read_checked(directory, "documents.bin", listed);
    expect_magic(words, kDocumentsMagic, path);
    if (words.size() < 4 || words[1] != documents) throw Error(path, 0, "does not hold the documents index.json counts");
    const std::uint64_t id_size = words[2];
    const std::uint64_t source_count = words[3];
    std::size_t at = 4;
    auto need = [&](std::uint64_t more) {
      if (more > words.size() || at + more > words.size()) throw Error(path, 0, "is shorter than its header says");
    };
    need(2 * documents);
    id_ends_.assign(words.data() + at, words.data() + at + documents);
    at += documents;
    document_sources_.reserve(documents);
    for (std::uint64_t i = 0; i < documents; ++i) {
      if (words[at + i] >= source_count) throw Error(path, 0, "a document names a source that is not listed");
      document_sources_.push_back(static_cast<std::uint16_t>(words[at + i]));
    }
    at += documents;
    if (source_count > UINT16_MAX) throw Error(path, 0, "too many sources");
    for (std::uint64_t s = 0; s < source_count; ++s) {
      need(1);
      const std::uint64_t length = words[at++];
      need((length + 7) / 8);
      sources_.emplace_back(reinterpret_cast<const char*>(words.data() + at), length);
      at += (length + 7) / 8;
    }
    need((id_size + 7) / 8);
    if (at + (id_size + 7) / 8 != words.size()) throw Error(path, 0, "has bytes after the ids");
    id_bytes_.assign(reinterpret_cast<const char*>(words.data() + at), id_size);
    std::uint64_t previous = 0;
    for (const std::uint64_t end : id_ends_) {
      if (end < previous || end > id_size) throw Error(path, 0, "id offsets are out of order");
      previous = end;
    }
  }
  auto table_words = [&](const std::string& name, const char (&magic)[9]) {
    const std::vector<std::uint64_t> words = read_checked(directory, name, listed);
    expect_magic(words, magic, (fs::path(directory) / name).string());
    return words;
  };
  auto load = [&](const std::string& name, const char (&magic)[9], auto make) {
    const std::vector<std::uint64_t> words = table_words(name, magic);
    try {
      return make(std::span<const std::uint64_t>(words).subspan(1));
    } catch (const Error& error) {
      throw Error((fs::path(directory) / name).string(), 0, error.what());
    }
  };
  auto exact_table = [&](std::span<const std::uint64_t> words) { return ExactTable::from_words(words, count); };
  if (config.exact) exact_ = load("exact.bin", kExactMagic, exact_table);
  if (!config.url_field.empty()) urls_ = load("url.bin", kExactMagic, exact_table);
  if (config.near) {
    for (std::size_t band = 0; band < config.minhash.bands; ++band) {
      bands_.push_back(load(band_file(band), kBandMagic,
                            [&](std::span<const std::uint64_t> words) { return BandTable::from_words(words, count); }));
    }
  }
  if (config.verify == Verification::signature) {
    const std::string path = (fs::path(directory) / "sketches.bin").string();
    const std::vector<std::uint64_t> words = table_words("sketches.bin", kSketchMagic);
    hashes_ = config.minhash.hashes();
    if (words.size() < 2 || words[1] != hashes_ || (words.size() - 2) * 8 < documents * hashes_ ||
        (words.size() - 2) != (documents * hashes_ + 7) / 8) {
      throw Error(path, 0, "does not hold one sketch per document");
    }
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(words.data() + 2);
    sketches_.assign(bytes, bytes + documents * hashes_);
  }
}

std::string_view LoadedIndex::id_of(std::uint32_t document) const {
  const std::size_t begin = document == 0 ? 0 : id_ends_[document - 1];
  return std::string_view(id_bytes_).substr(begin, id_ends_[document] - begin);
}

std::string_view LoadedIndex::source_of(std::uint32_t document) const { return sources_[document_sources_[document]]; }

std::size_t LoadedIndex::memory_bytes() const {
  std::size_t bytes = exact_.memory_bytes() + urls_.memory_bytes() + sketches_.capacity() + id_bytes_.capacity() +
                      id_ends_.capacity() * sizeof(std::uint64_t) + document_sources_.capacity() * sizeof(std::uint16_t);
  for (const BandTable& band : bands_) bytes += band.memory_bytes();
  return bytes;
}

}  // namespace winnow::dedup
