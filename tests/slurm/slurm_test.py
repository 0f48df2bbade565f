#!/usr/bin/env python3
"""Tests of `winnow slurm` (docs/scale-out.md). Python standard library only.

    slurm_test.py scripts --winnow BIN --source DIR   the generated sbatch scripts, run by hand with bash (no
                                                      Slurm needed): outputs equal `winnow run`, the fault hook,
                                                      a finished task rerun is a no-op, --dry-run writes nothing
    slurm_test.py cluster --winnow BIN --source DIR   a real single-node cluster (scripts/slurm-cluster): submit,
                                                      compare with `winnow run`; a failed signature task, the
                                                      dependents never start, resume, compare again

The cluster test exits 77 (ctest: skipped) with "SKIPPED: ..." only when not root or when Slurm's packages are
absent; .ci/run installs them (scripts/install-deps --slurm), so in CI it runs.
"""
import argparse
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

TASKS = 3
# The stages after signatures and plan, and whether each is an array: pass 2 as run tasks, then the finish.
PASS2 = [("run", True), ("finish", False)]


def stage_tasks(array):
    return "0-%d" % (TASKS - 1) if array else "0"


def all_stages():
    # The test config has more key spaces (exact, URL, 14 bands) than TASKS: the buckets array has TASKS tasks.
    return [("signatures", True), ("join", False), ("buckets", True), ("plan", False)] + PASS2
TERMINAL = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL",
            "DEADLINE", "PREEMPTED"}


def fail(message):
    print("FAILED: " + message, flush=True)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def run(argv, env=None, cwd=None, expect=0):
    result = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True)
    if expect is not None and result.returncode != expect:
        fail("%s exited %d, expected %d\nstdout:\n%s\nstderr:\n%s" %
             (" ".join(argv), result.returncode, expect, result.stdout, result.stderr))
    return result


# ---- the corpus: several input files with exact and near duplicates across files, short (filtered) records
# and broken lines, so that every part of the ledger is non-zero ----

def make_words(rng, count):
    syllables = ["ka", "lo", "mi", "ten", "ra", "vos", "del", "un", "pre", "sta", "ri", "on", "tu", "mar",
                 "ge", "fin", "bal", "cor", "est", "ly", "ham", "pi", "nor", "qua", "zen", "wol", "dra", "sil"]
    words = set()
    while len(words) < count:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(1, 3))))
    return sorted(words)


def make_text(rng, words):
    stop = ["the", "of", "and", "to", "that", "with", "have", "be"]
    lines = []
    for _ in range(rng.randint(6, 12)):
        sentence = [rng.choice(stop) if rng.random() < 0.25 else rng.choice(words) for _ in range(rng.randint(8, 16))]
        lines.append(" ".join(sentence).capitalize() + ".")
    return "\n".join(lines)


def near_copy(rng, text, words):
    tokens = text.split(" ")
    for _ in range(2):
        tokens[rng.randrange(len(tokens))] = rng.choice(words)
    return " ".join(tokens)


def make_corpus(folder):
    rng = random.Random(7)
    words = make_words(rng, 3000)
    os.makedirs(folder)
    earlier = []
    for shard, documents in enumerate([70, 40, 90, 25, 60]):
        lines = []
        for number in range(documents):
            doc_id = "web-%d-%04d" % (shard, number)
            roll = rng.random()
            if earlier and roll < 0.08:
                text = rng.choice(earlier)  # exact duplicate
            elif earlier and roll < 0.16:
                text = near_copy(rng, rng.choice(earlier), words)
            elif roll < 0.22:
                text = "Too short to keep."
            else:
                text = make_text(rng, words)
                earlier.append(text)
            lines.append(json.dumps({"id": doc_id, "text": text, "url": "https://example.com/%s" % doc_id}))
            if rng.random() < 0.03:
                lines.append('{"id": "broken-%d-%d", "text": "unterminated' % (shard, number))
        data = ("\n".join(lines) + "\n").encode()
        name = os.path.join(folder, "web-%02d.jsonl" % shard)
        if shard == 1:
            with open(name + ".gz", "wb") as out:
                out.write(gzip.compress(data, mtime=0))
        else:
            with open(name, "wb") as out:
                out.write(data)


def write_config(path):
    with open(path, "w") as out:
        out.write("""filters:
  gopher_repetition: {}
  gopher_quality: {}
  c4_quality: {preset: datatrove, filter_no_terminal_punct: false}
  fineweb_quality: {}
dedup:
  mode: datatrove
tokenizer:
  encoding: cl100k_base
  format: megatron
""")


