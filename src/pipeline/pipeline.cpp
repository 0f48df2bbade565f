#include "src/pipeline/pipeline.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>

#include <chrono>
#include <filesystem>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>

#include "src/error.h"
#include "src/io/atomic_file.h"
#include "src/io/line_reader.h"
#include "src/io/zstd_frame.h"
#include "src/pipeline/batch.h"
#include "src/pipeline/output_layout.h"
#include "src/pipeline/progress.h"
#include "src/records/record_output.h"
#include "src/records/record_parser.h"

namespace winnow {
namespace {

// One input to read: processed, or replayed from its kept/ shard (see run_pipeline).
struct InputWork {
  std::size_t index = 0;
  bool replay = false;
};

// Serial stage 1: turns the inputs, one after the other, into batches. Never throws for bad input: an input
// that cannot be opened or read becomes a damaged record of that input.
class BatchReader {
 public:
  BatchReader(const RunRequest& request, const OutputLayout& layout, std::vector<InputWork> todo,
              ProgressCounters& progress, BatchPool& pool)
      : request_(request), layout_(layout), todo_(std::move(todo)), progress_(progress), pool_(pool) {}

  Batch* next() {
    if (cursor_ == todo_.size()) return nullptr;
    const std::size_t index = todo_[cursor_].index;
    Batch* batch = pool_.acquire();
    batch->input_index = index;
    batch->replay = todo_[cursor_].replay;
    if (batch->replay) return next_replayed(batch);
    if (!reader_) {
      if (!open(index, *batch)) return finish_input(batch);
    }
    bool more = false;
    try {
      more = reader_->next(batch->lines);
    } catch (const Error& error) {
      add_damage(*batch, "read_failed", error.what());
    }
    account_bytes(*batch);
    if (!more) return finish_input(batch);
    return batch;
  }

 private:
  // A replayed input is its own kept/ shard, which winnow wrote: damage there is not bad input but a broken
  // output folder, and stops the run.
  Batch* next_replayed(Batch* batch) {
    const std::string path = layout_.kept_path(request_.inputs[batch->input_index].name);
    if (!reader_) {
      reader_ = std::make_unique<LineReader>(open_byte_source(path), reader_options());
    }
    const bool more = reader_->next(batch->lines);
    for (const RawLine& line : batch->lines.lines) {
      if (line.problem != LineProblem::none) {
        throw Error(path, line.line_number, "cannot replay this completed input for --resume: the file is damaged; "
                                            "delete it and its .done marker to redo the input");
      }
    }
    if (more) return batch;
    batch->last_of_input = true;
    reader_.reset();
    ++cursor_;
    return batch;
  }

  LineReaderOptions reader_options() const {
    LineReaderOptions options;
    options.batch_bytes = request_.config.pipeline.batch_bytes;
    options.max_line_bytes = request_.config.input.max_line_bytes;
    options.max_decoded_bytes = request_.config.input.max_decoded_bytes;
    options.max_expansion_ratio = request_.config.input.max_expansion_ratio;
    return options;
  }

  bool open(std::size_t index, Batch& batch) {
    const InputFile& input = request_.inputs[index];
    try {
      auto source = open_byte_source(input.path);
      if (source->encoding() != encoding_from_name(input.path)) {
        batch.ledger.warnings[std::string("content_is_") + encoding_name(source->encoding()) + "_not_" +
                              encoding_name(encoding_from_name(input.path))] += 1;
      }
      reader_ = std::make_unique<LineReader>(std::move(source), reader_options());
      compressed_seen_ = 0;
      decoded_seen_ = 0;
      return true;
    } catch (const Error& error) {
      add_damage(batch, "unreadable_file", error.what());
      return false;
    }
  }

  static void add_damage(Batch& batch, std::string reason, std::string detail) {
    RawLine line;
    line.problem = LineProblem::damaged;
    line.damage = static_cast<std::uint32_t>(batch.lines.damages.size());
    line.offset = batch.lines.bytes.size();
    batch.lines.damages.push_back({std::move(reason), std::move(detail)});
    batch.lines.lines.push_back(line);
    batch.lines.bytes.append(kParsePadding, ' ');
  }

