#include "tokenizer/llmc_writer.h"

#include <bit>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace winnow::tokenizer {

static_assert(std::endian::native == std::endian::little,
              "shard files are little endian; a big-endian port needs byte swaps here");

LlmcWriter::LlmcWriter(std::filesystem::path dir, std::string name, const Encoding& enc, LlmcWriterOptions options)
    : dir_(std::move(dir)),
      name_(std::move(name)),
      n_vocab_(enc.n_vocab()),
      uint16_tokens_(enc.n_vocab() <= llmc::kUint16VocabLimit),
      shard_tokens_(options.shard_tokens),
      manifest_(manifest_for(enc, "llm.c", options.end_of_text)) {
  if (shard_tokens_ == 0 || shard_tokens_ > 0x7fffffffULL) {
    throw std::invalid_argument("llm.c shard size must be 1..2147483647 tokens (the header count is int32), got " +
                                std::to_string(shard_tokens_));
  }
  manifest_.token_dtype = uint16_tokens_ ? "uint16" : "uint32";
}

std::string LlmcWriter::shard_file_name(std::size_t index) const {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%06zu", index);
  return name_ + (index == 0 ? "_val_" : "_train_") + digits + ".bin";
}

void LlmcWriter::open_shard() {
  shard_.emplace((dir_ / shard_file_name(manifest_.shards.size())).string());
  // Placeholder header; the token count is patched in by close_shard().
  shard_->write(std::string(llmc::kHeaderBytes, '\0'));
  in_shard_ = 0;
  documents_started_ = 0;
}

void LlmcWriter::close_shard() {
  std::int32_t header[3] = {uint16_tokens_ ? llmc::kMagicUint16 : llmc::kMagicUint32,
                            uint16_tokens_ ? llmc::kVersionUint16 : llmc::kVersionUint32,
                            static_cast<std::int32_t>(in_shard_)};
  shard_->write_at(0, std::string_view(reinterpret_cast<const char*>(header), sizeof header));
  shard_->commit();
  const std::size_t index = manifest_.shards.size();
  manifest_.shards.push_back(
      ShardEntry{shard_file_name(index), "", index == 0 ? "val" : "train", in_shard_, documents_started_});
  manifest_.tokens += in_shard_;
  shard_.reset();
}

void LlmcWriter::add_document(std::span<const std::uint32_t> ids) {
  if (finished_) throw std::logic_error("LlmcWriter::add_document after finish() in " + dir_.string());
  for (std::uint32_t id : ids) {
    if (id >= n_vocab_) {
      throw std::invalid_argument("document " + std::to_string(manifest_.documents) + " has token id " +
                                  std::to_string(id) + ", not below n_vocab " + std::to_string(n_vocab_));
    }
  }
  if (!shard_) open_shard();
  ++documents_started_;
  ++manifest_.documents;
  const std::size_t width = uint16_tokens_ ? 2 : 4;
  while (!ids.empty()) {
    if (!shard_) open_shard();
    const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(ids.size(), shard_tokens_ - in_shard_));
    buffer_.resize(take * width);
    char* out = buffer_.data();
    for (std::size_t i = 0; i < take; ++i, out += width) {
      if (uint16_tokens_) {
        const auto v = static_cast<std::uint16_t>(ids[i]);
        std::memcpy(out, &v, 2);
      } else {
        std::memcpy(out, &ids[i], 4);
      }
    }
    shard_->write(std::string_view(buffer_.data(), buffer_.size()));
    in_shard_ += take;
    ids = ids.subspan(take);
    if (in_shard_ == shard_tokens_) close_shard();
  }
}

const ShardManifest& LlmcWriter::finish() {
  if (finished_) throw std::logic_error("LlmcWriter::finish() twice in " + dir_.string());
  if (shard_ && in_shard_ > 0) close_shard();
  shard_.reset();
  manifest_.write(dir_ / (name_ + ".manifest.json"));
  finished_ = true;
  return manifest_;
}

}  // namespace winnow::tokenizer
