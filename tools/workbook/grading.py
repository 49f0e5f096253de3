"""The grading core: one result record per graded test.

Every verdict the tools print, for a student's `check`, an instructor's
batch or the project's self-test, comes from grade_exercise() below.

Criterion runs each test in a process of its own; the grader runs the
runner in a process group of its own, so a test that hangs, crashes, floods
its output or forks stray processes loses its own points and nothing else:
  - Criterion's per-test timeout reports a hang; an outer timeout catches
    a runner that hangs itself, and the whole process group is killed after;
  - the environment is cleared of OMP_*, GOMP_* and KMP_* settings, which
    would change team sizes or schedules under the tests' feet;
  - a pass counts only when the test wrote its end marker (tests/grading.c),
    so a process ended early by the code under test earns nothing;
  - a crash names its signal (tests/grading.c leaves it in the end file);
  - a test the shared run did not report, or that failed beside stray
    processes, is run again alone (Criterion's --filter) for its verdict.
"""
from __future__ import annotations

import os
import resource
import signal
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass
from pathlib import Path

from workbook.meta import Exercise, TestMeta

PASSED, FAILED, CRASHED, TIMED_OUT, NOT_BUILT = (
    "passed", "failed", "crashed", "timed out", "not built")

# Seconds granted beyond Criterion's own timeout before the runner is killed.
OUTER_MARGIN = 10
# Largest file a test process may write (a flood into a file stops there).
MAX_FILE_BYTES = 64 << 20
# How much of the runner's own output is kept for the record.
KEPT_OUTPUT = 4000


@dataclass
class TestResult:
    exercise: str          # topic, e.g. "02-parallel-map"
    test: str              # Criterion test name
    checks: str            # what the test checks, from workbook.toml
    points: int            # points earned
    possible: int          # points available
    status: str            # passed, failed, crashed, timed out, not built
    message: str           # why it did not pass ("" when it passed)
    duration: float        # seconds
    threads: tuple[int, ...]

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    def as_dict(self) -> dict:
        return asdict(self)


# Environment variables of the OpenMP runtimes: they change team sizes and
# schedules under a program's feet, so no graded or checked run inherits them.
OPENMP_SETTINGS = ("OMP_", "GOMP_", "KMP_")


def environment_without(prefixes: tuple[str, ...]) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}


def clean_environment(threads: tuple[int, ...]) -> dict[str, str]:
    """The caller's environment without OpenMP settings, plus the test's own."""
    env = environment_without(OPENMP_SETTINGS)
    env["WB_THREADS"] = ",".join(str(t) for t in threads)
    return env


def limit_resources() -> None:
    """No core files, and a flood of output into a file stops at MAX_FILE_BYTES."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_FILE_BYTES, MAX_FILE_BYTES))


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _strip_location(text: str) -> str:
    """'tests/02-x.c:57: message' -> 'message': the student needs the words."""
    lines = []
    for line in text.strip().splitlines():
        head, sep, rest = line.partition(": ")
        if sep and ":" in head and head.rsplit(":", 1)[-1].isdigit():
            line = rest
        lines.append(line)
    return "\n".join(lines)


def _read_report(xml_path: Path) -> dict[str, tuple[str, str, float]]:
    """test name -> (status, message, seconds) from Criterion's JUnit XML."""
    try:
        root = ET.parse(xml_path).getroot()
    except (OSError, ET.ParseError):
        return {}
    found = {}
    for case in root.iter("testcase"):
        try:
            seconds = float(case.get("time", "0"))
        except ValueError:
            seconds = 0.0
        error, failure = case.find("error"), case.find("failure")
        if error is not None:
            status, message = (TIMED_OUT if error.get("type") == "timeout" else CRASHED), ""
        elif failure is not None:
            status, message = FAILED, _strip_location(failure.text or failure.get("message", ""))
        elif case.get("status") == "PASSED":
            status, message = PASSED, ""
        else:
            status, message = FAILED, f"Criterion reported status {case.get('status')}"
        found[case.get("name")] = (status, message, seconds)
    return found


@dataclass
class _Run:
    """What one run of a test binary left behind."""
    reports: dict[str, tuple[str, str, float]]
    end_lines: list[str]     # the end file: "suite/test" and "signal NAME suite/test"
    returncode: int
    killed: bool             # stopped by the outer time limit
    strays: bool             # processes of the run were still alive when it ended
    log_tail: str
    seconds: float


