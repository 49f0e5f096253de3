"""./workbook grade: a class graded in one command.

Each submission (submission.py) is put into a grading tree (tree.py) and
graded by the one core (grading.py), sandbox and symbol policy included,
and its result is written to OUT/submissions/ID.json as soon as it is done
(to a temporary file, then renamed), so an interrupted batch loses nothing:
the next `grade` skips every submission whose files and workbook are
unchanged. Every submission gets a record for every test of every exercise,
whatever it is or does.

-j N runs N jobs at once (no more than there are CPUs), each in a tree of
its own, on a group of the CPUs: every group has at least two CPUs (the race
tests pin two threads to two CPUs) when there are that many, and a job has a
group of its own while the CPUs last (-j 8 on 16 CPUs: two each). Jobs that
share a group take turns for their graded tests (grading.GRADED_TURN): one
builds or runs an instrument while the other runs its graded tests, as one
save's instruments build beside its own tests, but two never run graded
tests on the same CPUs at once.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import multiprocessing
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from workbook import grading, meta, sandbox, submission, terminal, tree

RESULTS = "submissions"


class BatchError(Exception):
    """The batch cannot start; the message says what to do."""


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def workbook_digest(t: tree.GradingTree) -> str:
    """What every grade depends on besides the submission: the workbook's
    own files (tests, headers, metadata, CMake), the compiler, the sandbox."""
    h = hashlib.sha256(f"{t.compiler} sandbox={not sandbox.unavailable()}".encode())
    for name in sorted(t.digests):
        h.update(name.encode() + b"\0" + t.digests[name].encode())
    return h.hexdigest()


def _record(wb: meta.Workbook, sub: submission.Submission, results: dict, digest: str,
            compiler: str, seconds: float) -> dict:
    records = []
    for ex in wb.exercises:
        if ex.topic in results:
            records += [r.as_dict() for r in results[ex.topic]]
        else:
            records += [grading.TestResult(ex.topic, t.name, t.checks, 0, t.points,
                                           grading.NOT_BUILT, sub.problem, 0.0, wb.threads)
                        .as_dict() for t in ex.tests]
    return {"student": sub.id, "source": sub.source, "inputs": sub.digest,
            "workbook": digest, "compiler": compiler,
            "files": {p: hashlib.sha256(c).hexdigest() for p, c in sorted(sub.files.items())},
            "ignored": [list(i) for i in sub.ignored], "problem": sub.problem,
            "earned": sum(r["points"] for r in records),
            "possible": sum(r["possible"] for r in records),
            "seconds": round(seconds, 2),
            "graded_at": datetime.datetime.now(datetime.timezone.utc).isoformat(
                timespec="seconds"),
            "tests": records}


# --- One job -------------------------------------------------------------------

_job: dict = {}


def _start_job(out: str, compiler: str, groups: list[list[int]], counter) -> None:
    """In each worker process: its own tree, its group of CPUs, and that
    group's turn for graded tests."""
    with counter.get_lock():
        index = counter.value
        counter.value += 1
    group = index % len(groups)
    os.sched_setaffinity(0, groups[group])
    grading.GRADED_TURN = Path(out) / ".trees" / f"graded-tests-{group}.lock"
    t = tree.GradingTree(Path(out) / ".trees" / f"job-{index}", compiler=compiler, reuse=True)
    _job.update(tree=t, digest=workbook_digest(t), index=index)


def _grade_one(task: tuple) -> tuple[str, int, int, float]:
    """Grade one submission in this job's tree; write its result file."""
    path, sub_id, out, exercises, gradescope = task
    t: tree.GradingTree = _job["tree"]
    started = time.monotonic()
    sub = submission.read(Path(path), sorted(t.shipped))
    sub.id = sub_id
    result_path = Path(out) / RESULTS / f"{sub_id}.json"
    kept = _load(result_path)
    results = {}
    if not sub.problem:
        t.put(sub.files, missing="absent")
        wanted = [ex for ex in t.wb.exercises if exercises is None or ex.number in exercises]

        def graded(topic: str, records: list) -> None:
            results[topic] = records
            if gradescope:
                # After every exercise: a platform that stops the grader at
                # its time limit still shows what was graded.
                from workbook import reports
                partial = _record(t.wb, sub, results, _job["digest"], t.compiler,
                                  time.monotonic() - started)
                write_atomically(Path(gradescope),
                                 json.dumps(reports.gradescope(partial, set(results))))
        t.grade(wanted, on_exercise=graded)
        if exercises is not None and kept:
            # --regrade: the other exercises keep their records.
            for ex in t.wb.exercises:
                if ex.number not in exercises:
                    results[ex.topic] = [grading.TestResult(**r) for r in kept["tests"]
                                         if r["exercise"] == ex.topic]
    record = _record(t.wb, sub, results, _job["digest"], t.compiler,
                     time.monotonic() - started)
    write_atomically(result_path, json.dumps(record, indent=1))
    return sub_id, record["earned"], record["possible"], record["seconds"]


def _load(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text())
        return data if isinstance(data, dict) and "tests" in data else None
    except (OSError, ValueError):
        return None


# --- The batch ---------------------------------------------------------------------

@dataclass
class Plan:
    todo: list[tuple[str, str]]          # (path, id) to grade
    skipped: list[str]                   # ids whose result stands
    duplicates: list[tuple[str, str, str]]   # (path, its id, the path that has it)


