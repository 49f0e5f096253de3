"""The instruments as graded tests: the race check (ThreadSanitizer with
Archer, at 2, 3 and 4 threads) and the memory check (AddressSanitizer and
LeakSanitizer over the graded tests). Each is a test of workbook.toml with
points, recorded by the grading core like any other.

An instrument judges code that works: it runs once every graded test of the
exercise passes (a stub has nothing to race or leak, and earns nothing).
Before it runs, the student's files must preprocess to the same code with
the instrument's flags as without them, so that no code can behave well
only while it is watched (policy.same_code_when_instrumented).
"""
from __future__ import annotations

import concurrent.futures
from pathlib import Path

from workbook import build as wbuild
from workbook import grading, memory, policy, race
from workbook.meta import Exercise, TestMeta, Workbook

RACE_THREADS = (2, 3, 4)
# Compile flags of the ordinary build and of each instrument's build
# (cmake/Workbook.cmake, cmake/Race.cmake): the same -D flags, so only the
# sanitizer and the optimisation level differ.
ORDINARY = ["-O2", "-g", "-DNDEBUG"]
OPENMP = {"gcc": "-fopenmp", "clang": "-fopenmp=libomp"}
SANITIZED = {"race": ["-O1", "-fsanitize=thread"],
             "memory": ["-O1", "-fno-omit-frame-pointer", "-fsanitize=address"]}
# How slower a test may be under AddressSanitizer before the watchdog stops it.
MEMORY_SLOWDOWN = 3
# Runs of a test whose leak check crashed before the memory check gives up.
MEMORY_TRIES = 3
# Runners the memory check splits the graded tests between, side by side.
MEMORY_RUNNERS = 2


def _same_code(build: grading.Build, instrument: str) -> str:
    compiler = build.compiler   # both instruments build with the graded tests' compiler
    ordinary = [OPENMP[compiler], *ORDINARY]
    for source in build.sources:
        problem = policy.same_code_when_instrumented(
            compiler, source, list(build.include), ordinary, ordinary + SANITIZED[instrument])
        if problem:
            return problem
    return ""


def _prepared(build: grading.Build, instrument: str) -> str:
    """'' when the instrument's program is there, else why not."""
    problem = build.prepare(instrument) if build.prepare else ""
    path = build.race_binary if instrument == "race" else build.memory_binary
    if not problem and (path is None or not path.exists()):
        problem = f"the {instrument} check's program is not built"
    return problem


def _race(exercise: Exercise, build: grading.Build) -> tuple[str, str]:
    race_dir = build.race_binary.parent.parent if build.race_binary else None
    # Built first: what the race check can do is known once its folder is
    # configured, and its own sentence says more than a failed build's.
    built = _prepared(build, "race")
    problem = (race.unavailable(wbuild.BuildDir(race_dir, build.compiler)) if race_dir
               else race.unavailable()) or built
    if problem:
        return grading.NOT_BUILT, problem
    found = race.check_program(exercise, "exercise", build.race_binary, RACE_THREADS,
                               build.source_root or race.ROOT, build.sources)
    if found.error:
        return grading.FAILED, (f"the race check could not finish: {found.error}. "
                                f"./workbook race {exercise.number} shows it")
    if not found.races:
        return grading.PASSED, ""
    seen = "; ".join(f"{Path(r.file).name}:{r.line} `{r.variable}` {r.access} "
                     f"({'/'.join(map(str, r.threads))} threads)" for r in found.races[:3])
    more = f" and {len(found.races) - 3} more" if len(found.races) > 3 else ""
    return grading.FAILED, (f"ThreadSanitizer saw {len(found.races)} data race"
                            f"{'s' * (len(found.races) > 1)}: {seen}{more}. "
                            f"./workbook race {exercise.number} explains each and its fix")


