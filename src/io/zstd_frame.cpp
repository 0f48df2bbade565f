#include "src/io/zstd_frame.h"

#include <zstd.h>

#include <memory>

#include "src/error.h"

namespace winnow {
namespace {
struct ContextDeleter {
  void operator()(ZSTD_CCtx* context) const { ZSTD_freeCCtx(context); }
};
}  // namespace

void append_zstd_frame(std::string& out, std::string_view data, int level) {
  thread_local std::unique_ptr<ZSTD_CCtx, ContextDeleter> context(ZSTD_createCCtx());
  ZSTD_CCtx_reset(context.get(), ZSTD_reset_session_and_parameters);
  ZSTD_CCtx_setParameter(context.get(), ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(context.get(), ZSTD_c_checksumFlag, 1);
  const std::size_t start = out.size();
  out.resize(start + ZSTD_compressBound(data.size()));
  const std::size_t written =
      ZSTD_compress2(context.get(), out.data() + start, out.size() - start, data.data(), data.size());
  if (ZSTD_isError(written)) throw Error(std::string("zstd compression failed: ") + ZSTD_getErrorName(written));
  out.resize(start + written);
}

}  // namespace winnow
