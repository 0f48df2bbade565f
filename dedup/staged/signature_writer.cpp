#include "dedup/staged/signature_writer.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "dedup/document_signature.h"
#include "src/records/json_scan.h"

namespace winnow::dedup::staged {
namespace {

using namespace signature_layout;

constexpr std::size_t kBufferRecords = 4096;  // 80 KB per open key file
constexpr std::uint64_t kDocumentBits = 28;   // what the streaming tables replace by the document number
constexpr std::uint64_t kDocumentMask = (std::uint64_t{1} << kDocumentBits) - 1;
// band_table.h compares a key's low 12 bits (its partition) and its top 36 (the stored fingerprint); bits
// 12..27 are never compared.
constexpr std::uint64_t kComparedBandBits = ~(kDocumentMask & ~std::uint64_t{0xFFF});

}  // namespace

SignatureWriter::SignatureWriter(const DedupConfig& config, const std::string& scratch_dir, bool write_ids)
    : config_(config), signatures_(config) {
  const std::uint32_t spaces = kFirstBandSpace + static_cast<std::uint32_t>(config.near ? config.minhash.bands : 0);
  files_.resize(spaces);
  for (std::uint32_t space = 0; space < spaces; ++space) {
    if (space == kExactSpace && !config.exact) continue;
    if (space == kUrlSpace && config.url_field.empty()) continue;
    files_[space] = std::make_unique<RecordWriter<BucketRecord>>(space_file(scratch_dir, space), kBufferRecords);
  }
  if (config.keep != KeepRule::first) scores_ = std::make_unique<RecordWriter<double>>(scores_file(scratch_dir), 8192);
  if (config.keep != KeepRule::first || write_ids) {
    id_bytes_ = std::make_unique<RecordWriter<char>>(id_bytes_file(scratch_dir), std::size_t{1} << 16);
    id_ends_ = std::make_unique<RecordWriter<std::uint64_t>>(id_ends_file(scratch_dir), 8192);
  }
  if (config.near && config.verify == Verification::signature) {
    sketches_ = std::make_unique<RecordWriter<std::uint8_t>>(sketches_file(scratch_dir), std::size_t{1} << 16);
  }
}

Verdict SignatureWriter::check(Document& doc) {
  if (documents_ >= UINT32_MAX) {
    throw Error(std::string(doc.source), doc.line, "dedup: more than 4,294,967,295 documents in one staged run");
  }
  const auto number = static_cast<std::uint32_t>(documents_++);
  if (by_source_.empty() || by_source_.back().first != doc.source) by_source_.emplace_back(doc.source, 0);
  ++by_source_.back().second;
  const std::vector<std::uint64_t>& signature = doc.signature;
  const std::uint64_t flags = flags_of(signature);
  // Exact and URL keys drop the 28 low bits the streaming exact table does not compare (exact_table.h).
  if ((flags & kHasExact) && files_[kExactSpace]) {
    files_[kExactSpace]->append({signature[kExactHigh], signature[kExactLow] & ~kDocumentMask, number});
  }
  if ((flags & kHasUrl) && files_[kUrlSpace]) {
    files_[kUrlSpace]->append({signature[kUrlHigh], signature[kUrlLow] & ~kDocumentMask, number});
  }
  const std::size_t bands = files_.size() - kFirstBandSpace;
  if (flags & kHasBands) {
    for (std::size_t band = 0; band < bands; ++band) {
      files_[kFirstBandSpace + band]->append({signature[kHeader + band] & kComparedBandBits, 0, number});
    }
  }
  if (sketches_) {
    // Every document gets a slot (zeros without a signature) so that the sweep finds doc d at d x hashes.
    const std::size_t hashes = config_.minhash.hashes();
    const std::uint64_t* packed = signature.data() + kHeader + bands;
    for (std::size_t i = 0; i < hashes; ++i) {
      sketches_->append((flags & kHasBands) ? static_cast<std::uint8_t>(packed[i / 8] >> (8 * (i % 8))) : 0);
    }
  }
  if (scores_) scores_->append(keep_score(doc, config_));
  if (id_bytes_) {
    id_bytes_->append(doc.id.data(), doc.id.size());
    id_ends_->append(id_bytes_->records());
  }
  return Verdict::keep();
}

double SignatureWriter::keep_score(const Document& doc, const DedupConfig& config) {
  if (config.keep == KeepRule::longest) return static_cast<double>(doc.text.size());
  constexpr double kNoValue = -std::numeric_limits<double>::infinity();
  const auto span = find_member_value(doc.record, config.keep_field);
  if (!span) return kNoValue;
  const char* begin = doc.record.data() + span->offset;
  const char* end = begin + span->size;
  double value = 0;
  const auto [stop, error] = std::from_chars(begin, end, value);
  // The whole value must be a number (from_chars accepts a prefix; JSON strings and literals start otherwise).
  if (error != std::errc() || stop != end || std::isnan(value)) return kNoValue;
  return value;
}

void SignatureWriter::finish(const std::string& /*output_dir*/) {
  if (finished_) return;
  finished_ = true;
  for (auto& file : files_) {
    if (file) file->close();
  }
  if (sketches_) sketches_->close();
  if (scores_) scores_->close();
  if (id_bytes_) {
    id_bytes_->close();
    id_ends_->close();
  }
}

std::uint64_t SignatureWriter::bytes_written() const {
  std::uint64_t bytes = sketches_ ? sketches_->records() : 0;
  if (scores_) bytes += scores_->records() * 8;
  if (id_bytes_) bytes += id_bytes_->records() + id_ends_->records() * 8;
  for (const auto& file : files_) {
    if (file) bytes += file->records() * sizeof(BucketRecord);
  }
  return bytes;
}

}  // namespace winnow::dedup::staged
