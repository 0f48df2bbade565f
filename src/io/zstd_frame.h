// Compresses one batch of output into one self-contained zstd frame (content size and checksum included).
//
// Why frames per batch: output files are concatenations of frames, which every zstd reader decodes as one
// stream. Compressing each batch on its own lets the pipeline compress in its parallel stage, so the serial
// writer only appends bytes; the frames depend only on the batch contents, so output stays byte-identical
// whatever the thread count. The cost is a slightly worse ratio at 2 MiB batches (well under 1%).
#pragma once

#include <string>
#include <string_view>

namespace winnow {

// Appends the frame to `out`. Thread-safe (one compression context per thread).
void append_zstd_frame(std::string& out, std::string_view data, int level);

}  // namespace winnow