# ---- comparing outputs ----

def tree(folder):
    files = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as handle:
                files[os.path.relpath(path, folder)] = handle.read()
    return files


def compare_outputs(expected_dir, actual_dir, what):
    for sub in ("kept", "rejects", "tokens"):
        expected = tree(os.path.join(expected_dir, sub))
        actual = tree(os.path.join(actual_dir, sub))
        check(expected, "%s: the local run wrote nothing into %s/" % (what, sub))
        check(sorted(expected) == sorted(actual),
              "%s: %s/ has files %s, the local run %s" % (what, sub, sorted(actual), sorted(expected)))
        for name in expected:
            check(expected[name] == actual[name], "%s: %s/%s differs from the local run's" % (what, sub, name))
    print("  %s: kept/, rejects/ and tokens/ byte-identical to the local run" % what)


def check_ledger(output_dir, what, duplicates_expected=True):
    with open(os.path.join(output_dir, "stats.json")) as handle:
        totals = json.load(handle)["totals"]

    def total(key):
        value = totals[key]
        return sum(value.values()) if isinstance(value, dict) else value

    read, kept, dropped, duplicates, errors = (total(k) for k in ("read", "kept", "dropped", "duplicates", "errors"))
    check(read == kept + dropped + duplicates + errors,
          "%s: ledger does not add up: read %d != kept %d + dropped %d + duplicates %d + errors %d" %
          (what, read, kept, dropped, duplicates, errors))
    check(kept > 0 and dropped > 0 and (duplicates > 0) == duplicates_expected and errors > 0,
          "%s: expected every outcome to occur: kept %d dropped %d duplicates %d errors %d" %
          (what, kept, dropped, duplicates, errors))
    print("  %s: ledger read %d = kept %d + dropped %d + duplicates %d + errors %d" %
          (what, read, kept, dropped, duplicates, errors))
    return read


def no_scratch_left(output_dir, what):
    for scratch in (".dedup-staged", ".tasks"):
        check(not os.path.exists(os.path.join(output_dir, scratch)), "%s: %s/ left behind" % (what, scratch))
    check(os.path.exists(os.path.join(output_dir, "manifest.json")), "%s: no manifest.json" % what)


# ---- the test without Slurm: the scripts run by hand ----

