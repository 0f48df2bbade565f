// Decompressed bytes of one input file, with damage reported in place instead of thrown.
//
// A ByteSource yields the file's decoded bytes in order. When the compressed stream is damaged it does not
// throw: it returns a ReadResult carrying an InputDamage at the point in the decoded stream where the damage is
// (every byte before it has been delivered), then resynchronises where it can (the next zstd frame, the next
// gzip member) and goes on. The caller turns each damage into a counted, rejected record.
//
// The kind of decoder is chosen from the file's first bytes (zstd magic, gzip magic, else plain text), not from
// its name; a name that disagrees with the content is reported through `name_mismatch()`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

namespace winnow {

// A damaged region of the input. `reason` is a stable identifier used as the ledger's error key.
struct InputDamage {
  std::string reason;  // e.g. "zstd_corrupt_frame", "truncated_input", "gzip_trailing_garbage"
  std::string detail;  // human-readable, e.g. the decoder's message and the compressed offset
};

struct ReadResult {
  std::size_t size = 0;               // decoded bytes written into the caller's buffer
  std::optional<InputDamage> damage;  // set: damage at this point (after the `size` bytes); size is then 0
  bool end = false;                   // the file is exhausted (size is 0, damage unset)
};

enum class Encoding { plain, zstd, gzip };

// The first bytes of a zstd frame (RFC 8878: magic 0xFD2FB528, little-endian) and of a gzip member
// (RFC 1952: ID1 ID2 and CM = 8, deflate). Used to pick a decoder and to resynchronise after damage.
inline constexpr unsigned char kZstdFrameMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};
inline constexpr unsigned char kGzipMemberHeader[3] = {0x1F, 0x8B, 0x08};
const char* encoding_name(Encoding encoding);

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Fills up to buffer.size() bytes. REQUIRES: buffer is not empty.
  virtual ReadResult read(std::span<char> buffer) = 0;
  // Compressed bytes consumed from the file so far (for progress and throughput figures).
  virtual std::uint64_t compressed_bytes_read() const = 0;
  Encoding encoding() const { return encoding_; }

 protected:
  explicit ByteSource(Encoding encoding) : encoding_(encoding) {}

 private:
  Encoding encoding_;
};

// The encoding a file name promises: ".zst"/".zstd" -> zstd, ".gz" -> gzip, otherwise plain.
Encoding encoding_from_name(const std::string& path);

// Opens `path` and picks the decoder from its content. Throws Error if the file cannot be opened.
std::unique_ptr<ByteSource> open_byte_source(const std::string& path);

}  // namespace winnow
