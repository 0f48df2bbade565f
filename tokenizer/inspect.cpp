#include "tokenizer/inspect.h"

#include <cstring>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "tokenizer/rank_file.h"
#include "tokenizer/shard_format.h"

namespace winnow::tokenizer {
namespace {

// Bounds-checked little-endian reads; throw std::runtime_error on truncation.
class Reader {
 public:
  Reader(std::string_view data, std::string name) : data_(data), name_(std::move(name)) {}
  template <class T>
  T get(std::uint64_t offset) const {
    if (offset + sizeof(T) > data_.size()) {
      throw std::runtime_error(name_ + " is truncated: needs byte " + std::to_string(offset + sizeof(T)) +
                               ", has " + std::to_string(data_.size()));
    }
    T v;
    std::memcpy(&v, data_.data() + offset, sizeof(T));
    return v;
  }
  std::size_t size() const { return data_.size(); }

 private:
  std::string_view data_;
  std::string name_;
};

std::vector<std::uint32_t> read_tokens(const Reader& r, std::uint64_t offset, std::uint64_t count, bool uint16) {
  std::vector<std::uint32_t> ids;
  ids.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    ids.push_back(uint16 ? r.get<std::uint16_t>(offset + 2 * i)
                         : static_cast<std::uint32_t>(r.get<std::int32_t>(offset + 4 * i)));
  }
  return ids;
}

void print_document(std::ostream& out, const Encoding& enc, std::size_t n, std::span<const std::uint32_t> ids) {
  out << "--- document " << n << " (" << ids.size() << " tokens) ---\n" << enc.decode(ids) << "\n";
}

int inspect_megatron(const std::string& prefix, std::ostream& out, const Encoding& enc, std::size_t max_docs) {
  const std::string idx_data = read_whole_file(prefix + ".idx");
  const std::string bin_data = read_whole_file(prefix + ".bin");
  const Reader idx(idx_data, prefix + ".idx"), bin(bin_data, prefix + ".bin");
  if (idx_data.compare(0, sizeof megatron::kIndexMagic, std::string_view(megatron::kIndexMagic, 9)) != 0) {
    out << prefix << ".idx: not a Megatron index (bad magic)\n";
    return 1;
  }
  const auto version = idx.get<std::uint64_t>(9);
  const auto dtype = idx.get<std::uint8_t>(17);
  const auto sequences = idx.get<std::uint64_t>(18);
  const auto doc_entries = idx.get<std::uint64_t>(26);
  out << "format: Megatron indexed dataset\nversion: " << version << "\ndtype code: " << int(dtype)
      << (dtype == megatron::kDtypeUint16 ? " (uint16)" : dtype == megatron::kDtypeInt32 ? " (int32)" : " (?)")
      << "\nsequences: " << sequences << "\ndocuments: " << (doc_entries ? doc_entries - 1 : 0) << "\n";
  if (version != megatron::kIndexVersion || (dtype != megatron::kDtypeUint16 && dtype != megatron::kDtypeInt32)) {
    out << "error: unsupported version or dtype\n";
    return 1;
  }
  const std::uint64_t width = dtype == megatron::kDtypeUint16 ? 2 : 4;
  const std::uint64_t lengths_at = megatron::kIndexHeaderBytes, pointers_at = lengths_at + 4 * sequences,
                      docs_at = pointers_at + 8 * sequences;
  if (docs_at + 8 * doc_entries != idx.size()) {
    out << "error: .idx is " << idx.size() << " bytes, the header implies " << docs_at + 8 * doc_entries << "\n";
    return 1;
  }
  std::uint64_t tokens = 0;
  for (std::uint64_t s = 0; s < sequences; ++s) {
    const auto len = idx.get<std::int32_t>(lengths_at + 4 * s);
    if (idx.get<std::int64_t>(pointers_at + 8 * s) != static_cast<std::int64_t>(tokens * width) || len < 0) {
      out << "error: sequence " << s << " has an inconsistent pointer or length\n";
      return 1;
    }
    tokens += static_cast<std::uint64_t>(len);
  }
  out << "tokens: " << tokens << "\n";
  if (tokens * width != bin.size()) {
    out << "error: .bin is " << bin.size() << " bytes, the index implies " << tokens * width << "\n";
    return 1;
  }
  for (std::uint64_t s = 0; s < sequences && s < max_docs; ++s) {
    const auto len = static_cast<std::uint64_t>(idx.get<std::int32_t>(lengths_at + 4 * s));
    const auto ptr = static_cast<std::uint64_t>(idx.get<std::int64_t>(pointers_at + 8 * s));
    print_document(out, enc, s, read_tokens(bin, ptr, len, width == 2));
  }
  return 0;
}

int inspect_llmc(const std::string& path, std::ostream& out, const Encoding& enc, std::size_t max_docs) {
  const std::string data = read_whole_file(path);
  const Reader r(data, path);
  const auto magic = r.get<std::int32_t>(0), version = r.get<std::int32_t>(4), count = r.get<std::int32_t>(8);
  const bool uint16 = magic == llmc::kMagicUint16;
  out << "format: llm.c token shard\nmagic: " << magic << "\nversion: " << version << "\ntokens: " << count << "\n";
  if (!((uint16 && version == llmc::kVersionUint16) || (magic == llmc::kMagicUint32 && version == llmc::kVersionUint32))) {
    out << "error: unknown magic/version pair\n";
    return 1;
  }
  const std::uint64_t width = uint16 ? 2 : 4;
  if (count < 0 || llmc::kHeaderBytes + static_cast<std::uint64_t>(count) * width != data.size()) {
    out << "error: file is " << data.size() << " bytes, the header implies "
        << llmc::kHeaderBytes + static_cast<std::uint64_t>(count) * width << "\n";
    return 1;
  }
  const auto ids = read_tokens(r, llmc::kHeaderBytes, static_cast<std::uint64_t>(count), uint16);
  std::uint64_t eots = 0;
  for (std::uint32_t id : ids) eots += id == enc.end_of_text_id() ? 1 : 0;
  out << "end-of-text tokens: " << eots << "\n";
  // Cut at end-of-text ids, keeping each id with the text it precedes (llm.c prepends it).
  std::size_t begin = 0, shown = 0;
  for (std::size_t i = 1; i <= ids.size() && shown < max_docs; ++i) {
    if (i == ids.size() || ids[i] == enc.end_of_text_id()) {
      print_document(out, enc, shown++, std::span(ids).subspan(begin, i - begin));
      begin = i;
    }
  }
  return 0;
}

}  // namespace

int inspect_shard(const std::string& prefix, std::ostream& out, const Encoding& enc, std::size_t max_documents) {
  try {
    std::string base = prefix;
    for (const char* ext : {".idx", ".bin"}) {
      if (base.size() > 4 && base.compare(base.size() - 4, 4, ext) == 0 &&
          std::filesystem::exists(base.substr(0, base.size() - 4) + ".idx")) {
        base.resize(base.size() - 4);
        break;
      }
    }
    if (std::filesystem::exists(base + ".idx")) return inspect_megatron(base, out, enc, max_documents);
    if (std::filesystem::exists(prefix)) return inspect_llmc(prefix, out, enc, max_documents);
    out << "error: neither " << prefix << ".idx (Megatron) nor " << prefix << " (llm.c shard) exists\n";
    return 1;
  } catch (const std::exception& e) {
    out << "error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace winnow::tokenizer