def scripts_test(winnow, work, env):
    data, config = os.path.join(work, "data"), os.path.join(work, "pipeline.yaml")
    make_corpus(data)
    write_config(config)
    run([winnow, "run", "data", "-o", "local", "-c", "pipeline.yaml", "--threads", "2", "-q"], env=env, cwd=work)

    # --dry-run prints the scripts and the sbatch commands and writes nothing.
    dry = run([winnow, "slurm", "submit", "data", "-o", "dry", "-c", "pipeline.yaml", "--tasks", "3",
               "--array-limit", "2", "--partition", "batch", "--time", "0:10:00", "--mem", "1G",
               "--sbatch-line", "--account=research", "--sbatch-line", "--qos=low", "--dry-run"], env=env, cwd=work)
    check(not os.path.exists(os.path.join(work, "dry")), "--dry-run created the output folder")
    for expected in ["#SBATCH --array=0-2%2", "#SBATCH --partition=batch", "#SBATCH --time=0:10:00",
                     "#SBATCH --mem=1G", "#SBATCH --account=research\n#SBATCH --qos=low",
                     "#SBATCH --chdir=" + work,
                     "'dedup' 'signatures' 'data' '--output' 'dry' '--config' 'pipeline.yaml' '--threads' '1'",
                     "'--task' \"$task\" '--tasks' '3'", "'dedup' 'join'", "'dedup' 'buckets'",
                     "'dedup' 'plan'", "'--bucket-tasks' '3'", "--dependency=afterok:$signatures",
                     "--dependency=afterok:$join", "--dependency=afterok:$buckets", "--dependency=afterok:$plan"]:
        check(expected in dry.stdout, "--dry-run output lacks %r:\n%s" % (expected, dry.stdout))
    check(dry.stdout.count("==> ") == len(all_stages()),
          "--dry-run should print %d scripts:\n%s" % (len(all_stages()), dry.stdout))

    # plan writes the scripts; running them by hand as Slurm would (the array tasks in a shuffled order).
    planned = run([winnow, "slurm", "plan", "data", "-o", "out", "-c", "pipeline.yaml", "--tasks", str(TASKS)],
                  env=env, cwd=work)
    scripts = planned.stdout.split()
    check([os.path.basename(s) for s in scripts] ==
          ["%02d-%s.sbatch" % (i + 1, name) for i, (name, _) in enumerate(all_stages())], "plan printed %r" % scripts)
    signatures, join, buckets, plan = scripts[:4]

    def task(script, index, extra=None, expect=0):
        task_env = dict(env, SLURM_ARRAY_TASK_ID=str(index), SLURM_ARRAY_TASK_COUNT="1")
        task_env.update(extra or {})
        return run(["bash", script], env=task_env, cwd="/", expect=expect)

    # The fault hook fails exactly the named task, before winnow runs (no task folder appears).
    failed = task(signatures, 1, {"WINNOW_SLURM_FAIL_TASK": "signatures:1"}, expect=1)
    check("failing on purpose" in failed.stderr, "fault hook message missing: " + failed.stderr)
    check(not os.path.exists(os.path.join(work, "out/.dedup-staged/signatures-1-of-3")),
          "the failed task left a task folder")
    # Another task is not affected by the hook.
    task(signatures, 2, {"WINNOW_SLURM_FAIL_TASK": "signatures:1"})
    # The join refuses to run with a task missing (winnow's own check), naming it.
    refused = task(join, 0, expect=1)
    check("signatures" in refused.stderr and "1" in refused.stderr, "join without task 1: " + refused.stderr)
    for index in (0, 1):
        task(signatures, index)
    # A finished task run again is a no-op: its marker is untouched.
    marker = os.path.join(work, "out/.dedup-staged/signatures-0-of-3/done")
    before = os.stat(marker).st_mtime_ns
    again = task(signatures, 0)
    check("complete already" in again.stderr, "rerun of a finished task: " + again.stderr)
    check(os.stat(marker).st_mtime_ns == before, "rerunning a finished task touched its marker")
    # The total comes from --tasks, never from SLURM_ARRAY_TASK_COUNT; an index past it is refused.
    task(signatures, 3, expect=2)
    task(join, 0)
    # The plan refuses to run before every bucket task, naming the missing one.
    task(buckets, 2)
    refused = task(plan, 0, expect=1)
    check("bucket" in refused.stderr and "0" in refused.stderr, "plan without bucket task 0: " + refused.stderr)
    for index in (1, 0):
        task(buckets, index)
    task(plan, 0)
    task(plan, 0)  # complete already
    for script, (_, array) in zip(scripts[4:], PASS2):
        for index in range(TASKS if array else 1):
            task(script, index)
    # After the last stage, every task of every stage is complete: rerunning any changes nothing.
    for script, (name, array) in zip(scripts, all_stages()):
        for index in range(TASKS if array else 1):
            finished = task(script, index)
            check("complete already" in finished.stderr, "%s task %d after the end: %s" % (name, index, finished.stderr))
    no_scratch_left(os.path.join(work, "out"), "scripts by hand")
    compare_outputs(os.path.join(work, "local"), os.path.join(work, "out"), "scripts by hand")
    check_ledger(os.path.join(work, "out"), "scripts by hand")

    # Without a dedup: section the stages are the run tasks and the finish only.
    with open(os.path.join(work, "filters-only.yaml"), "w") as out:
        out.write("filters:\n  gopher_quality: {}\ntokenizer:\n  encoding: cl100k_base\n  format: megatron\n")
    run([winnow, "run", "data", "-o", "local-filters", "-c", "filters-only.yaml", "-q"], env=env, cwd=work)
    planned = run([winnow, "slurm", "plan", "data", "-o", "filters", "-c", "filters-only.yaml", "--tasks", str(TASKS)],
                  env=env, cwd=work)
    scripts = planned.stdout.split()
    check([os.path.basename(s) for s in scripts] == ["01-run.sbatch", "02-finish.sbatch"],
          "plan without dedup printed %r" % scripts)
    for index in (2, 0, 1):
        task(scripts[0], index)
    task(scripts[1], 0)
    again = task(scripts[0], 1)
    check("complete already" in again.stderr, "run task after the finish: " + again.stderr)
    no_scratch_left(os.path.join(work, "filters"), "without dedup")
    compare_outputs(os.path.join(work, "local-filters"), os.path.join(work, "filters"), "without dedup")
    check_ledger(os.path.join(work, "filters"), "without dedup", duplicates_expected=False)

    # Usage errors exit 2.
    run([winnow, "slurm", "submit", "data", "-c", "pipeline.yaml"], env=env, cwd=work, expect=2)
    run([winnow, "slurm", "plan", "data", "-o", "x", "--tasks", "0"], env=env, cwd=work, expect=2)
    run([winnow, "slurm", "status"], env=env, cwd=work, expect=2)
    run([winnow, "slurm", "status", "out", "--wait", "--poll-seconds", "0"], env=env, cwd=work, expect=2)
    missing = run([winnow, "slurm", "plan", "nothing-here", "-o", "x"], env=env, cwd=work, expect=2)
    check("nothing-here" in missing.stderr and not os.path.exists(os.path.join(work, "x")),
          "plan with a missing INPUT: " + missing.stderr)


