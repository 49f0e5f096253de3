"""The grading core: one result record per graded test.

Every verdict the tools print, for a student's `check`, an instructor's
batch or the project's self-test, comes from grade_exercise() below (and
grade_exercises(), which runs its two steps for several exercises):

  1. the symbol policy (policy.py) inspects the student's objects: a
     violation is that exercise's 0, and none of its code runs;
  2. the graded tests run in the sandbox (sandbox.py), all in one runner,
     under a watchdog that kills a test outliving its time limit, whatever
     signals it blocks;
  3. a test passed only if its pass record carries the token the grader
     made for it (evidence.py, tests/grading.c): Criterion's report, which
     the code under test can reach, adds messages and nothing else;
  4. a test that the shared run did not settle (the runner died or was
     killed), or that failed while processes an earlier test left behind
     were running, is run again alone;
  5. the instruments run over the same code: ThreadSanitizer's race check
     and AddressSanitizer/LeakSanitizer's memory check, each a test of its
     own in workbook.toml, with points.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import fcntl
import os
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from workbook import evidence, policy, sandbox
from workbook.meta import Exercise, TestMeta, Workbook

PASSED, FAILED, CRASHED, TIMED_OUT, NOT_BUILT, REJECTED, NOT_RUN = (
    "passed", "failed", "crashed", "timed out", "not built", "rejected", "not run")
# NOT_RUN: the test needs more CPUs at once than the run had (a race test on
# a one-CPU grader): no verdict either way, and no points; `grade` runs it
# again at the end of a batch with every CPU.

# Seconds past a test's own limit before the watchdog kills it: Criterion's
# timeout comes first and keeps the messages of the other tests.
WATCHDOG_GRACE = 2
# Processes in a sandboxed run before any test forks: bwrap, runner, test.
EXPECTED_PROCESSES = 3
POLL_SECONDS = 0.02
# Seconds a runner may take after a test's last record before it starts the
# next test or exits: a sanitizer's exit-time leak check fits many times over.
IDLE_AFTER_RECORD = 5
# The watchdog measures the scratch folder every DISK_POLLS polls, and ends a
# run that holds more than its limit or SCRATCH_ENTRIES files.
DISK_POLLS = 10
SCRATCH_ENTRIES = 20000


@dataclass
class TestResult:
    exercise: str          # topic, e.g. "02-parallel-map"
    test: str              # Criterion test name, or the instrument test's name
    checks: str            # what the test checks, from workbook.toml
    points: int            # points earned
    possible: int          # points available
    status: str            # passed, failed, crashed, timed out, not built, rejected
    message: str           # why it did not pass ("" when it passed)
    duration: float        # seconds
    threads: tuple[int, ...]

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Graded:
    """One exercise graded: its records, and the compiler's warnings about
    the code (shown beside the verdict; they cost nothing)."""
    records: list[TestResult]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Build:
    """What was built of one implementation (the student's, the solution,
    a wrong program) for grading; any path may be None when not built."""
    archive: Path | None            # the implementation's objects: the policy's input
    binary: Path | None             # the graded tests linked with them
    memory_binary: Path | None      # the same, built with AddressSanitizer
    race_binary: Path | None        # the race driver with them, built with TSan
    sources: tuple[Path, ...] = ()  # the implementation's C files
    include: tuple[Path, ...] = ()  # where its headers are
    compiler: str = "gcc"
    source_root: Path | None = None # the tree the paths in reports are relative to
    error: str = ""                 # why it is not built ("" when it is)
    warnings: tuple[str, ...] = ()  # the compiler's warnings about the sources
    # Builds the instruments' programs on demand: prepare("race"|"memory"|
    # "both", cancel=None) gives '' or why it could not be built; a
    # threading.Event as cancel stops it. None: the paths above are all.
    prepare: Callable[..., str] | None = None


# Environment variables of the OpenMP runtimes: they change team sizes and
# schedules under a program's feet, so no graded or checked run inherits them.
OPENMP_SETTINGS = ("OMP_", "GOMP_", "KMP_")


def environment_without(prefixes: tuple[str, ...]) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}


def clean_environment(threads: tuple[int, ...]) -> dict[str, str]:
    """The caller's environment without OpenMP settings, plus the test's own
    (for the project's own runs of trusted binaries, e.g. --list)."""
    env = environment_without(OPENMP_SETTINGS)
    env["WB_THREADS"] = ",".join(str(t) for t in threads)
    return env


def run_environment(threads: tuple[int, ...] = ()) -> dict[str, str]:
    """The whole environment of a sandboxed run: nothing of the caller's but
    WB_SEED (to repeat a run's random sizes) and WB_SHOW_OUTPUT."""
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "TMPDIR": "/tmp", "LC_ALL": "C.UTF-8"}
    for key in ("WB_SEED", "WB_SHOW_OUTPUT"):
        if key in os.environ:
            env[key] = os.environ[key]
    if threads:
        env["WB_THREADS"] = ",".join(str(t) for t in threads)
    return env


