"""The grading core: one result record per graded test.

Every verdict the tools print, for a student's `check`, an instructor's
batch or the project's self-test, comes from grade_exercise() below.

Each test runs alone (Criterion's --filter) in its own process group, so a
test that hangs, crashes, floods its output or forks stray processes loses
its own points and nothing else:
  - Criterion's per-test timeout reports a hang; an outer timeout catches
    a runner that hangs itself, and the whole process group is killed after;
  - the environment is cleared of OMP_*, GOMP_* and KMP_* settings, which
    would change team sizes or schedules under the tests' feet;
  - a pass counts only when the test wrote its end marker (tests/grading.c),
    so a process ended early by the code under test earns nothing.
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


def clean_environment(threads: tuple[int, ...]) -> dict[str, str]:
    """The caller's environment without OpenMP settings, plus the test's own."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("OMP_", "GOMP_", "KMP_"))}
    env["WB_THREADS"] = ",".join(str(t) for t in threads)
    return env


def _limit_resources() -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_FILE_BYTES, MAX_FILE_BYTES))


def _kill_group(pgid: int) -> None:
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


def _read_report(xml_path: Path, name: str) -> tuple[str, str] | None:
    """(status, message) for test `name` from Criterion's JUnit XML, or None."""
    try:
        root = ET.parse(xml_path).getroot()
    except (OSError, ET.ParseError):
        return None
    for case in root.iter("testcase"):
        if case.get("name") != name:
            continue
        error = case.find("error")
        if error is not None:
            if error.get("type") == "timeout":
                return TIMED_OUT, ""
            return CRASHED, ""
        failure = case.find("failure")
        if failure is not None:
            return FAILED, _strip_location(failure.text or failure.get("message", ""))
        if case.get("status") == "PASSED":
            return PASSED, ""
        return FAILED, f"Criterion reported status {case.get('status')}"
    return None


def run_test(binary: Path, exercise: Exercise, test: TestMeta,
             threads: tuple[int, ...], workdir: Path) -> TestResult:
    """Run one graded test alone and turn what happened into a record."""
    xml_path = workdir / f"{test.name}.xml"
    end_path = workdir / f"{test.name}.end"
    log_path = workdir / f"{test.name}.log"
    env = clean_environment(threads)
    env["WB_END_FILE"] = str(end_path)
    command = [str(Path(binary).resolve()), f"--filter={exercise.suite}/{test.name}", "-j1",
               f"--timeout={exercise.timeout}", f"--xml={xml_path}"]

    def record(status: str, message: str) -> TestResult:
        return TestResult(exercise=exercise.topic, test=test.name, checks=test.checks,
                          points=test.points if status == PASSED else 0,
                          possible=test.points, status=status, message=message,
                          duration=round(time.monotonic() - started, 3), threads=threads)

    started = time.monotonic()
    with open(log_path, "wb") as log:
        try:
            proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, env=env, cwd=workdir,
                                    start_new_session=True, preexec_fn=_limit_resources)
        except OSError as e:
            return record(NOT_BUILT, f"cannot run {binary}: {e.strerror}")
        try:
            proc.wait(timeout=exercise.timeout + OUTER_MARGIN)
            killed = False
        except subprocess.TimeoutExpired:
            killed = True
        finally:
            _kill_group(proc.pid)   # also stray processes forked by the test
            proc.wait()
    if killed:
        return record(TIMED_OUT, f"the test did not finish within {exercise.timeout} s "
                                 "and its runner had to be stopped")
    report = _read_report(xml_path, test.name)
    if report is None:
        tail = log_path.read_bytes()[-KEPT_OUTPUT:].decode(errors="replace").strip()
        return record(CRASHED, f"the test runner ended (exit status {proc.returncode}) "
                               f"without reporting this test. {tail}".strip())
    status, message = report
    if status == TIMED_OUT:
        message = (f"the test did not finish within {exercise.timeout} s: look for a "
                   "loop that never ends, or threads waiting for each other")
    elif status == CRASHED:
        message = ("the test crashed (a signal such as a segmentation fault): look for "
                   "an index out of range, or a pointer shared where each thread "
                   "needs its own")
    elif status == PASSED and not _reached_end(end_path, exercise.suite, test.name):
        status, message = FAILED, ("the test ended before its last check: the code "
                                   "under test ended the process early")
    return record(status, message)


def _reached_end(end_path: Path, suite: str, name: str) -> bool:
    try:
        return f"{suite}/{name}" in end_path.read_text().split()
    except OSError:
        return False


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
        return [run_test(binary, exercise, t, threads, Path(tmp)) for t in exercise.tests]
