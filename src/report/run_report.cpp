#include "src/report/run_report.h"

#include <algorithm>
#include <cstdio>
#include <iomanip>

#include "src/io/atomic_file.h"
#include "src/records/json_text.h"
#include "src/version.h"

namespace winnow {

std::string stats_json(const RunReport& report) {
  JsonBuilder json(2);
  json.begin_object()
      .value("format_version", 1)
      .value("winnow_version", kWinnowVersion)
      .value("config_fingerprint", report.config_fingerprint)
      .begin_object("totals");
  report.totals.write_fields(json);
  json.end_object();
  bool all_balanced = report.totals.balanced();
  json.begin_array("inputs");
  for (const auto& input : report.inputs) {
    all_balanced = all_balanced && input.ledger.balanced();
    json.begin_object().value("path", input.input.path).value("name", input.input.name).value("resumed", input.resumed);
    input.ledger.write_fields(json);
    json.end_object();
  }
  json.end_array();
  json.value("invariant_holds", all_balanced);
  json.begin_array("inputs_matched_nothing");
  for (const auto& argument : report.matched_nothing) json.value("", argument);
  json.end_array();
  json.begin_object("outputs").value("kept", report.wrote_kept).value("rejects", report.wrote_rejects).end_object();
  json.raw("stages", report.stages_json);
  if (!report.run_tasks_json.empty()) json.raw("run_tasks", report.run_tasks_json);
  const double seconds = report.seconds > 0 ? report.seconds : 1e-9;
  json.begin_object("timing")
      .value("seconds", report.seconds)
      .value("threads", static_cast<std::uint64_t>(report.threads))
      .value("decoded_mb_per_second", static_cast<double>(report.totals.decoded_bytes) / 1e6 / seconds)
      .value("compressed_mb_per_second", static_cast<double>(report.totals.compressed_bytes) / 1e6 / seconds)
      .end_object();
  json.end_object();
  return json.str() + "\n";
}

void write_stats(const RunReport& report, const std::string& path, bool durable) {
  write_file_atomically(path, stats_json(report), durable);
}

namespace {
void print_counts(std::ostream& out, const char* title, const ReasonCounts& counts) {
  if (counts.empty()) return;
  std::size_t width = 0;
  for (const auto& [reason, count] : counts) width = std::max(width, reason.size());
  out << "  " << title << ":\n";
  for (const auto& [reason, count] : counts) {
    out << "    " << std::left << std::setw(static_cast<int>(width + 2)) << reason << count << "\n";
  }
}
}  // namespace

void print_summary(const RunReport& report, const std::string& output_dir, std::ostream& out) {
  const Ledger& totals = report.totals;
  std::size_t resumed = 0;
  for (const auto& input : report.inputs) resumed += input.resumed ? 1 : 0;
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.1f MB/s", static_cast<double>(totals.decoded_bytes) / 1e6 /
                                                     (report.seconds > 0 ? report.seconds : 1e-9));
  out << "winnow: " << report.inputs.size() << " input(s)";
  if (resumed > 0) out << " (" << resumed << " already done, resumed)";
  out << ", " << std::fixed << std::setprecision(1) << static_cast<double>(totals.decoded_bytes) / 1e6
      << " MB decoded in " << std::setprecision(2) << report.seconds << " s (" << rate << ", " << report.threads
      << " thread(s))\n";
  out << "  read " << totals.read << "  kept " << totals.kept << "  dropped " << Ledger::sum(totals.dropped)
      << "  duplicates " << Ledger::sum(totals.duplicates) << "  errors " << Ledger::sum(totals.errors)
      << (totals.balanced() ? "  (ledger balances)" : "  (LEDGER DOES NOT BALANCE)") << "\n";
  print_counts(out, "dropped", totals.dropped);
  print_counts(out, "duplicates", totals.duplicates);
  print_counts(out, "errors (records in rejects/)", totals.errors);
  print_counts(out, "warnings", totals.warnings);
  print_counts(out, "repaired (kept readable, counted under their outcome)", totals.repaired);
  for (const auto& argument : report.matched_nothing) out << "  warning: no input files in '" << argument << "'\n";
  out << "  outputs: " << output_dir << "/kept/, " << output_dir << "/rejects/, " << output_dir << "/stats.json\n";
}

}  // namespace winnow
