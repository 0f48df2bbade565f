#include "src/cli/slurm_scheduler.h"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <charconv>
#include <cstring>
#include <sstream>

#include "src/error.h"

namespace winnow::slurm {

ProgramResult run_program(const std::vector<std::string>& argv) {
  ProgramResult result;
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0) return result;
  if (pipe(err_pipe) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return result;
  }
  const pid_t child = fork();
  if (child == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    close(out_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[0]);
    close(err_pipe[1]);
    std::vector<char*> pointers;
    for (const std::string& argument : argv) pointers.push_back(const_cast<char*>(argument.c_str()));
    pointers.push_back(nullptr);
    execvp(pointers.front(), pointers.data());
    const std::string message = "cannot run " + argv.front() + ": " + std::strerror(errno) + "\n";
    (void)!write(STDERR_FILENO, message.data(), message.size());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (child < 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    return result;
  }
  // Both pipes are drained together, so a child that fills one while we wait on the other cannot block.
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_pipes = 2;
  char buffer[4096];
  while (open_pipes > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t got = read(fds[i].fd, buffer, sizeof buffer);
      if (got > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_pipes;
      }
    }
  }
  for (const pollfd& fd : fds) {
    if (fd.fd >= 0) close(fd.fd);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_status = WEXITSTATUS(status);
  return result;
}

namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

unsigned index_of(const std::string& text, const std::string& whole) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    throw Error("not an array task list: '" + whole + "'");
  }
  return value;
}

}  // namespace

std::string submit_job(const std::string& script, const std::string& array, const std::string& after_job) {
  std::vector<std::string> argv = {"sbatch", "--parsable", "--kill-on-invalid-dep=yes"};
  if (!array.empty()) argv.push_back("--array=" + array);
  if (!after_job.empty()) argv.push_back("--dependency=afterok:" + after_job);
  argv.push_back(script);
  const ProgramResult result = run_program(argv);
  // --parsable prints "JOBID" or "JOBID;CLUSTER".
  const std::string job_id = trimmed(result.out.substr(0, result.out.find(';')));
  if (result.exit_status != 0 || job_id.empty() || job_id.find_first_not_of("0123456789") != std::string::npos) {
    throw Error("sbatch " + script + " failed (exit " + std::to_string(result.exit_status) + "): " +
                trimmed(result.err + result.out));
  }
  return job_id;
}

std::vector<unsigned> parse_array_tasks(const std::string& text) {
  std::vector<unsigned> tasks;
  const std::string list = text.substr(0, text.find('%'));
  std::istringstream parts(list);
  std::string part;
  while (std::getline(parts, part, ',')) {
    const auto dash = part.find('-');
    if (dash == std::string::npos) {
      tasks.push_back(index_of(part, text));
      continue;
    }
    std::string last = part.substr(dash + 1);
    unsigned step = 1;
    if (const auto colon = last.find(':'); colon != std::string::npos) {
      step = index_of(last.substr(colon + 1), text);
      last = last.substr(0, colon);
    }
    const unsigned from = index_of(part.substr(0, dash), text), to = index_of(last, text);
    if (step == 0 || to < from) throw Error("not an array task list: '" + text + "'");
    for (unsigned task = from; task <= to; task += step) tasks.push_back(task);
  }
  if (tasks.empty()) throw Error("not an array task list: '" + text + "'");
  return tasks;
}

std::string array_spec(const std::vector<unsigned>& tasks) {
  std::string spec;
  for (std::size_t i = 0; i < tasks.size();) {
    std::size_t j = i;
    while (j + 1 < tasks.size() && tasks[j + 1] == tasks[j] + 1) ++j;
    if (!spec.empty()) spec += ",";
    spec += std::to_string(tasks[i]);
    if (j > i) spec += "-" + std::to_string(tasks[j]);
    i = j + 1;
  }
  return spec;
}

std::vector<JobRecord> parse_job_records(const std::string& scontrol_output) {
  std::vector<JobRecord> records;
  std::istringstream lines(scontrol_output);
  std::string line;
  while (std::getline(lines, line)) {
    if (trimmed(line).empty()) continue;
    JobRecord record;
    std::istringstream fields(line);
    std::string field;
    while (fields >> field) {
      const auto equals = field.find('=');
      if (equals == std::string::npos) continue;
      const std::string key = field.substr(0, equals), value = field.substr(equals + 1);
      if (key == "JobId") record.job_id = value;
      if (key == "ArrayJobId") record.array_job_id = value;
      if (key == "ArrayTaskId") record.array_tasks = parse_array_tasks(value);
      if (key == "JobState") record.state = value;
      if (key == "Reason") record.reason = value;
      if (key == "ExitCode") record.exit_code = value;
      if (key == "StdErr") record.std_err = value;
    }
    if (!record.job_id.empty()) records.push_back(std::move(record));
  }
  return records;
}

std::optional<std::vector<JobRecord>> job_records(const std::string& job_id) {
  const ProgramResult result = run_program({"scontrol", "show", "job", "-o", job_id});
  if (result.exit_status != 0) return std::nullopt;
  return parse_job_records(result.out);
}

bool cancel_job(const std::string& job_id) { return run_program({"scancel", job_id}).exit_status == 0; }

}  // namespace winnow::slurm
