#include "support/test_support.h"

#include <doctest/doctest.h>
#include <simdjson.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace winnow::test {
namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "winnow-test-XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

void write_file(const std::string& path, std::string_view bytes) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string zstd_compress(std::string_view bytes, int level) {
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  const std::size_t size = ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), level);
  REQUIRE(!ZSTD_isError(size));
  out.resize(size);
  return out;
}

std::string gzip_compress(std::string_view bytes) {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&stream, bytes.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string zstd_decompress_file(const std::string& path) {
  const std::string compressed = read_file(path);
  ZSTD_DCtx* context = ZSTD_createDCtx();
  std::string out;
  std::string buffer(ZSTD_DStreamOutSize(), '\0');
  ZSTD_inBuffer in{compressed.data(), compressed.size(), 0};
  std::size_t status = 0;
  while (in.pos < in.size) {
    ZSTD_outBuffer chunk{buffer.data(), buffer.size(), 0};
    status = ZSTD_decompressStream(context, &chunk, &in);
    REQUIRE_MESSAGE(!ZSTD_isError(status), path << ": " << ZSTD_getErrorName(status));
    out.append(buffer.data(), chunk.pos);
  }
  ZSTD_freeDCtx(context);
  REQUIRE_MESSAGE(status == 0, path << ": ends inside a frame");
  return out;
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.emplace_back(text.substr(start));
      break;
    }
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

namespace {
[[noreturn]] void exec_winnow(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string binary = WINNOW_BINARY;
  argv.push_back(binary.data());
  std::vector<std::string> copies(args);
  for (auto& arg : copies) argv.push_back(arg.data());
  argv.push_back(nullptr);
  ::execv(binary.c_str(), argv.data());
  ::_exit(127);
}
}  // namespace

int spawn_winnow(const std::vector<std::string>& args) {
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    if (std::freopen("/dev/null", "w", stdout) == nullptr || std::freopen("/dev/null", "w", stderr) == nullptr) {
      ::_exit(127);
    }
    exec_winnow(args);
  }
  return child;
}

int wait_for(int pid) {
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

CommandResult run_winnow(const std::vector<std::string>& args) {
  TempDir capture;
  const std::string out_path = capture / "stdout";
  const std::string err_path = capture / "stderr";
  std::fflush(stdout);  // or the child would flush a copy of our buffered output
  std::fflush(stderr);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::FILE* out = std::freopen(out_path.c_str(), "w", stdout);
    std::FILE* err = std::freopen(err_path.c_str(), "w", stderr);
    if (out == nullptr || err == nullptr) ::_exit(127);
    exec_winnow(args);
  }
  int status = 0;
  struct rusage usage {};
  REQUIRE(::wait4(child, &status, 0, &usage) == child);
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.peak_rss_kb = usage.ru_maxrss;
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

namespace {
std::uint64_t count_of(simdjson::dom::element object, const char* key) {
  std::uint64_t value = 0;
  REQUIRE_MESSAGE(object[key].get_uint64().get(value) == simdjson::SUCCESS, "stats.json lacks " << key);
  return value;
}

Ledger ledger_of(simdjson::dom::element object) {
  Ledger ledger;
  ledger.read = count_of(object, "read");
  ledger.kept = count_of(object, "kept");
  auto counts = [&](const char* key, ReasonCounts& out) {
    simdjson::dom::object reasons;
    REQUIRE(object[key].get_object().get(reasons) == simdjson::SUCCESS);
    for (auto [reason, value] : reasons) out[std::string(reason)] = value.get_uint64().value();
  };
  counts("dropped", ledger.dropped);
  counts("duplicates", ledger.duplicates);
  counts("errors", ledger.errors);
  counts("warnings", ledger.warnings);
  counts("repaired", ledger.repaired);
  return ledger;
}
}  // namespace

RunOutputs check_outputs(const std::string& output_dir, bool rejects_written) {
  RunOutputs outputs;
  outputs.stats = read_file(output_dir + "/stats.json");
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  REQUIRE(parser.parse(outputs.stats).get(root) == simdjson::SUCCESS);
  simdjson::dom::element totals;
  REQUIRE(root["totals"].get(totals) == simdjson::SUCCESS);
  outputs.totals = ledger_of(totals);
  CHECK_MESSAGE(outputs.totals.balanced(), "totals do not balance");
  CHECK(root["invariant_holds"].get_bool().value());

  Ledger summed;
  simdjson::dom::array inputs;
  REQUIRE(root["inputs"].get_array().get(inputs) == simdjson::SUCCESS);
  for (auto input : inputs) {
    const Ledger ledger = ledger_of(input);
    const std::string name(input["name"].get_string().value());
    CHECK_MESSAGE(ledger.balanced(), "ledger of " << name << " does not balance");
    summed.read += ledger.read;
    summed.kept += ledger.kept;
    const auto kept = lines_of(zstd_decompress_file(output_dir + "/kept/" + name + ".jsonl.zst"));
    CHECK_MESSAGE(kept.size() == ledger.kept, "kept/" << name << " holds " << kept.size() << " lines, ledger says "
                                                      << ledger.kept);
    outputs.kept.insert(outputs.kept.end(), kept.begin(), kept.end());
    if (rejects_written) {
      const auto rejects = lines_of(zstd_decompress_file(output_dir + "/rejects/" + name + ".jsonl.zst"));
      CHECK_MESSAGE(rejects.size() == ledger.read - ledger.kept,
                    "rejects/" << name << " holds " << rejects.size() << " lines, ledger says "
                               << ledger.read - ledger.kept);
      outputs.rejects.insert(outputs.rejects.end(), rejects.begin(), rejects.end());
    }
  }
  CHECK(summed.read == outputs.totals.read);
  CHECK(summed.kept == outputs.totals.kept);
  return outputs;
}

std::string stats_without_timing(const std::string& stats_json) {
  const std::size_t timing = stats_json.find("\"timing\"");
  REQUIRE(timing != std::string::npos);
  return stats_json.substr(0, timing);
}

}  // namespace winnow::test