def _memory(wb: Workbook, exercise: Exercise, build: grading.Build, threads,
            workdir: Path) -> tuple[str, str]:
    """The graded tests under AddressSanitizer, in two runners side by side
    (each with its own watchdog, half the tests each): LeakSanitizer's scan
    at every test process's exit makes this the longest check, and one
    runner leaves a CPU idle once the race check beside it is done."""
    problem = _prepared(build, "memory")
    if problem:
        return grading.NOT_BUILT, problem
    names = [f"{exercise.suite}/{t.name}" for t in exercise.criterion_tests]
    parts = [names[k::MEMORY_RUNNERS] for k in range(MEMORY_RUNNERS)] \
        if grading.cpus_available() >= 2 else [names]
    parts = [part for part in parts if part]
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(parts)) as pool:
        outcomes = list(pool.map(
            lambda k: _memory_part(wb, exercise, build, threads, workdir / f"part-{k}",
                                   parts[k]), range(len(parts))))
    findings = [f for found, _ in outcomes for f in found]
    if findings:
        more = f" ({len(findings) - 2} more)" if len(findings) > 2 else ""
        return grading.FAILED, "; ".join(f.sentence for f in findings[:2]) + more
    order = {name: k for k, name in enumerate(names)}
    failures = [(order.get(name, len(names)), message) for _, (name, message) in outcomes
                if message]
    if failures:
        return grading.FAILED, min(failures)[1]
    return grading.PASSED, ""


def _memory_part(wb: Workbook, exercise: Exercise, build: grading.Build, threads,
                 workdir: Path, names: list[str]) -> tuple[list, tuple[str, str]]:
    """One runner's share of the memory check: (its findings, and else the
    first test it could not judge with why, or ("", ""))."""
    own = {p.name for p in build.sources}
    for attempt in range(MEMORY_TRIES):
        where = workdir if attempt == 0 else workdir / f"again-{attempt}"
        run = grading._run_binary(wb, build.memory_binary, exercise, names, threads, where,
                                  per_test=exercise.timeout * MEMORY_SLOWDOWN
                                  + grading.WATCHDOG_GRACE,
                                  sanitizer_env=memory.options)
        findings = memory.findings_in(where / "scratch", own)
        if findings:
            return findings, ("", "")
        unfinished = [n for n in names if n not in run.records.started]
        if run.timed_out or unfinished:
            which = run.timed_out or unfinished[0]
            return [], (which, f"the memory check could not finish: {which.split('/', 1)[-1]} "
                               "did not run to its end under AddressSanitizer")
        unwritten, crashed = memory.unwritten(
            where / "scratch", {n: run.records.pids.get(n, -1) for n in names})
        if not unwritten:
            return [], ("", "")
        if crashed != unwritten:
            return [], (unwritten[0], (
                f"the memory check saw no report from {unwritten[0].split('/', 1)[1]}: its "
                "process ended before AddressSanitizer's exit check, or the code under test "
                "kept the check from writing its report (for example by changing /tmp)"))
        # LeakSanitizer's own thread-stopping tracer now and then crashes
        # (about 1 run in 40 here, clang, an OpenMP team alive at exit): the
        # tool failed, not the code, so those tests run again. Nothing else
        # earns a second run, and only a complete report ever passes.
        names = unwritten
    return [], (names[0], (
        f"the memory check saw LeakSanitizer itself fail {MEMORY_TRIES} times on "
        f"{names[0].split('/', 1)[1]} ({memory.TOOL_FAILURE.decode()}): grade the "
        "exercise again"))


def run(wb: Workbook, exercise: Exercise, test: TestMeta, build: grading.Build, threads,
        workdir: Path, tests_passed: bool) -> grading.TestResult:
    what = {"race": "race check", "memory": "memory check"}[test.instrument]
    if not tests_passed:
        status, message = grading.FAILED, (
            f"not checked yet: the {what} judges code that works, and runs once every "
            f"graded test of exercise {exercise.number} passes")
    else:
        status, message = grading.REJECTED, _same_code(build, test.instrument)
        if not message:
            status, message = (_race(exercise, build) if test.instrument == "race"
                               else _memory(wb, exercise, build, threads, workdir))
    return grading.TestResult(exercise=exercise.topic, test=test.name, checks=test.checks,
                              points=test.points if status == grading.PASSED else 0,
                              possible=test.points, status=status, message=message,
                              duration=0.0, threads=tuple(RACE_THREADS if test.instrument
                                                          == "race" else threads))
