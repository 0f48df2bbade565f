#include "src/io/line_reader.h"

#include <algorithm>
#include <cstring>

namespace winnow {
namespace {
constexpr std::size_t kChunkBytes = std::size_t{256} << 10;

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}
}  // namespace

LineReader::LineReader(std::unique_ptr<ByteSource> source, LineReaderOptions options)
    : source_(std::move(source)), options_(options), chunk_(kChunkBytes) {}

void LineReader::append_to_line(LineBatch& batch, const char* data, std::size_t size) {
  if (!in_line_) {
    in_line_ = true;
    line_offset_ = batch.bytes.size();
    line_size_ = 0;
    line_too_long_ = false;
  }
  line_size_ += size;
  if (!line_too_long_ && line_size_ > options_.max_line_bytes) {
    // Over the limit: keep a prefix for the reject, drop what is held beyond it, skip the rest.
    line_too_long_ = true;
    const std::size_t held = batch.bytes.size() - line_offset_;
    batch.bytes.resize(line_offset_ + std::min(held, options_.reject_prefix_bytes));
  }
  if (line_too_long_) {
    const std::size_t held = batch.bytes.size() - line_offset_;
    const std::size_t room = options_.reject_prefix_bytes > held ? options_.reject_prefix_bytes - held : 0;
    batch.bytes.append(data, std::min(room, size));
    return;
  }
  batch.bytes.append(data, size);
}

void LineReader::end_line(LineBatch& batch) {
  const std::uint64_t line_number = next_line_number_++;
  if (!in_line_) {  // an empty line
    ++batch.blank_lines;
    return;
  }
  in_line_ = false;
  RawLine line;
  line.line_number = line_number;
  line.offset = line_offset_;
  line.size = batch.bytes.size() - line_offset_;
  if (line_too_long_) {
    line.problem = LineProblem::too_long;
    line.full_size = line_size_;
    batch.lines.push_back(line);
    return;
  }
  if (line.size > 0 && batch.bytes[line.offset + line.size - 1] == '\r') --line.size;
  if (is_blank(batch.line_bytes(line))) {
    ++batch.blank_lines;
    batch.bytes.resize(line_offset_);
    return;
  }
  batch.lines.push_back(line);
}

void LineReader::record_damage(LineBatch& batch, InputDamage damage) {
  RawLine line;
  line.problem = LineProblem::damaged;
  line.damage = static_cast<std::uint32_t>(batch.damages.size());
  batch.damages.push_back(std::move(damage));
  if (in_line_) {  // the damage cut this line short: reject what was read of it
    in_line_ = false;
    line.line_number = next_line_number_++;
    line.offset = line_offset_;
    line.size = batch.bytes.size() - line_offset_;
  } else {
    line.line_number = next_line_number_;
    line.offset = batch.bytes.size();
  }
  batch.lines.push_back(line);
}

std::optional<InputDamage> LineReader::over_limit() const {
  if (options_.max_decoded_bytes > 0 && decoded_bytes_ > options_.max_decoded_bytes) {
    return InputDamage{"decompression_limit", "decoded size passed input.max_decoded_bytes (" +
                                                  std::to_string(options_.max_decoded_bytes) +
                                                  "); the rest of the file was not read"};
  }
  const std::uint64_t compressed = std::max<std::uint64_t>(source_->compressed_bytes_read(), 1);
  if (options_.max_expansion_ratio > 0 && decoded_bytes_ >= LineReaderOptions::kExpansionCheckAfter &&
      static_cast<double>(decoded_bytes_) > options_.max_expansion_ratio * static_cast<double>(compressed)) {
    return InputDamage{"decompression_limit",
                       std::to_string(decoded_bytes_) + " bytes decoded from " + std::to_string(compressed) +
                           " compressed: over input.max_expansion_ratio (" +
                           std::to_string(static_cast<long long>(options_.max_expansion_ratio)) +
                           "); the rest of the file was not read"};
  }
  return std::nullopt;
}

bool LineReader::next(LineBatch& batch) {
  batch.clear();
  const std::uint64_t decoded_before = decoded_bytes_;
  while (!ended_) {
    if (chunk_pos_ == chunk_end_) {
      ReadResult result = source_->read(chunk_);
      if (result.end) {
        if (in_line_) end_line(batch);  // a last line without its newline
        ended_ = true;
        break;
      }
      if (result.damage) {
        record_damage(batch, std::move(*result.damage));
        if (batch.bytes.size() >= options_.batch_bytes) break;
        continue;
      }
      chunk_pos_ = 0;
      chunk_end_ = result.size;
      decoded_bytes_ += result.size;
      if (auto limit = over_limit()) {
        chunk_end_ = 0;  // nothing more of this file is read
        ended_ = true;
        record_damage(batch, std::move(*limit));
        break;
      }
    }
    const char* start = chunk_.data() + chunk_pos_;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', chunk_end_ - chunk_pos_));
    const std::size_t piece = newline != nullptr ? static_cast<std::size_t>(newline - start) : chunk_end_ - chunk_pos_;
    if (piece > 0) append_to_line(batch, start, piece);
    chunk_pos_ += piece;
    if (newline != nullptr) {
      ++chunk_pos_;
      end_line(batch);
      if (batch.bytes.size() >= options_.batch_bytes) break;
    }
  }
  batch.decoded_bytes = decoded_bytes_ - decoded_before;
  batch.bytes.append(kParsePadding, ' ');
  return !batch.lines.empty() || batch.blank_lines > 0 || batch.decoded_bytes > 0;
}

}  // namespace winnow