  void account_bytes(Batch& batch) {
    const std::uint64_t compressed = reader_->compressed_bytes_read();
    batch.ledger.compressed_bytes = compressed - compressed_seen_;
    batch.ledger.decoded_bytes = batch.lines.decoded_bytes;
    batch.ledger.blank_lines = batch.lines.blank_lines;
    compressed_seen_ = compressed;
    decoded_seen_ += batch.lines.decoded_bytes;
    progress_.compressed_bytes += batch.ledger.compressed_bytes;
    progress_.decoded_bytes += batch.ledger.decoded_bytes;
  }

  Batch* finish_input(Batch* batch) {
    if (reader_ && decoded_seen_ == 0) batch->ledger.warnings["empty_input"] += 1;
    batch->last_of_input = true;
    reader_.reset();
    ++cursor_;
    return batch;
  }

  const RunRequest& request_;
  const OutputLayout& layout_;
  std::vector<InputWork> todo_;
  ProgressCounters& progress_;
  BatchPool& pool_;
  std::size_t cursor_ = 0;
  std::unique_ptr<LineReader> reader_;
  std::uint64_t compressed_seen_ = 0;
  std::uint64_t decoded_seen_ = 0;
};

bool reason_keeps_object(std::string_view reason) { return reason == "missing_text" || reason == "text_not_string"; }

// Parallel stage 2: parse, filter, and the parallel halves of dedup and the sinks.
void process_batch(Batch& batch, const RunRequest& request, RecordParser& parser, const Stages& stages) {
  const auto& lines = batch.lines.lines;
  if (batch.documents.size() < lines.size()) batch.documents.resize(lines.size());  // never shrink: reused
  batch.outcomes.resize(lines.size());
  const std::string_view source = request.inputs[batch.input_index].name;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const RawLine& line = lines[i];
    RecordOutcome& outcome = batch.outcomes[i];
    Document& doc = batch.documents[i];
    if (line.problem == LineProblem::too_long) {
      outcome.reason = "line_too_long";
      outcome.stage = "read";
      outcome.detail = "line of " + std::to_string(line.full_size) + " bytes is over input.max_line_bytes (" +
                       std::to_string(request.config.input.max_line_bytes) + "); its first " +
                       std::to_string(line.size) + " bytes are kept here";
      continue;
    }
    if (line.problem == LineProblem::damaged) {
      const InputDamage& damage = batch.lines.damages[line.damage];
      outcome.reason = damage.reason;  // a string owned by the batch, which outlives every use of the outcome
      outcome.stage = "read";
      outcome.detail = damage.detail;
      continue;
    }
    const ParseResult parsed = parser.parse(batch.lines.line_bytes(line), source, line.line_number, doc);
    doc.source_group = request.inputs[batch.input_index].source_group;
    if (batch.replay) {  // kept by an earlier run: only the stateful stages' parallel halves
      if (!parsed.ok) {
        throw Error(std::string(source), line.line_number,
                    "cannot replay kept/ for --resume: " + std::string(parsed.reason) + "; redo this input");
      }
      outcome.outcome = Outcome::kept;
      if (stages.deduplicator) stages.deduplicator->prepare(doc);
      for (const auto& sink : stages.sinks) sink->prepare(doc);
      continue;
    }
    if (!parsed.ok) {
      outcome.reason = parsed.reason;
      outcome.stage = "parse";
      outcome.detail = parsed.detail;
      outcome.is_object = reason_keeps_object(parsed.reason);
      continue;
    }
    outcome.is_object = true;
    outcome.outcome = Outcome::kept;
    for (const auto& filter : stages.filters) {
      const Verdict verdict = filter->keep(doc);
      if (!verdict.kept) {
        outcome.outcome = Outcome::dropped;
        outcome.reason = verdict.reason;
        outcome.stage = filter->name();
        outcome.fields = verdict.fields;
        break;
      }
    }
    if (outcome.outcome != Outcome::kept) continue;
    if (stages.deduplicator) stages.deduplicator->prepare(doc);
    for (const auto& sink : stages.sinks) sink->prepare(doc);
  }
}

// Serial stage 3: duplicates are decided in input order, so "first seen" means the same on every run.
void deduplicate_batch(Batch& batch, Stages& stages) {
  if (!stages.deduplicator) return;
  for (std::size_t i = 0; i < batch.outcomes.size(); ++i) {
    RecordOutcome& outcome = batch.outcomes[i];
    if (outcome.outcome != Outcome::kept) continue;
    Verdict verdict = stages.deduplicator->check(batch.documents[i]);
    if (verdict.kept || batch.replay) continue;  // a replayed document was kept before: it only rebuilds state
    outcome.outcome = Outcome::duplicate;
    outcome.reason = verdict.reason;
    outcome.stage = stages.deduplicator->name();
    outcome.fields = std::move(verdict.fields);
  }
}

// Parallel stage 4: serialise kept records and rejects, count, compress.
void render_batch(Batch& batch, const RunRequest& request) {
  if (batch.replay) return;  // its outputs and ledger exist already
  std::string& kept = batch.kept_text;
  std::string& rejects = batch.rejects_text;
  const std::string_view source = request.inputs[batch.input_index].name;
  const bool write_rejects = request.config.output.write_rejects;
  Ledger& ledger = batch.ledger;
  for (std::size_t i = 0; i < batch.outcomes.size(); ++i) {
    const RecordOutcome& outcome = batch.outcomes[i];
    const RawLine& line = batch.lines.lines[i];
    ++ledger.read;
    // Documents are reused: utf8_replacements is this line's only if the line was parsed.
    const bool repaired = line.problem == LineProblem::none && batch.documents[i].utf8_replacements > 0;
    if (repaired) {
      ++ledger.repaired["invalid_utf8"];
      ledger.repaired["invalid_utf8_replacements"] += batch.documents[i].utf8_replacements;
    }
    switch (outcome.outcome) {
      case Outcome::kept:
        ++ledger.kept;
        if (request.config.output.write_kept) {
          append_kept_record(kept, batch.documents[i], request.config.input.text_key);
        }
        continue;
      case Outcome::dropped: ++ledger.dropped[std::string(outcome.reason)]; break;
      case Outcome::duplicate: ++ledger.duplicates[std::string(outcome.reason)]; break;
      case Outcome::error: ++ledger.errors[std::string(outcome.reason)]; break;
    }
    if (!write_rejects) continue;
    const RejectNote note{outcome.reason, outcome.stage, source, line.line_number, outcome.detail, outcome.fields};
    // A repaired record that is an object is rejected as repaired (valid UTF-8, as a kept one would be); one
    // that is not (invalid_json after the repair) is wrapped with its original bytes, in raw_base64.
    const std::string_view bytes =
        repaired && outcome.is_object ? batch.documents[i].record : batch.lines.line_bytes(line);
    if (outcome.is_object) {
      append_annotated_reject(rejects, bytes, note);
    } else {
      append_wrapped_reject(rejects, bytes, note, line.problem == LineProblem::too_long ? line.full_size : 0);
    }
  }
  const int level = request.config.output.compression_level;
  if (!kept.empty()) append_zstd_frame(batch.kept_frame, kept, level);
  if (!rejects.empty()) append_zstd_frame(batch.rejects_frame, rejects, level);
}

// Serial stage 5: appends frames to each input's files, feeds the sinks, commits an input at its last batch.
class BatchWriter {
 public:
  BatchWriter(const RunRequest& request, const OutputLayout& layout, Stages& stages, ProgressCounters& progress,
              std::vector<InputReport>& reports)
      : request_(request), layout_(layout), stages_(stages), progress_(progress), reports_(reports) {}

