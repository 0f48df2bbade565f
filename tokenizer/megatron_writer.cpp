#include "tokenizer/megatron_writer.h"

#include <bit>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "tokenizer/shard_format.h"

namespace winnow::tokenizer {
namespace {

static_assert(std::endian::native == std::endian::little,
              "shard files are little endian; a big-endian port needs byte swaps here");

template <class T>
void append_le(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

std::filesystem::path with_suffix(const std::filesystem::path& prefix, const char* suffix) {
  std::filesystem::path p = prefix;
  p += suffix;
  return p;
}

}  // namespace

MegatronWriter::MegatronWriter(std::filesystem::path prefix, const Encoding& enc, MegatronWriterOptions options)
    : prefix_(std::move(prefix)),
      n_vocab_(enc.n_vocab()),
      uint16_tokens_(enc.n_vocab() < megatron::kUint16VocabLimit),
      bin_(with_suffix(prefix_, ".bin").string()),
      manifest_(manifest_for(enc, "megatron", options.end_of_text)) {
  manifest_.token_dtype = uint16_tokens_ ? "uint16" : "int32";
}

void MegatronWriter::add_document(std::span<const std::uint32_t> ids) {
  if (finished_) throw std::logic_error("MegatronWriter::add_document after finish() for " + prefix_.string());
  if (ids.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    throw std::invalid_argument("document " + std::to_string(lengths_.size()) + " has " +
                                std::to_string(ids.size()) + " tokens; Megatron's index stores int32 lengths");
  }
  const std::size_t width = uint16_tokens_ ? 2 : 4;
  buffer_.resize(ids.size() * width);
  char* out = buffer_.data();
  for (std::uint32_t id : ids) {
    if (id >= n_vocab_) {
      throw std::invalid_argument("document " + std::to_string(lengths_.size()) + " has token id " +
                                  std::to_string(id) + ", not below n_vocab " + std::to_string(n_vocab_));
    }
    if (uint16_tokens_) {
      const auto v = static_cast<std::uint16_t>(id);
      std::memcpy(out, &v, 2);
    } else {
      const auto v = static_cast<std::int32_t>(id);
      std::memcpy(out, &v, 4);
    }
    out += width;
  }
  bin_.write(std::string_view(buffer_.data(), buffer_.size()));
  lengths_.push_back(static_cast<std::int32_t>(ids.size()));
  tokens_ += ids.size();
}

const ShardManifest& MegatronWriter::finish() {
  if (finished_) throw std::logic_error("MegatronWriter::finish() twice for " + prefix_.string());
  const std::uint64_t sequences = lengths_.size();
  const std::uint64_t width = uint16_tokens_ ? 2 : 4;

  winnow::AtomicFile idx(with_suffix(prefix_, ".idx").string());
  std::string header(megatron::kIndexMagic, sizeof megatron::kIndexMagic);
  append_le<std::uint64_t>(header, megatron::kIndexVersion);
  append_le<std::uint8_t>(header, uint16_tokens_ ? megatron::kDtypeUint16 : megatron::kDtypeInt32);
  append_le<std::uint64_t>(header, sequences);
  append_le<std::uint64_t>(header, sequences + 1);  // document index entries
  idx.write(header);

  // Written in chunks so a huge dataset never needs all three arrays in memory at once.
  std::string chunk;
  auto flush_if_big = [&] {
    if (chunk.size() >= (1u << 20)) {
      idx.write(chunk);
      chunk.clear();
    }
  };
  for (std::int32_t len : lengths_) {
    append_le<std::int32_t>(chunk, len);
    flush_if_big();
  }
  std::int64_t pointer = 0;
  for (std::int32_t len : lengths_) {
    append_le<std::int64_t>(chunk, pointer);
    pointer += static_cast<std::int64_t>(len) * static_cast<std::int64_t>(width);
    flush_if_big();
  }
  for (std::uint64_t d = 0; d <= sequences; ++d) {
    append_le<std::int64_t>(chunk, static_cast<std::int64_t>(d));
    flush_if_big();
  }
  idx.write(chunk);

  bin_.commit();
  idx.commit();
  manifest_.documents = sequences;
  manifest_.tokens = tokens_;
  manifest_.shards = {ShardEntry{with_suffix(prefix_, ".bin").filename().string(),
                                 with_suffix(prefix_, ".idx").filename().string(), "", tokens_, sequences}};
  manifest_.write(with_suffix(prefix_, ".manifest.json"));
  finished_ = true;
  return manifest_;
}

}  // namespace winnow::tokenizer