# ---- the test on a real cluster ----

def job_records(job_id, env):
    result = run(["scontrol", "show", "job", "-o", job_id], env=env, expect=None)
    check(result.returncode == 0, "scontrol show job %s: %s" % (job_id, result.stderr))
    records = []
    for line in result.stdout.splitlines():
        fields = dict(f.split("=", 1) for f in line.split() if "=" in f)
        if "JobId" in fields:
            records.append(fields)
    return records


def jobs_of(output_dir):
    with open(os.path.join(output_dir, ".slurm", "jobs")) as handle:
        return [line.split() for line in handle if line.strip()]


def wait_until(condition, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.5)
    fail("timed out after %d s waiting for %s" % (seconds, what))


def wait_all_completed(output_dir, env, what):
    """Polls every job of the submission until each record is in a final state; each must be COMPLETED
    (`sbatch --wait` is not used: it can return 0 for a dependent that was cancelled)."""
    jobs = jobs_of(output_dir)

    def states():
        return [(stage, r["JobId"], r.get("ArrayTaskId", "-"), r["JobState"], r.get("Reason", ""))
                for stage, job, _ in jobs for r in job_records(job, env)]

    wait_until(lambda: all(s[3] in TERMINAL for s in states()), 240, what + ": jobs to finish")
    final = states()
    bad = [s for s in final if s[3] != "COMPLETED"]
    check(not bad, "%s: jobs not COMPLETED: %s" % (what, bad))
    print("  %s: %d job records, all COMPLETED" % (what, len(final)))
    return final


def cluster_test(source, winnow, work, env):
    cluster = os.path.join(work, "cluster")
    started = run([os.path.join(source, "scripts/slurm-cluster"), "start", cluster], env=env)
    try:
        for line in started.stdout.splitlines():
            if line.startswith("export SLURM_CONF="):
                env["SLURM_CONF"] = line.split("=", 1)[1]
        check("SLURM_CONF" in env, "slurm-cluster start printed no SLURM_CONF: " + started.stdout)
        cluster_pipeline(winnow, work, env)
    finally:
        run([os.path.join(source, "scripts/slurm-cluster"), "stop", cluster], env=env, expect=None)