  void write(Batch& batch) {
    if (batch.replay) {
      feed_sinks(batch);
      return;
    }
    if (request_.strict) stop_at_first_error(batch);
    OpenInput& open = open_input(batch.input_index);
    if (open.kept && !batch.kept_frame.empty()) {
      open.kept->write(batch.kept_frame);
      open.kept_written = true;
    }
    if (open.rejects && !batch.rejects_frame.empty()) {
      open.rejects->write(batch.rejects_frame);
      open.rejects_written = true;
    }
    feed_sinks(batch);
    open.ledger.add(batch.ledger);
    progress_.records += batch.ledger.read;
    if (batch.last_of_input) commit(batch.input_index, open);
  }

 private:
  void feed_sinks(const Batch& batch) {
    for (std::size_t i = 0; i < batch.outcomes.size(); ++i) {
      if (batch.outcomes[i].outcome != Outcome::kept) continue;
      for (auto& sink : stages_.sinks) sink->consume(batch.documents[i]);
    }
  }

  struct OpenInput {
    std::unique_ptr<AtomicFile> kept;
    std::unique_ptr<AtomicFile> rejects;
    bool kept_written = false;
    bool rejects_written = false;
    Ledger ledger;
  };

  void stop_at_first_error(const Batch& batch) const {
    for (std::size_t i = 0; i < batch.outcomes.size(); ++i) {
      const RecordOutcome& outcome = batch.outcomes[i];
      if (outcome.outcome != Outcome::error) continue;
      std::string message = std::string(outcome.reason);
      if (!outcome.detail.empty()) message += " (" + outcome.detail + ")";
      throw Error(request_.inputs[batch.input_index].path, batch.lines.lines[i].line_number,
                  message + " [--strict: stopped; outputs of this input were not written]");
    }
  }