def _cpu_quota() -> float | None:
    """CPUs' worth of time the cgroup quota allows this process (v2 cpu.max,
    v1 cfs_quota_us / cfs_period_us), or None without a quota."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if controllers == "":
            try:
                quota, period = (Path("/sys/fs/cgroup") / path.lstrip("/") /
                                 "cpu.max").read_text().split()
                if quota != "max":
                    return int(quota) / int(period)
            except (OSError, ValueError):
                pass
        elif "cpu" in controllers.split(","):
            base = Path("/sys/fs/cgroup/cpu") / path.lstrip("/")
            try:
                quota = int((base / "cpu.cfs_quota_us").read_text())
                period = int((base / "cpu.cfs_period_us").read_text())
                if quota > 0:
                    return quota / period
            except (OSError, ValueError):
                pass
    return None


def cpus_available() -> int:
    """The CPUs a run can use at once: the affinity mask, lowered by a CPU
    quota (Gradescope's default half CPU counts as one)."""
    cpus = len(os.sched_getaffinity(0))
    quota = _cpu_quota()
    if quota is not None:
        cpus = min(cpus, max(1, int(quota)))
    return cpus


def limits_for(wb: Workbook, seconds: float, sanitizer: bool = False) -> sandbox.Limits:
    cpus = len(os.sched_getaffinity(0))
    return sandbox.Limits(cpu_seconds=int(seconds * cpus) + 30, memory_mb=wb.memory_mb,
                          address_space_ok=not sanitizer)


# --- One run of a test binary ------------------------------------------------

@dataclass
class _Run:
    """What one run of a test binary left behind."""
    records: evidence.Records
    reports: dict[str, evidence.Reported]
    report_problem: str
    returncode: int
    timed_out: str           # the test the watchdog killed ("" if none)
    killed: bool             # stopped by the watchdog or the total limit
    out_of_memory: bool
    log: str                 # head and tail of the runner's output
    seconds: float
    test_seconds: dict[str, float] = field(default_factory=dict)
    memory_mb: int = 0       # the run's memory limit
    cpus: int = 0            # the CPUs the run could use at once
    disk_full: bool = False  # ended for writing more than the scratch limit
    scratch_mb: int = 0


def _run_binary(wb: Workbook, binary: Path, exercise: Exercise, names: list[str],
                threads: tuple[int, ...], workdir: Path, *, per_test: float,
                sanitizer_env=None) -> _Run:
    """Run the graded tests `names` ("suite/test") of `binary` in one sandboxed
    runner, under a watchdog of `per_test` seconds a test. sanitizer_env,
    for a sanitizer build, gives its settings from the scratch directory's
    path as the run sees it."""
    workdir.mkdir(parents=True, exist_ok=True)
    scratch = workdir / "scratch"
    box = sandbox.Sandbox(scratch, readable=[binary.resolve()],
                          limits=limits_for(wb, per_test * len(names) + 10,
                                            sanitizer_env is not None),
                          # A sanitizer names the lines of its findings from the
                          # symbols; a graded run needs none.
                          strip_symbols=sanitizer_env is None)
    tokens = evidence.new_tokens(names)
    records = evidence.Records(scratch / "records", tokens)
    env = run_environment(threads)
    env["WB_RECORD_FILE"] = box.inside(records.path)
    cpus = cpus_available()
    env["WB_CPUS"] = str(cpus)
    if sanitizer_env:
        env.update(sanitizer_env(box.inside(scratch)))
    # Criterion's extended glob: exactly the tests asked for, so a rerun never
    # repeats a test that already has its verdict.
    pattern = names[0] if len(names) == 1 else \
        f"{exercise.suite}/@({'|'.join(n.partition('/')[2] for n in names)})"
    command = [str(binary.resolve()), f"--filter={pattern}", "-j1",
               f"--timeout={exercise.timeout}", f"--xml={box.inside(scratch / 'report.xml')}"]
    read_end, write_end = os.pipe()
    os.write(write_end, evidence.tokens_text(tokens))
    os.close(write_end)
    env["WB_TOKEN_FD"] = str(read_end)
    box.env = env
    log_path = workdir / "log"
    started = time.monotonic()
    timed_out, killed, disk_full = "", False, False
    test_seconds: dict[str, float] = {}
    with open(log_path, "wb") as log:
        try:
            proc = box.start(command, stdout=log, stderr=log, pass_fds=(read_end,))
        except OSError as e:
            os.close(read_end)
            return _Run(records, {}, "", -1, "", False, False,
                        f"cannot run {binary.name}: {e.strerror}", 0.0,
                        memory_mb=wb.memory_mb, cpus=cpus)
        finally:
            if read_end >= 0:
                try:
                    os.close(read_end)
                except OSError:
                    pass
        deadline = started + per_test * len(names) + 10
        current, since, polls = "", started, 0
        while proc.poll() is None:
            time.sleep(POLL_SECONDS)
            now = time.monotonic()
            if records.refresh():
                if current:
                    test_seconds[current] = now - since
                current, since = records.started[-1], now
            if current and current not in records.passed and now - since > per_test:
                timed_out, killed = current, True
                break
            if not current and now - started > per_test:
                killed = True          # the runner never started a test
                break
            polls += 1
            if polls % DISK_POLLS == 0:
                used, entries = sandbox.scratch_usage(scratch)
                if used > box.limits.scratch_mb << 20 or entries >= SCRATCH_ENTRIES:
                    disk_full, killed = True, True
                    break
            if records.problem or now > deadline:
                # A record file that is no longer a plain file says nothing
                # more: the run ends here, and what it did not settle runs again.
                killed = True
                break
            if (current in records.passed or current in records.signals) \
                    and now - records.changed_at > IDLE_AFTER_RECORD:
                # The test has its record and the runner starts nothing
                # more: stopped, or kept from exiting by the code under test.
                killed = True
                break
        code = box.finish()
    records.refresh()
    if current and current not in test_seconds:
        test_seconds[current] = time.monotonic() - since
    reports, problem = evidence.read_report(scratch / "report.xml",
                                            (PASSED, FAILED, CRASHED, TIMED_OUT))
    return _Run(records, reports, problem, code, timed_out, killed, box.out_of_memory(),
                evidence.log_excerpt(log_path), time.monotonic() - started, test_seconds,
                wb.memory_mb, cpus, disk_full, box.limits.scratch_mb)


# What a student is told about the signal that ended a test.
SIGNAL_MEANING = {
    "SIGSEGV": "SIGSEGV (a segmentation fault: memory read or written out of bounds)",
    "SIGBUS": "SIGBUS (a bus error: a bad memory access)",
    "SIGFPE": "SIGFPE (an arithmetic error such as a division by zero)",
    "SIGILL": "SIGILL (an illegal instruction)",
    "SIGABRT": "SIGABRT (an abort: a failed assert, or memory freed twice)",
}


def debugger_line(binary: Path, exercise: Exercise, test: str) -> str:
    """The two commands that show a crashing test's line in gdb: Criterion
    runs the test under gdbserver, and gdb connects to it."""
    try:
        shown = binary.resolve().relative_to(Path.cwd())
    except ValueError:
        shown = binary
    return (f"`{shown} --filter={exercise.suite}/{test} --debug=gdb` in one terminal and "
            f"`gdb -q {shown} -ex 'target remote localhost:1234' -ex continue` in another "
            "(gdbserver comes with: sudo apt-get install gdbserver)")


def _record(exercise: Exercise, test: TestMeta, threads, status: str, message: str,
            seconds: float) -> TestResult:
    return TestResult(exercise=exercise.topic, test=test.name, checks=test.checks,
                      points=test.points if status == PASSED else 0, possible=test.points,
                      status=status, message=message, duration=round(seconds, 3),
                      threads=tuple(threads))


def _verdict(run: _Run, binary: Path, exercise: Exercise, test: TestMeta,
             threads, alone: bool) -> TestResult | None:
    """The record of `test` from a run, or None when the run did not settle it
    (and it should be run again alone)."""
    name = f"{exercise.suite}/{test.name}"
    report = run.reports.get(test.name)
    seconds = report.seconds if report else run.test_seconds.get(name, 0.0)

    def made(status: str, message: str) -> TestResult:
        return _record(exercise, test, threads, status, message, seconds)

    if run.timed_out == name:
        return made(TIMED_OUT, f"{test.name} did not finish within its limit of "
                               f"{exercise.timeout} s and was stopped: look for a loop that "
                               "never ends, or threads waiting for each other")
    if name in run.records.passed and (report is None or report.status == PASSED):
        return made(PASSED, "")
    if name in run.records.needs:
        return made(NOT_RUN, f"{test.name} needs {run.records.needs[name]} CPUs at once "
                             f"and this grader gave it {run.cpus}: no verdict here. Grade "
                             "on a machine (or a Gradescope autograder) with 2 CPUs or more")
    strays = run.records.processes.get(name, -1) > EXPECTED_PROCESSES
    if report and report.status != PASSED:
        if strays and not alone:
            return None
        if report.status == TIMED_OUT:
            return made(TIMED_OUT, f"{test.name} did not finish within its limit of "
                                   f"{exercise.timeout} s: look for a loop that never ends, "
                                   "or threads waiting for each other")
        if report.status == CRASHED:
            return made(CRASHED, _crash_message(run, binary, exercise, test, name))
        return made(FAILED, report.message)
    if report and report.status == PASSED:
        why = ("a pass record with the wrong token was written"
               if name in run.records.forged else "it left no pass record")
        return made(FAILED, f"{test.name} did not run to its last check ({why}): the code "
                            "under test ended or left the test early")
    if not alone:
        return None
    if name in run.records.signals or run.out_of_memory or run.disk_full:
        return made(CRASHED, _crash_message(run, binary, exercise, test, name))
    if name not in run.records.started:
        why = (f" ({run.records.problem})" if run.records.problem else "")
        return made(CRASHED, f"the test runner ended (exit status {run.returncode}) before "
                             f"{test.name} started{why}. {run.log[-1500:]}".strip())
    return made(CRASHED, f"{test.name} ended without a verdict (exit status "
                         f"{run.returncode}): the code under test killed its process or "
                         "the runner")


def _crash_message(run: _Run, binary: Path, exercise: Exercise, test: TestMeta,
                   name: str) -> str:
    if run.disk_full:
        return (f"{test.name} was stopped for writing more than {run.scratch_mb} MB of "
                f"files (or {SCRATCH_ENTRIES} files) in /tmp: exercise code needs none")
    if run.out_of_memory:
        return (f"{test.name} was killed for using more than {run.memory_mb} MB of "
                "memory: look for an allocation that grows with every call or never ends")
    signal_name = run.records.signals.get(name, "")
    what = SIGNAL_MEANING.get(signal_name, signal_name or "a signal (SIGKILL or another "
                              "that cannot be caught)")
    where = f"To see the line, run {debugger_line(binary, exercise, test.name)}"
    if signal_name in ("SIGSEGV", "SIGBUS"):
        where += (f". If it crashes only with several threads, ./workbook race "
                  f"{exercise.number} looks for threads that share what each needs its own")
    return f"{test.name} crashed with {what}. {where}"


# Set by a batch job (batch.py): the lock of its group of CPUs, which makes
# the graded tests of the jobs sharing that group take turns. While one runs
# graded tests, another may build or run an instrument beside it (as one
# save's own instruments build beside its tests), but never graded tests of
# its own, so the tests that make two threads meet keep two CPUs with no
# other such test on them.
GRADED_TURN: Path | None = None


@contextlib.contextmanager
def _graded_turn():
    if GRADED_TURN is None:
        yield
        return
    with open(GRADED_TURN, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _graded_run(wb: Workbook, binary: Path, exercise: Exercise, names: list[str], threads,
                workdir: Path, per_test: float) -> _Run:
    with _graded_turn():
        return _run_binary(wb, binary, exercise, names, threads, workdir, per_test=per_test)


def _grade_tests(wb: Workbook, exercise: Exercise, binary: Path, threads,
                 workdir: Path) -> list[TestResult]:
    """All tests in one runner first: Criterion still gives each test a
    process of its own, and one start instead of one per test makes a
    verdict fast enough to follow every save. After a test the watchdog had
    to kill, the tests not settled yet run together again; a test that
    failed beside processes an earlier test left, or that a dead runner
    never reported, runs alone."""
    per_test = exercise.timeout + WATCHDOG_GRACE
    by_name = {f"{exercise.suite}/{t.name}": t for t in exercise.criterion_tests}
    settled: dict[str, TestResult] = {}
    pending, attempt = list(by_name), 0
    while pending:
        attempt += 1
        alone = len(pending) == 1
        run = _graded_run(wb, binary, exercise, pending, threads, workdir / f"run-{attempt}",
                          per_test)
        left = []
        for name in pending:
            result = _verdict(run, binary, exercise, by_name[name], threads, alone=alone)
            if result is None:
                left.append(name)
            else:
                settled[name] = result
        if left and not run.timed_out:
            # Not a hang: each of the rest gets a runner of its own.
            for name in left:
                attempt += 1
                run = _graded_run(wb, binary, exercise, [name], threads,
                                  workdir / f"run-{attempt}", per_test)
                settled[name] = _verdict(run, binary, exercise, by_name[name], threads,
                                         alone=True)
            left = []
        pending = left
    return [settled[name] for name in by_name]


# --- The whole exercise ----------------------------------------------------------

def _all(exercise: Exercise, threads, status: str, message: str) -> list[TestResult]:
    return [_record(exercise, t, threads, status, message, 0.0) for t in exercise.tests]


def policy_violations(wb: Workbook, exercise: Exercise, build: Build) -> str:
    """'' or the sentence (and count) of what the policy refuses in `build`."""
    found = policy.check(wb, exercise, build.archive, build.sources, build.include,
                         build.compiler)
    if not found:
        return ""
    more = len(found) - 1
    return found[0].sentence + (f" (and {more} more thing{'s' * (more > 1)} the policy "
                                "refuses)" if more else "")


def grade_exercise(wb: Workbook, exercise: Exercise, build: Build,
                   threads: tuple[int, ...] | None = None,
                   on_tests=None, instruments: bool = True) -> list[TestResult]:
    """Records for every test of an exercise, in metadata order.

    Nothing goes missing: an implementation that is not built gets 'not
    built' records with the build's error, one the policy refuses gets
    'rejected' records with the policy's sentence. on_tests(results), when
    given, sees the graded tests' records before the instruments run.
    instruments=False leaves the instrument tests out of the records (the
    self-test repeats the graded tests; the instruments' verdicts do not
    depend on timing and are checked once).
    """
    steps = GradingSteps(wb, exercise, build, threads, on_tests, instruments)
    return steps.instruments() if steps.tests() else steps.records


class GradingSteps:
    """grade_exercise() in two calls, for a caller that grades several
    exercises: tests() runs everything up to the graded tests and the end
    of the instruments' build (the tree's build folders are then free for
    the next exercise); instruments() runs the race and memory checks, which
    wait for no CPU of their own, and gives the records. When tests()
    returns False the records are already there (not built, rejected), and
    instruments() has nothing to do."""

    def __init__(self, wb: Workbook, exercise: Exercise, build: Build,
                 threads: tuple[int, ...] | None = None, on_tests=None,
                 instruments: bool = True):
        self.wb, self.exercise, self.build = wb, exercise, build
        self.threads = tuple(threads or wb.threads)
        self.on_tests, self.with_instruments = on_tests, instruments
        self.records: list[TestResult] = []
        self._folder = contextlib.ExitStack()

    def tests(self) -> bool:
        wb, exercise, build, threads = self.wb, self.exercise, self.build, self.threads
        if build.error or build.archive is None:
            self.records = _all(exercise, threads, NOT_BUILT,
                                build.error or "the code is not built")
            return False
        try:
            refused = policy_violations(wb, exercise, build)
        except policy.PolicyError as e:
            self.records = _all(exercise, threads, NOT_BUILT,
                                f"the symbol policy could not run: {e}")
            return False
        if refused:
            self.records = _all(exercise, threads, REJECTED, refused)
            return False
        if build.binary is None:
            self.records = _all(exercise, threads, NOT_BUILT, "the graded tests are not built")
            return False
        self.chosen = [t for t in exercise.tests if t.instrument and self.with_instruments]
        self.tmp = self._folder.enter_context(sandbox.workdir("workbook-grade-"))
        try:
            with _instruments_built_meanwhile(build, bool(self.chosen)) as give_up_building:
                self.results = {r.test: r for r in _grade_tests(wb, exercise, build.binary,
                                                                threads, self.tmp)}
                if self.on_tests:
                    self.on_tests([self.results[t.name] for t in exercise.criterion_tests])
                # A test with no verdict for want of CPUs does not hold the
                # instruments back: ThreadSanitizer needs no second CPU to see a race.
                self.works = all(self.results[t.name].status in (PASSED, NOT_RUN)
                                 for t in exercise.criterion_tests)
                if not self.works:
                    give_up_building()
        except BaseException:
            self._folder.close()
            raise
        return True

    def instruments(self) -> list[TestResult]:
        with self._folder:
            self.results.update(_run_instruments(self.wb, self.exercise, self.chosen,
                                                 self.build, self.threads, self.tmp,
                                                 self.works))
        self.records = [self.results[t.name] for t in self.exercise.tests
                        if t.name in self.results]
        return self.records


def grade_exercises(wb: Workbook, exercises, build_of: Callable[[Exercise], Build],
                    threads: tuple[int, ...] | None = None, instruments: bool = True,
                    on_tests=None, on_exercise=None) -> dict[str, list[TestResult]]:
    """grade_exercise() for each exercise, in order, building each with
    build_of(exercise): topic -> records. on_exercise(exercise, records),
    when given, sees each exercise's records as soon as they are complete.

    With two CPUs or more an exercise's instruments run while the next
    exercise builds and runs its graded tests: they judge code that is built
    and whose tests are over, on CPUs that a build and a test run leave idle
    most of the time, so several exercises take about the time of their
    builds and graded tests. One exercise's instruments at a time: the
    graded tests never share the CPUs with more than one exercise's
    sanitizers (graded tests hold up under that load: a -j 2 batch on two
    CPUs puts them there too)."""
    exercises = list(exercises)
    results: dict[str, list[TestResult]] = {}
    one_at_a_time = threading.Lock()    # on_exercise is called from two threads

    def done(exercise: Exercise, records: list[TestResult]) -> None:
        with one_at_a_time:
            results[exercise.topic] = records
            if on_exercise:
                on_exercise(exercise, records)

    overlap = len(exercises) > 1 and cpus_available() >= 2
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as trailing:
        behind = None
        for exercise in exercises:
            steps = GradingSteps(wb, exercise, build_of(exercise), threads, on_tests,
                                 instruments)
            if not steps.tests():
                done(exercise, steps.records)
                continue
            if behind is not None:
                behind.result()
            if overlap:
                behind = trailing.submit(lambda s=steps: done(s.exercise, s.instruments()))
            else:
                done(exercise, steps.instruments())
        if behind is not None:
            behind.result()
    return {exercise.topic: results[exercise.topic] for exercise in exercises}


@contextlib.contextmanager
def _instruments_built_meanwhile(build: Build, wanted: bool):
    """Build the instruments' programs while the graded tests run, so that a
    save whose tests pass does not wait for two more builds after them. It
    yields the way to stop that build (when a test fails, nothing will run
    the instruments); on the way out the build is over either way, since
    two builds in one folder at once would spoil it."""
    if not (wanted and build.prepare):
        yield lambda: None
        return
    cancel = threading.Event()
    worker = threading.Thread(target=build.prepare, args=("both",), kwargs={"cancel": cancel},
                              name="instruments-build", daemon=True)
    worker.start()
    try:
        yield cancel.set
    except BaseException:
        cancel.set()
        raise
    finally:
        worker.join()


def _run_instruments(wb: Workbook, exercise: Exercise, chosen, build: Build, threads,
                     tmp: Path, works: bool) -> dict[str, TestResult]:
    """The instruments' records. The race check and the memory check run at
    the same time: each waits on its own sandboxed runs, and a save's full
    verdict comes about as soon as the slower of the two is done."""
    from workbook import instruments as sanitizers   # they import this module

    def one(test) -> TestResult:
        started = time.monotonic()
        result = sanitizers.run(wb, exercise, test, build, threads, tmp / test.name, works)
        result.duration = round(time.monotonic() - started, 3)
        return result

    if len(chosen) < 2 or not works:
        return {t.name: one(t) for t in chosen}
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(chosen)) as pool:
        return dict(zip((t.name for t in chosen), pool.map(one, chosen)))