def cluster_pipeline(winnow, work, env):
    data, config = os.path.join(work, "data"), os.path.join(work, "pipeline.yaml")
    make_corpus(data)
    write_config(config)
    run([winnow, "run", "data", "-o", "local", "-c", "pipeline.yaml", "--threads", "2", "-q"], env=env, cwd=work)
    submit = ["slurm", "submit", "data", "-c", "pipeline.yaml", "--tasks", str(TASKS), "--array-limit", "2",
              "--cpus-per-task", "1", "--time", "0:10:00", "--sbatch-line", "--comment=winnow-test"]

    # 1. The whole pipeline through Slurm.
    print("run 1: submit, all tasks succeed")
    run([winnow] + submit + ["-o", "one"], env=env, cwd=work)
    # Right after submission the dependent stages cannot have run: status says so with exit 3.
    run([winnow, "slurm", "status", "one"], env=env, cwd=work, expect=3)
    jobs = jobs_of(os.path.join(work, "one"))
    check([(stage, tasks) for stage, _, tasks in jobs] == [(name, stage_tasks(array)) for name, array in all_stages()],
          "run 1 submitted %r" % jobs)
    final = wait_all_completed(os.path.join(work, "one"), env, "run 1")
    check(len(final) == sum(TASKS if array else 1 for _, array in all_stages()), "run 1: job records %r" % (final,))
    no_scratch_left(os.path.join(work, "one"), "run 1")
    compare_outputs(os.path.join(work, "local"), os.path.join(work, "one"), "run 1")
    read = check_ledger(os.path.join(work, "one"), "run 1")
    status = run([winnow, "slurm", "status", "one"], env=env, cwd=work, expect=0)
    check(PASS2[-1][0] in status.stdout and str(read) in status.stdout, "run 1 status:\n" + status.stdout)
    print(status.stdout)
    # Resuming a finished pipeline submits nothing.
    nothing = run([winnow, "slurm", "resume", "one"], env=env, cwd=work)
    check("nothing to resume" in nothing.stdout and len(jobs_of(os.path.join(work, "one"))) == len(all_stages()),
          "resume of a finished run: " + nothing.stdout)

    # 2. Signature task 2 fails on purpose: no later stage may start.
    print("run 2: signature task 2 fails (WINNOW_SLURM_FAIL_TASK=signatures:2)")
    failing = dict(env, WINNOW_SLURM_FAIL_TASK="signatures:2")
    run([winnow] + submit + ["-o", "two"], env=failing, cwd=work)
    two = os.path.join(work, "two")
    submitted = jobs_of(two)
    signatures_job = submitted[0][1]
    dependent_jobs = [job for _, job, _ in submitted[1:]]

    def settled():
        signature_states = {r["ArrayTaskId"]: r["JobState"] for r in job_records(signatures_job, env)}
        if len(signature_states) < TASKS or any(s not in TERMINAL for s in signature_states.values()):
            return False
        dependents = [r for job in dependent_jobs for r in job_records(job, env)]
        return all(r["JobState"] == "CANCELLED" or r.get("Reason") == "DependencyNeverSatisfied" for r in dependents)

    wait_until(settled, 240, "run 2: the failed task and its dependents to settle")
    signature_states = {r["ArrayTaskId"]: r["JobState"] for r in job_records(signatures_job, env)}
    check(signature_states == {"0": "COMPLETED", "1": "COMPLETED", "2": "FAILED"},
          "run 2: signature task states %r" % signature_states)
    dependent_states = []
    for job in dependent_jobs:
        for record in job_records(job, env):
            # A cancelled dependent gets the cancel time as StartTime; RunTime tells that it never ran.
            check(record.get("RunTime") == "00:00:00", "run 2: dependent job %s ran: %r" % (job, record))
            check(record["JobState"] not in ("COMPLETED", "RUNNING"), "run 2: dependent job %s ran: %r" % (job, record))
            dependent_states.append("%s %s %s" % (job, record["JobState"], record.get("Reason", "")))
    check(not os.path.exists(os.path.join(two, ".dedup-staged/plan.json")), "run 2: a plan was written")
    check(not os.path.exists(os.path.join(two, "kept")), "run 2: pass 2 ran")
    logs = os.listdir(os.path.join(two, ".slurm", "logs"))
    check(not [name for name in logs if not name.startswith("signatures")], "run 2: dependents have logs: %r" % logs)
    print("  run 2: signature tasks %r; dependent jobs never started: %s" % (signature_states, "; ".join(dependent_states)))
    status = run([winnow, "slurm", "status", "two"], env=env, cwd=work, expect=1)
    print(status.stdout)
    check("signatures task 2: failed" in status.stdout, "run 2 status names no failed task:\n" + status.stdout)
    log = [line.split("log: ", 1)[1] for line in status.stdout.splitlines() if "log: " in line]
    check(len(log) == 1 and os.path.isfile(log[0]), "run 2 status: no log path of the failed task: %r" % log)
    with open(log[0]) as handle:
        check("failing on purpose" in handle.read(), "run 2: the failed task's log lacks the cause")

    # Resume: only signature task 2 again, then the later stages, chained.
    print("run 2: resume")
    resumed = run([winnow, "slurm", "resume", "two"], env=env, cwd=work)
    print(resumed.stdout)
    new_jobs = jobs_of(two)[len(all_stages()):]
    check([(stage, tasks) for stage, _, tasks in new_jobs] ==
          [("signatures", "2")] + [(name, stage_tasks(array)) for name, array in all_stages()[1:]],
          "resume submitted %r" % new_jobs)
    new_ids = {job for _, job, _ in new_jobs}

    def resumed_done():
        records = [r for job in new_ids for r in job_records(job, env)]
        return all(r["JobState"] in TERMINAL for r in records)

    wait_until(resumed_done, 240, "the resumed jobs")
    resumed_records = [(stage, r) for stage, job, _ in new_jobs for r in job_records(job, env)]
    check(all(r["JobState"] == "COMPLETED" for _, r in resumed_records),
          "resumed jobs not all COMPLETED: %r" % [(s, r["JobState"]) for s, r in resumed_records])
    resubmitted = [r for stage, r in resumed_records if stage == "signatures"]
    check(len(resubmitted) == 1 and resubmitted[0]["ArrayTaskId"] == "2",
          "resume ran signature tasks %r, expected only 2" % [r.get("ArrayTaskId") for r in resubmitted])
    no_scratch_left(two, "run 2 after resume")
    compare_outputs(os.path.join(work, "local"), two, "run 2 after resume")
    check_ledger(two, "run 2 after resume")
    run([winnow, "slurm", "status", "two"], env=env, cwd=work, expect=0)

    # 3. Held jobs: status says pending (exit 3) and resume refuses to run them twice; once they are cancelled,
    # resume submits every stage again.
    print("run 3: jobs held (--sbatch-line --hold), then cancelled, then resumed")
    run([winnow] + submit + ["-o", "three", "--sbatch-line", "--hold"], env=env, cwd=work)
    three = os.path.join(work, "three")
    held = run([winnow, "slurm", "status", "three"], env=env, cwd=work, expect=3)
    check("signatures        3         0         0         3" in held.stdout, "run 3 status:\n" + held.stdout)
    refused = run([winnow, "slurm", "resume", "three"], env=env, cwd=work, expect=1)
    check("still pending" in refused.stderr, "run 3: resume of held jobs: " + refused.stderr)
    first_jobs = [job for _, job, _ in jobs_of(three)]
    check(len(first_jobs) == len(all_stages()), "run 3: resume submitted although it refused: %r" % jobs_of(three))
    for job in first_jobs:
        run(["scancel", job], env=env)
    wait_until(lambda: all(r["JobState"] == "CANCELLED" for job in first_jobs for r in job_records(job, env)), 60,
               "run 3: the cancellation")
    run([winnow, "slurm", "status", "three"], env=env, cwd=work, expect=1)
    run([winnow, "slurm", "resume", "three"], env=env, cwd=work)
    again = jobs_of(three)[len(all_stages()):]
    check([(stage, tasks) for stage, _, tasks in again] == [(name, stage_tasks(array)) for name, array in all_stages()],
          "run 3: resume submitted %r" % again)
    for _, job, _ in again:
        run(["scontrol", "release", job], env=env)
    wait_until(lambda: all(r["JobState"] in TERMINAL for _, job, _ in again for r in job_records(job, env)), 240,
               "run 3: the resumed jobs")
    states = [r["JobState"] for _, job, _ in again for r in job_records(job, env)]
    expected_records = sum(TASKS if array else 1 for _, array in all_stages())
    check(states == ["COMPLETED"] * expected_records, "run 3: resumed job states %r" % states)
    compare_outputs(os.path.join(work, "local"), three, "run 3 after resume")
    check_ledger(three, "run 3 after resume")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["scripts", "cluster"])
    parser.add_argument("--winnow", required=True)
    parser.add_argument("--source", required=True)
    arguments = parser.parse_args()
    winnow, source = os.path.abspath(arguments.winnow), os.path.abspath(arguments.source)
    if arguments.mode == "cluster":
        if os.geteuid() != 0:
            print("SKIPPED: not root (the test cluster's daemons run as root)")
            sys.exit(77)
        missing = [tool for tool in ("slurmctld", "slurmd", "munged", "sbatch", "scontrol") if not shutil.which(tool)]
        if missing:
            print("SKIPPED: no slurm (%s not found; scripts/install-deps --slurm installs them)" % ", ".join(missing))
            sys.exit(77)
    data_dir = os.path.join(source, ".cache", "tokenizer")
    check(os.path.isdir(data_dir), "no tokenizer data in %s: run scripts/fetch-tokenizer-data" % data_dir)
    env = dict(os.environ, WINNOW_DATA_DIR=data_dir)
    env.pop("WINNOW_SLURM_FAIL_TASK", None)
    started = time.time()
    work = tempfile.mkdtemp(prefix="winnow-slurm-")
    try:
        if arguments.mode == "scripts":
            scripts_test(winnow, work, env)
        else:
            cluster_test(source, winnow, work, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("PASSED in %.1f s" % (time.time() - started))


if __name__ == "__main__":
    main()