def plan(paths: list[Path], out: Path, digest: str, editable: list[str],
         regrade: list[str] | None) -> Plan:
    """Which submissions to grade: ids made unique, finished ones kept."""
    todo, skipped, duplicates, seen = [], [], [], {}
    for path in paths:
        sub = submission.read(path, editable)
        if sub.id in seen:
            duplicates.append((str(path), sub.id, seen[sub.id]))
            continue
        seen[sub.id] = str(path)
        kept = _load(out / RESULTS / f"{sub.id}.json")
        if (kept and regrade is None and kept.get("inputs") == sub.digest
                and kept.get("workbook") == digest and kept.get("source") == sub.source):
            skipped.append(sub.id)
        else:
            todo.append((str(path), sub.id))
    return Plan(todo, skipped, duplicates)


def _duplicate_record(wb: meta.Workbook, path: str, taken_by: str, same_id: str,
                      digest: str, compiler: str, out: Path) -> str:
    """Its own record for a submission whose id another one already has."""
    n = 2
    while (out / RESULTS / f"{same_id}--duplicate-{n}.json").exists():
        n += 1
    sub = submission.Submission(id=f"{same_id}--duplicate-{n}", source=path, problem=(
        f"{path} has the student id {same_id}, which {taken_by} has already: it was not "
        "graded; give each submission a name of its own (./workbook submit --name ID)"))
    record = _record(wb, sub, {}, digest, compiler, 0.0)
    write_atomically(out / RESULTS / f"{sub.id}.json", json.dumps(record, indent=1))
    return sub.id


def cpu_groups(jobs: int) -> list[list[int]]:
    """The CPUs in groups for `jobs` jobs: as many groups as jobs while each
    can have two CPUs or more, else fewer groups that jobs share."""
    cpus = sorted(os.sched_getaffinity(0))
    if jobs > len(cpus):
        raise BatchError(f"-j {jobs} asks for more jobs than the {len(cpus)} CPU(s) here: "
                         f"use -j {len(cpus)} or fewer")
    count = max(1, min(jobs, len(cpus) // 2))
    return [cpus[k::count] for k in range(count)]


def run(paths: list[Path], out: Path, jobs: int = 1, compiler: str = "gcc",
        regrade: list[str] | None = None, stream=sys.stdout,
        gradescope: Path | None = None) -> list[dict]:
    """Grade every submission; the records of all of them, in order."""
    notice = sandbox.notice_once()
    if notice:
        print(notice, file=sys.stderr)
    out = out.resolve()
    groups = cpu_groups(jobs)
    first = tree.GradingTree(out / ".trees" / "job-0", compiler=compiler, reuse=True)
    digest = workbook_digest(first)
    editable = sorted(first.shipped)
    if regrade:
        regrade = [first.wb.find(n).number for n in regrade]
    p = plan(paths, out, digest, editable, regrade)
    for path, same_id, taken in p.duplicates:
        shown = _duplicate_record(first.wb, path, taken, same_id, digest, compiler, out)
        print(f"workbook: {path} has the same student id as {taken}: recorded as "
              f"{shown}, not graded", file=stream)
    bar = Progress(len(p.todo), stream)
    if p.skipped:
        print(f"{len(p.skipped)} submission(s) already graded with this workbook: kept",
              file=stream)
    tasks = [(path, sub_id, str(out), regrade, str(gradescope) if gradescope else None)
             for path, sub_id in p.todo]
    counter = multiprocessing.Value("i", 0)
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_start_job,
                      initargs=(str(out), compiler, groups, counter)) as pool:
        for sub_id, earned, possible, seconds in pool.imap_unordered(_grade_one, tasks):
            bar.done(sub_id, earned, possible, seconds)
    bar.finish()
    return collect(out)


def collect(out: Path) -> list[dict]:
    """Every submission's record in OUT (a batch, or the merged tasks of a
    Slurm array), by student id."""
    records = []
    for path in sorted((out / RESULTS).glob("*.json")):
        data = _load(path)
        if data:
            records.append(data)
    return records


class Progress:
    """A bar with the count, the current submission and the time left on a
    terminal; one plain line per submission anywhere else."""

    def __init__(self, total: int, stream):
        self.total, self.stream = total, stream
        self.count, self.started = 0, time.monotonic()
        self.redraw = terminal.can_redraw(stream)

    def done(self, sub_id: str, earned: int, possible: int, seconds: float) -> None:
        self.count += 1
        spent = time.monotonic() - self.started
        left = spent / self.count * (self.total - self.count)
        if self.redraw:
            width = 30
            filled = round(width * self.count / self.total) if self.total else width
            self.stream.write(f"\r\033[K[{'#' * filled}{'-' * (width - filled)}] "
                              f"{self.count}/{self.total}  {sub_id} {earned}/{possible}  "
                              f"about {left:.0f} s left")
        else:
            self.stream.write(f"graded {self.count}/{self.total}: {sub_id} {earned}/{possible} "
                              f"({seconds:.1f} s)\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.redraw and self.total:
            self.stream.write("\n")
        spent = time.monotonic() - self.started
        if self.total:
            self.stream.write(f"{self.count} submission(s) graded in {spent:.1f} s\n")