  OpenInput& open_input(std::size_t index) {
    auto found = open_.find(index);
    if (found != open_.end()) return found->second;
    const std::string& name = request_.inputs[index].name;
    std::remove(layout_.marker_path(name).c_str());  // outputs are about to change: not complete any more
    OpenInput open;
    const bool durable = request_.config.output.fsync;
    if (request_.config.output.write_kept) open.kept = std::make_unique<AtomicFile>(layout_.kept_path(name), durable);
    if (request_.config.output.write_rejects) {
      open.rejects = std::make_unique<AtomicFile>(layout_.rejects_path(name), durable);
    }
    return open_.emplace(index, std::move(open)).first->second;
  }

  void commit(std::size_t index, OpenInput& open) {
    const InputFile& input = request_.inputs[index];
    if (!open.ledger.balanced()) {
      throw Error(input.path, 0, "internal error: the ledger does not balance (a record was lost)");
    }
    const int level = request_.config.output.compression_level;
    // An input with nothing to write still gets a valid (empty) .zst, so every input has both files.
    std::string empty_frame;
    append_zstd_frame(empty_frame, {}, level);
    if (open.kept) {
      if (!open.kept_written) open.kept->write(empty_frame);
      open.kept->commit();
    }
    if (open.rejects) {
      if (!open.rejects_written) open.rejects->write(empty_frame);
      open.rejects->commit();
    }
    CompletionMarker marker{input.path, input.size, input.modified_ns, request_.config.fingerprint(), open.ledger};
    write_file_atomically(layout_.marker_path(input.name), marker.to_json(), request_.config.output.fsync);
    reports_[index] = InputReport{input, open.ledger, false};
    open_.erase(index);
    ++progress_.files_done;
  }

  const RunRequest& request_;
  const OutputLayout& layout_;
  Stages& stages_;
  ProgressCounters& progress_;
  std::vector<InputReport>& reports_;
  std::map<std::size_t, OpenInput> open_;
};

}  // namespace

std::string stages_json(const Stages& stages) {
  JsonBuilder json(2);
  json.begin_object().begin_object("filters");
  for (const auto& filter : stages.filters) {
    json.begin_object(filter->name());
    filter->write_stats(json);
    json.end_object();
  }
  json.end_object();
  if (stages.deduplicator) {
    json.begin_object("dedup").begin_object(stages.deduplicator->name());
    stages.deduplicator->write_stats(json);
    json.end_object().end_object();
  }
  json.begin_object("sinks");
  for (const auto& sink : stages.sinks) {
    json.begin_object(sink->name());
    sink->write_stats(json);
    json.end_object();
  }
  json.end_object().end_object();
  return json.str();
}