def _run_binary(binary: Path, exercise: Exercise, filter_: str, threads: tuple[int, ...],
                workdir: Path, time_limit: float) -> _Run:
    """Run the test binary on the tests `filter_` selects, in its own process
    group, and collect its report, its end file and its fate."""
    workdir.mkdir(parents=True, exist_ok=True)
    xml_path, end_path, log_path = (workdir / "report.xml", workdir / "end",
                                    workdir / "log")
    env = clean_environment(threads)
    env["WB_END_FILE"] = str(end_path)
    command = [str(Path(binary).resolve()), f"--filter={filter_}", "-j1",
               f"--timeout={exercise.timeout}", f"--xml={xml_path}"]
    started = time.monotonic()
    with open(log_path, "wb") as log:
        try:
            proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, env=env, cwd=workdir,
                                    start_new_session=True, preexec_fn=limit_resources)
        except OSError as e:
            return _Run({}, [], -1, False, False, f"cannot run {binary}: {e.strerror}", 0.0)
        try:
            proc.wait(timeout=time_limit)
            killed = False
        except subprocess.TimeoutExpired:
            killed = True
        strays = _group_alive(proc.pid)
        kill_group(proc.pid)   # also stray processes forked by the tests
        proc.wait()
    try:
        end_lines = end_path.read_text().splitlines()
    except OSError:
        end_lines = []
    tail = log_path.read_bytes()[-KEPT_OUTPUT:].decode(errors="replace").strip()
    return _Run(_read_report(xml_path), end_lines, proc.returncode, killed, strays, tail,
                time.monotonic() - started)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def _verdict(run: _Run, exercise: Exercise, test: TestMeta,
             threads: tuple[int, ...]) -> TestResult | None:
    """The record of `test` from a run, or None when the run did not report it."""
    def record(status: str, message: str, seconds: float) -> TestResult:
        return TestResult(exercise=exercise.topic, test=test.name, checks=test.checks,
                          points=test.points if status == PASSED else 0,
                          possible=test.points, status=status, message=message,
                          duration=round(seconds, 3), threads=threads)

    full_name = f"{exercise.suite}/{test.name}"
    if test.name not in run.reports:
        return None
    status, message, seconds = run.reports[test.name]
    if status == TIMED_OUT:
        message = (f"{test.name} did not finish within its limit of {exercise.timeout} s: "
                   "look for a loop that never ends, or threads waiting for each other")
    elif status == CRASHED:
        signals = [line.split()[1] for line in run.end_lines
                   if line.startswith("signal ") and line.endswith(" " + full_name)]
        what = SIGNAL_MEANING.get(signals[0], signals[0]) if signals else "a signal"
        message = (f"{test.name} crashed with {what}: ./workbook race {exercise.number} "
                   "looks for threads that share what each needs its own, and a debugger "
                   "(gdb) shows the line")
    elif status == PASSED and full_name not in run.end_lines:
        status, message = FAILED, ("the test ended before its last check: the code "
                                   "under test ended the process early")
    return record(status, message, seconds)


# What a student is told about the signal that ended a test.
SIGNAL_MEANING = {
    "SIGSEGV": "SIGSEGV (a segmentation fault: memory read or written out of bounds)",
    "SIGBUS": "SIGBUS (a bus error: a bad memory access)",
    "SIGFPE": "SIGFPE (an arithmetic error such as a division by zero)",
    "SIGILL": "SIGILL (an illegal instruction)",
    "SIGABRT": "SIGABRT (an abort: a failed assert, or memory freed twice)",
}


def run_test(binary: Path, exercise: Exercise, test: TestMeta,
             threads: tuple[int, ...], workdir: Path) -> TestResult:
    """Run one graded test alone and turn what happened into a record."""
    run = _run_binary(binary, exercise, f"{exercise.suite}/{test.name}", threads,
                      workdir / test.name, exercise.timeout + OUTER_MARGIN)
    result = _verdict(run, exercise, test, threads)
    if result is not None and not run.killed:
        return result
    if run.killed:
        status, message = TIMED_OUT, (f"{test.name} did not finish within its limit of "
                                      f"{exercise.timeout} s and its runner had to be stopped")
    elif run.returncode == -1:
        status, message = NOT_BUILT, run.log_tail
    else:
        status, message = CRASHED, (f"the test runner ended (exit status {run.returncode}) "
                                    f"without reporting {test.name}. {run.log_tail}").strip()
    return TestResult(exercise=exercise.topic, test=test.name, checks=test.checks, points=0,
                      possible=test.points, status=status, message=message,
                      duration=round(run.seconds, 3), threads=threads)


def grade_exercise(exercise: Exercise, binary: Path | None,
                   threads: tuple[int, ...], build_error: str = "") -> list[TestResult]:
    """Records for every test of an exercise, in metadata order.

    With binary None (the build failed), every test is recorded as not built,
    with the build's error as its message, so that no test goes missing.
    """
    if binary is None:
        return [TestResult(exercise=exercise.topic, test=t.name, checks=t.checks, points=0,
                           possible=t.points, status=NOT_BUILT, message=build_error,
                           duration=0.0, threads=threads) for t in exercise.tests]
    with tempfile.TemporaryDirectory(prefix="workbook-grade-") as tmp:
        # All tests in one runner first: Criterion still gives each test a
        # process of its own, and one start instead of one per test makes a
        # verdict fast enough to follow every save. A test that run did not
        # report (its runner hung or died), or that failed or crashed while
        # stray processes were about, is run again alone (a hang is not: it
        # already had its whole time limit).
        together = _run_binary(binary, exercise, f"{exercise.suite}/*", threads,
                               Path(tmp) / "together",
                               exercise.timeout * len(exercise.tests) + OUTER_MARGIN)
        results = []
        for test in exercise.tests:
            result = None if together.killed else _verdict(together, exercise, test, threads)
            if result is None or (together.strays and result.status in (FAILED, CRASHED)):
                result = run_test(binary, exercise, test, threads, Path(tmp))
            results.append(result)
        return results
