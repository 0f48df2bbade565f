#include "dedup/staged/cluster_deduplicator.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "dedup/report_html.h"
#include "src/error.h"
#include "src/io/atomic_file.h"

namespace winnow::dedup::staged {
namespace {

int open_or_throw(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(path + ": cannot open: " + std::strerror(errno));
  return fd;
}

void read_at(int fd, void* out, std::size_t size, std::uint64_t offset, const std::string& what) {
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::pread(fd, static_cast<char*>(out) + got, size - got, static_cast<off_t>(offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw Error(what + ": cannot read at offset " + std::to_string(offset + got));
    got += static_cast<std::size_t>(n);
  }
}

constexpr const char* kChanged = "dedup: the inputs changed between the staged mode's passes";

}  // namespace

ClusterDeduplicator::ClusterDeduplicator(const DedupConfig& config, const std::string& dir, ClusterCounts counts,
                                         StagedSummary summary)
    : config_(config), dir_(dir), counts_(counts), summary_(std::move(summary)),
      members_(clusters_file(dir), 4096) {
  next_ = members_.next();
  id_bytes_fd_ = open_or_throw(id_bytes_file(dir));
  id_ends_fd_ = open_or_throw(id_ends_file(dir));
}

ClusterDeduplicator::~ClusterDeduplicator() {
  ::close(id_bytes_fd_);
  ::close(id_ends_fd_);
}

std::string ClusterDeduplicator::id_of(std::uint32_t doc) const {
  std::uint64_t ends[2] = {0, 0};  // end of the previous id, end of this one
  if (doc == 0) {
    read_at(id_ends_fd_, &ends[1], sizeof ends[1], 0, id_ends_file(dir_));
  } else {
    read_at(id_ends_fd_, ends, sizeof ends, (std::uint64_t{doc} - 1) * sizeof ends[0], id_ends_file(dir_));
  }
  if (ends[1] < ends[0] || ends[1] - ends[0] > (std::uint64_t{1} << 30)) throw Error(id_ends_file(dir_) + ": damaged");
  std::string id(ends[1] - ends[0], '\0');
  read_at(id_bytes_fd_, id.data(), id.size(), ends[0], id_bytes_file(dir_));
  return id;
}

Verdict ClusterDeduplicator::check(Document& doc) {
  const ReportClock::CheckTimer timer = clock_.time_check();  // on every return path
  const std::uint64_t number = documents_++;
  if (number >= counts_.documents) throw Error(std::string(doc.source), doc.line, kChanged);
  SourceCounts& counts = sources_[source_index(doc.source)];
  ++counts.documents_in;
  counts.bytes_in += doc.text.size();
  counts.tokens_in += doc.tokens.size();  // filled by the tokenizer's prepare(), when there is one
  const auto kept = [&] {
    ++counts.documents_out;
    counts.bytes_out += doc.text.size();
    counts.tokens_out += doc.tokens.size();
    return Verdict::keep();
  };
  if (!next_ || next_->doc != number) return kept();
  const ClusterMember member = *next_;
  next_ = members_.next();
  if (member.survivor == member.doc) {
    if (config_.annotate_kept_clusters) {
      doc.added_metadata["cluster_id"] = std::to_string(member.cluster);
      doc.added_metadata["cluster_size"] = std::to_string(member.size);
    }
    ++cluster_sizes_[member.size];
    // The size is final here; the sample is the survivor's own text.
    collector_.on_removed(member.cluster, member.size, doc.id, doc.id, doc.text);
    return kept();
  }
  ++removed_;
  ++counts.cluster_duplicates;
  std::string fields = "\"duplicate_of\":";
  append_json_string(fields, id_of(member.survivor));
  fields += ",\"cluster\":" + std::to_string(member.cluster) + ",\"cluster_size\":" + std::to_string(member.size);
  return Verdict::drop("cluster_duplicate", std::move(fields));
}

std::size_t ClusterDeduplicator::source_index(std::string_view source) {
  // Documents arrive input by input: the current source is almost always the one asked for.
  if (!starts_.empty() && sources_[starts_.back().second].name == source) return starts_.back().second;
  std::size_t index = 0;
  while (index < sources_.size() && sources_[index].name != source) ++index;
  if (index == sources_.size()) sources_.push_back({std::string(source)});
  starts_.emplace_back(documents_ - 1, index);  // called after documents_ counted this document
  return index;
}

std::size_t ClusterDeduplicator::source_of_document(std::uint64_t doc) const {
  const auto after = std::upper_bound(starts_.begin(), starts_.end(), doc,
                                      [](std::uint64_t d, const auto& start) { return d < start.first; });
  if (after == starts_.begin()) throw Error(std::string(kChanged) + " (a cluster member before the first document)");
  return std::prev(after)->second;
}

DedupReport ClusterDeduplicator::report() const {
  DedupReport report = report_with_settings(config_);
  report.sources = sources_;
  // The matrix needs each survivor's input, and a survivor may come after its removed members: counted now
  // that every document (and so every input's first document number) was seen.
  RecordReader<ClusterMember> members(clusters_file(dir_), 4096);
  while (const ClusterMember* member = members.next()) {
    if (member->survivor == member->doc) continue;
    ++report.duplicates_matrix[{sources_[source_of_document(member->doc)].name,
                                sources_[source_of_document(member->survivor)].name}];
  }
  report.cluster_sizes = cluster_sizes_;
  report.largest_clusters = collector_.largest();
  report.bins_note =
      "No sampled pairs with keep: " + report.keep +
      ": its pass 2 computes no signatures, and a cluster member may share no key with its survivor (clusters are "
      "connected components), so there is no pair similarity to bin.";
  clock_.fill(report);
  return report;
}

void ClusterDeduplicator::set_earlier_stages(std::vector<StageUsage> stages, std::string own_stage) {
  clock_.set_earlier_stages(std::move(stages), std::move(own_stage));
}

void ClusterDeduplicator::write_stats(JsonBuilder& json) const {
  json.value("keep", config_.keep == KeepRule::longest ? "longest" : "field");
  if (config_.keep == KeepRule::field) json.value("keep_field", config_.keep_field);
  json.value("documents", documents_);
  json.value("kept", documents_ - removed_);
  json.value("cluster_duplicates", removed_);
  json.value("clusters", counts_.clusters);
  json.value("largest_cluster", counts_.largest_cluster);
  json.value("links_rejected_by_verification", counts_.links_rejected_by_verification);
  summary_.write(json);
}

void ClusterDeduplicator::finish(const std::string& output_dir) {
  if (documents_ != counts_.documents || next_ || removed_ != counts_.removed) {
    throw Error(std::string(kChanged) + " (pass 1 numbered " + std::to_string(counts_.documents) +
                " documents, pass 2 saw " + std::to_string(documents_) + ")");
  }
  clock_.stop();
  const DedupReport numbers = report();
  write_file_atomically(output_dir + "/dedup.json", dedup_report_json(numbers));
  write_file_atomically(output_dir + "/report.html", render_report_html(numbers));
}

}  // namespace winnow::dedup::staged