RunReport run_pipeline(const RunRequest& request, Stages& stages) {
  const auto start = std::chrono::steady_clock::now();
  const unsigned threads =
      request.threads > 0 ? request.threads : static_cast<unsigned>(tbb::info::default_concurrency());
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, threads);

  const OutputLayout layout(request.output_dir);
  layout.create();
  if (request.remove_stale_temp_files) remove_stale_temp_files(request.output_dir);

  RunReport report;
  report.threads = threads;
  report.matched_nothing = request.matched_nothing;
  report.config_fingerprint = request.config.fingerprint();
  report.wrote_kept = request.config.output.write_kept;
  report.wrote_rejects = request.config.output.write_rejects;
  report.inputs.resize(request.inputs.size());

  // Serial stages with state (dedup's index, the tokenizer's shards) must see every kept document of the run,
  // including those of inputs completed by an earlier run: those are replayed from their kept/ shard.
  const bool stateful = stages.deduplicator != nullptr || !stages.sinks.empty();
  const bool can_replay = request.config.output.write_kept;
  if (request.resume && stateful && !can_replay) {
    std::fprintf(stderr, "winnow: --resume redoes every input: with output.write_kept false there is nothing to "
                         "replay into the dedup and tokenizer stages\n");
  }
  std::vector<InputWork> todo;
  std::uint64_t todo_compressed_bytes = 0;
  for (std::size_t i = 0; i < request.inputs.size(); ++i) {
    const InputFile& input = request.inputs[i];
    if (request.resume && (!stateful || can_replay)) {
      const auto marker = CompletionMarker::read(layout.marker_path(input.name));
      // Complete means the marker matches and the shards it vouches for are still there.
      const bool outputs_present =
          (!request.config.output.write_kept || std::filesystem::exists(layout.kept_path(input.name))) &&
          (!request.config.output.write_rejects || std::filesystem::exists(layout.rejects_path(input.name)));
      if (marker && outputs_present && marker->completes(input, report.config_fingerprint)) {
        report.inputs[i] = InputReport{input, marker->ledger, true};
        if (stateful) todo.push_back({i, true});
        continue;
      }
    }
    todo.push_back({i, false});
    todo_compressed_bytes += input.size;
  }

  ProgressCounters progress;
  {
    ProgressLine progress_line(progress, request.progress, todo.size(), todo_compressed_bytes);
    BatchPool pool;
    BatchReader reader(request, layout, todo, progress, pool);
    BatchWriter writer(request, layout, stages, progress, report.inputs);
    tbb::enumerable_thread_specific<RecordParser> parsers(
        [&] {
          return RecordParser(request.config.input.text_key, request.config.input.id_key,
                              request.config.input.repair_invalid_utf8);
        });
    const std::size_t in_flight =
        request.config.pipeline.batches_in_flight > 0 ? request.config.pipeline.batches_in_flight : 2 * threads + 2;

    using BatchPtr = Batch*;  // owned by `pool`; handed back by the last stage
    tbb::parallel_pipeline(
        in_flight,
        tbb::make_filter<void, BatchPtr>(tbb::filter_mode::serial_in_order,
                                         [&](tbb::flow_control& control) -> BatchPtr {
                                           Batch* batch = reader.next();
                                           if (batch == nullptr) control.stop();
                                           return batch;
                                         }) &
            tbb::make_filter<BatchPtr, BatchPtr>(tbb::filter_mode::parallel,
                                                 [&](BatchPtr batch) {
                                                   process_batch(*batch, request, parsers.local(), stages);
                                                   return batch;
                                                 }) &
            tbb::make_filter<BatchPtr, BatchPtr>(tbb::filter_mode::serial_in_order,
                                                 [&](BatchPtr batch) {
                                                   deduplicate_batch(*batch, stages);
                                                   return batch;
                                                 }) &
            tbb::make_filter<BatchPtr, BatchPtr>(tbb::filter_mode::parallel,
                                                 [&](BatchPtr batch) {
                                                   render_batch(*batch, request);
                                                   return batch;
                                                 }) &
            tbb::make_filter<BatchPtr, void>(tbb::filter_mode::serial_in_order,
                                             [&](BatchPtr batch) {
                                               writer.write(*batch);
                                               pool.release(batch);
                                             }));
    for (auto& sink : stages.sinks) sink->finish();
    if (stages.deduplicator) stages.deduplicator->finish(request.output_dir);
  }
  report.stages_json = stages_json(stages);

  for (const auto& input : report.inputs) report.totals.add(input.ledger);
  report.totals.warnings["input_matched_no_files"] += request.matched_nothing.size();
  if (request.matched_nothing.empty()) report.totals.warnings.erase("input_matched_no_files");
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace winnow
