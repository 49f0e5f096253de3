"""The project's own checks, one CTest test each (see cmake/Workbook.cmake).

    solution TOPIC       the solution earns full marks, WORKBOOK_REPEAT times
    exercise TOPIC       the exercise as shipped builds and scores at most 10%
    wrong TOPIC NAME     a known-wrong program fails the tests its header names
    lesson TOPIC         the lesson's programs print what tests/lessons/TOPIC.toml says
    transcripts TOPIC    every transcript in lessons/TOPIC/README.md is what its command prints
    lesson-code TOPIC    every C file in lessons/TOPIC compiles clean as strict C11
    race TOPIC           the race checker flags every racy wrong program, nothing else
    layout               one number and slug per topic in every folder
    metadata             workbook.toml agrees with the graded tests
    figures              the README's lesson 08 figures are those of bench/results
    bench                ./workbook bench on lesson 08 and its exercise: tables, CSV, picture
    slurm                the strong-scaling sweep, sbatch'ed to a one-node Slurm cluster
                         (tests/slurm/cluster.sh starts one when none is up)
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from workbook import build as wbuild
from workbook import grading, lesson_checks, meta, report
from workbook.build import BuildDir
from workbook.meta import ROOT

SHIPPED_MAX_SHARE = 0.10


class CheckFailed(Exception):
    pass


def _results_text(results) -> str:
    return "\n".join(f"  {r.test}: {r.status}. {r.message}" for r in results if not r.passed)


def _grade(wb, bd: BuildDir, ex, variant: str, instruments: bool = True):
    build = wbuild.for_grading(wb, bd, ex, variant, make=False)
    return grading.grade_exercise(wb, ex, build, instruments=instruments)


def check_solution(wb, bd: BuildDir, topic: str) -> str:
    """Full marks every time: the graded tests WORKBOOK_REPEAT times, the
    instruments (whose verdicts do not depend on timing) on the first run."""
    ex = wb.find(topic)
    repeat = int(os.environ.get("WORKBOOK_REPEAT", "1") or 1)
    for attempt in range(1, repeat + 1):
        results = _grade(wb, bd, ex, "solution", instruments=attempt == 1)
        earned, possible = report.score(results)
        if earned != possible:
            raise CheckFailed(f"the solution scored {earned}/{possible} on run {attempt} of "
                              f"{repeat}:\n{_results_text(results)}")
    return f"solution {topic}: {ex.points}/{ex.points} on each of {repeat} run(s)"


def check_exercise(wb, bd: BuildDir, topic: str) -> str:
    ex = wb.find(topic)
    results = _grade(wb, bd, ex, "exercise")
    earned, possible = report.score(results)
    if earned > SHIPPED_MAX_SHARE * possible:
        raise CheckFailed(f"the exercise as shipped scores {earned}/{possible}, more than "
                          f"{SHIPPED_MAX_SHARE:.0%}; passing: "
                          + ", ".join(r.test for r in results if r.passed))
    return f"exercise {topic} as shipped: {earned}/{possible}"


_EXPECT = re.compile(r"expect-fail:\s*(.+?)\s*(\*/)?$")
_POLICY = re.compile(r"expect-policy:\s*(\S+)")


def wrong_program_expectations(source: Path) -> list[str]:
    """The test names after 'expect-fail:' in a wrong program's header."""
    names = []
    for line in source.read_text().splitlines()[:30]:
        m = _EXPECT.search(line)
        if m:
            names += m.group(1).replace(",", " ").split()
    return names


_MESSAGE = re.compile(r"expect-message:\s*(\w+)\s+(.+?)\s*(\*/)?$")


def message_expectations(source: Path) -> list[tuple[str, str]]:
    """(test, words) after 'expect-message:': that failing test's message
    must hold those words, so that its idea points at the real mistake."""
    found = []
    for line in source.read_text().splitlines()[:30]:
        m = _MESSAGE.search(line)
        if m:
            found.append((m.group(1), m.group(2)))
    return found


def policy_expectation(source: Path) -> str:
    """The symbol after 'expect-policy:': the policy must refuse the program
    for it, before any of its code runs."""
    m = _POLICY.search("\n".join(source.read_text().splitlines()[:30]))
    return m.group(1) if m else ""


def check_wrong(wb, bd: BuildDir, topic: str, name: str) -> str:
    ex = wb.find(topic)
    source = ROOT / "tests" / "wrong" / ex.topic / f"{name}.c"
    refused_for = policy_expectation(source)
    if refused_for:
        results = _grade(wb, bd, ex, f"wrong-{name}")
        if not all(r.status == grading.REJECTED for r in results) or \
                refused_for not in results[0].message:
            raise CheckFailed(f"the wrong program {name} should be refused by the symbol "
                              f"policy for {refused_for}, but: {results[0].status}: "
                              f"{results[0].message}")
        return f"wrong program {ex.topic}/{name}: refused ({results[0].message})"
    expected = wrong_program_expectations(source)
    if not expected:
        raise CheckFailed(f"{source.relative_to(ROOT)} names no test after 'expect-fail:' "
                          "or 'expect-policy:'")
    unknown = set(expected) - {t.name for t in ex.tests}
    if unknown:
        raise CheckFailed(f"{source.relative_to(ROOT)} expects unknown tests: {sorted(unknown)}")
    results = _grade(wb, bd, ex, f"wrong-{name}")
    by_name = {r.test: r for r in results}
    unbuilt = [r for r in results if r.status in (grading.NOT_BUILT, grading.REJECTED)]
    if unbuilt:
        raise CheckFailed(f"the wrong program {name} could not be graded: {unbuilt[0].status}: "
                          f"{unbuilt[0].message}")
    escaped = [t for t in expected if by_name[t].passed]
    if escaped:
        raise CheckFailed(f"the wrong program {name} passed {', '.join(escaped)}, "
                          "which should catch it")
    for test, words in message_expectations(source):
        if test not in by_name or words not in by_name[test].message:
            raise CheckFailed(f"the wrong program {name} fails {test}, but its message "
                              f"does not say '{words}': "
                              f"{by_name[test].message if test in by_name else '(no such test)'}")
    earned, possible = report.score(results)
    caught = ", ".join(f"{t} ({by_name[t].status})" for t in expected)
    return f"wrong program {ex.topic}/{name}: {earned}/{possible}, caught by {caught}"


# --- The hostile corpus: submissions that try to earn points they have not ---

_HOSTILE_EXPECT = re.compile(r"expect:\s*(rejected\s+(?P<symbol>\S+)|no points|"
                             r"(?P<residual>residual)|fails\s+(?P<fails>\w+))")
# Seconds a test of a hostile file may take (solutions' tests take under one).
HOSTILE_TIMEOUT = 3
# What a hostile run must not change: the workbook's own files and state.
_GUARDED = ("tests", "exercises", "solutions", "cmake", "workbook.toml", "CMakeLists.txt",
            ".workbook")


def grading_tree(bd: BuildDir, fresh: bool = False):
    """The self-test's grading tree (tools/workbook/tree.py), beside its build."""
    from workbook import tree
    return tree.GradingTree(bd.path / "grading-tree", compiler=bd.compiler, reuse=not fresh)


def check_tree_setup(wb, bd: BuildDir) -> str:
    """Make the grading tree and build everything in it once, so that each
    hostile submission or mutant after it compiles only its own file."""
    t = grading_tree(bd, fresh=True)
    wbuild.configure(t.bd)
    wbuild.build(t.bd, [target for ex in t.wb.exercises for target in
                        (wbuild.impl_library(ex.number, "exercise"), f"grade-{ex.number}-exercise")])
    # The instruments build in a folder of their own (wbuild.instruments_dir).
    twin = wbuild.instruments_dir(t.bd)
    wbuild.configure(twin)
    error = wbuild.try_build(twin, *(f"{test.instrument}-{ex.number}-exercise"
                                     for ex in t.wb.exercises for test in ex.tests
                                     if test.instrument))
    return (f"grading tree at {t.path}: {len(t.digests)} files, built with {t.compiler}"
            + (f"; the instruments' programs did not all build: {error}" if error else ""))


def _guarded_state() -> dict[str, str]:
    """Digests of the workbook's own files (the corpus itself aside: it is
    what a maintainer edits while the self-test runs)."""
    import hashlib
    state = {}
    for name in _GUARDED:
        root = ROOT / name
        paths = [root] if root.is_file() else sorted(
            p for p in root.rglob("*") if p.is_file() and "hostile" not in p.parts)
        for p in paths:
            try:
                state[str(p.relative_to(ROOT))] = hashlib.sha256(p.read_bytes()).hexdigest()
            except OSError:
                state[str(p.relative_to(ROOT))] = "unreadable"
    return state


def check_hostile(wb, bd: BuildDir, topic: str, name: str) -> str:
    """A hostile submission (tests/hostile/TOPIC/NAME.c, in place of the
    student's file) is graded as an instructor grades: the grader lives,
    every test gets a record, no point is earned, nothing outlives the run,
    and nothing outside the run's scratch folder changes."""
    from workbook import sandbox, tree as wtree
    ex = wb.find(topic)
    source = ROOT / "tests" / "hostile" / ex.topic / f"{name}.c"
    m = _HOSTILE_EXPECT.search("\n".join(source.read_text().splitlines()[:40]))
    if not m:
        raise CheckFailed(f"{source.relative_to(ROOT)} says neither 'expect: rejected SYMBOL', "
                          "'expect: no points', 'expect: fails TEST' nor 'expect: residual'")
    t = grading_tree(bd)
    before = _guarded_state()
    del sandbox.LEFTOVERS[:]
    started = time.monotonic()
    t.put({t.student[ex.topic][0]: source.read_bytes()})
    try:
        # A shorter time limit than the exercise's: a hostile file that hangs
        # every test costs a limit per test, and what is checked here is that
        # the grader holds, not how long it waits.
        short = dataclasses.replace(ex, timeout=min(ex.timeout, HOSTILE_TIMEOUT))
        results = t.grade([short])[ex.topic].records
    except wtree.TreeError as e:
        raise CheckFailed(f"the grading tree changed while {name} was graded: {e}") from None
    finally:
        t.put({})
    seconds = time.monotonic() - started
    problems = []
    if [r.test for r in results] != [test.name for test in ex.tests]:
        problems.append(f"records for {[r.test for r in results]}, expected every test of "
                        f"exercise {ex.number}")
    earned = sum(r.points for r in results)
    # "residual": code that walks its own process's memory to forge a pass,
    # which no check inside the process can stop (README, "What no check
    # inside a test process can rule out"): everything else must still hold.
    # "fails TEST": correct work beside the attack earns its points, and the
    # one test the attack aims at does not.
    aimed = m.group("fails")
    if aimed:
        hit = [r for r in results if r.test == aimed]
        if not hit or hit[0].passed:
            problems.append(f"{aimed} should fail, but it "
                            + (f"is {hit[0].status}" if hit else "has no record"))
    elif earned and not m.group("residual"):
        problems.append(f"it earned {earned} point(s): "
                        + ", ".join(r.test for r in results if r.points))
    symbol = m.group("symbol")
    if symbol and not all(r.status == grading.REJECTED and symbol in r.message
                          for r in results):
        problems.append(f"the symbol policy should refuse it for {symbol}, but "
                        f"{results[0].test} is {results[0].status}: {results[0].message}")
    if sandbox.LEFTOVERS:
        problems.append("; ".join(sandbox.LEFTOVERS))
    after = _guarded_state()
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    if changed:
        problems.append(f"files outside the run changed: {changed[:5]}")
    if problems:
        raise CheckFailed(f"hostile {ex.topic}/{name}: " + "; ".join(problems))
    verdicts = ", ".join(sorted({r.status for r in results}))
    if m.group("residual"):
        return (f"hostile {ex.topic}/{name}: sandbox held, {earned}/{ex.points} forged "
                f"(residual: a memory walker; {verdicts}; {seconds:.1f} s)")
    return (f"hostile {ex.topic}/{name}: held ({verdicts}; {earned}/{ex.points}; "
            f"{seconds:.1f} s)")


# --- Mutation testing: the tests must catch typical mistakes ----------------

EQUIVALENT = ROOT / "tests" / "mutation" / "equivalent.toml"


def _equivalents(topic: str) -> dict[str, str]:
    """mutant key -> why no test can catch it, from tests/mutation/equivalent.toml."""
    try:
        with open(EQUIVALENT, "rb") as f:
            listed = meta.tomllib.load(f).get("mutant", [])
    except FileNotFoundError:
        return {}
    return {m["key"]: m["why"] for m in listed if m.get("topic") == topic}


def check_mutation(wb, bd: BuildDir, topic: str) -> str:
    """Every mutant of the solution (tools/workbook/mutate.py) loses points,
    or is listed as equivalent with the reason; the list has no stale entry."""
    from workbook import mutate
    ex = wb.find(topic)
    t = grading_tree(bd)
    equivalent = _equivalents(ex.topic)
    killed, survived, invalid = [], [], []
    started = time.monotonic()
    try:
        for path in t.student[ex.topic]:
            for m in mutate.mutants(ex.topic, ROOT / "solutions" / ex.topic / Path(path).name):
                t.put({path: m.text.encode()})
                results = t.grade([ex])[ex.topic].records
                if any(r.status in (grading.NOT_BUILT, grading.REJECTED) for r in results):
                    invalid.append(m)
                elif sum(r.points for r in results) < ex.points:
                    killed.append(m)
                else:
                    survived.append(m)
    finally:
        t.put({})
    unexplained = [m for m in survived if m.key not in equivalent]
    stale = sorted(set(equivalent) - {m.key for m in survived})
    valid = len(killed) + len(survived)
    summary = (f"mutation {ex.topic}: {len(killed)}/{valid} killed, {len(survived)} "
               f"equivalent, {len(invalid)} did not build ({time.monotonic() - started:.0f} s)")
    problems = [f"a mutant keeps full marks: line {m.line} [{m.key}]" for m in unexplained]
    problems += [f"tests/mutation/equivalent.toml lists a mutant that is killed or gone: "
                 f"[{key}]" for key in stale]
    if problems:
        raise CheckFailed(summary + "\n" + "\n".join(problems))
    named = "; ".join(f"{m.key} ({equivalent[m.key]})" for m in survived)
    return summary + (f"\n  equivalent: {named}" if named else "")


def check_race(wb, bd: BuildDir, topic: str) -> str:
    """The race checker (workbook.race) flags every wrong program whose header
    says 'expect-race: yes', pointing into that program, and nothing else:
    not the solution, not the exercise as shipped, not the other wrong
    programs built with OpenMP (wrong in other ways, but race-free)."""
    from workbook import race   # the TSan tooling, needed by this check only
    ex = wb.find(topic)
    racy = {}   # variant -> its source file, when it must be flagged
    maybe = set()   # races that this compiler's build need not see
    variants = ["solution", "exercise"]
    for source in sorted((ROOT / "tests" / "wrong" / ex.topic).glob("*.c")):
        header = "\n".join(source.read_text().splitlines()[:30])
        if "build: without-openmp" in header:
            continue   # one thread: nothing to race, and no race target
        variants.append(f"wrong-{source.stem}")
        # "expect-race: yes", or "expect-race: gcc" (clang) where only that
        # compiler's race build sees the race: the other may miss it, never
        # flag it falsely, as the program does race.
        said = re.search(r"expect-race:\s*(yes|gcc|clang)\b", header)
        if said and said.group(1) in ("yes", bd.compiler):
            racy[variants[-1]] = str(source.relative_to(ROOT))
        elif said:
            maybe.add(variants[-1])
    problems, flagged, clean = [], [], []
    for variant in variants:
        report = race.find_races(wb, ex, variant, bd)
        where = ", ".join(f"{r.file}:{r.line} ({'/'.join(map(str, r.threads))} threads)"
                          for r in report.races)
        if report.error:
            problems.append(f"{variant}: {report.error}")
        elif variant in maybe:
            continue
        elif variant not in racy:
            if report.races:
                problems.append(f"{variant} is race-free but was flagged: {where}")
            clean.append(variant)
        elif not any(r.file == racy[variant] for r in report.races):
            problems.append(f"{variant} says expect-race: yes, but no race was found in "
                            f"{racy[variant]}" + (f" (only: {where})" if where else ""))
        else:
            flagged.append(f"{variant[len('wrong-'):]} at {where}")
    if problems:
        raise CheckFailed("\n".join(problems))
    return (f"race {ex.topic}: {len(clean)} not flagged ({', '.join(clean)}); "
            f"{len(flagged)} racy flagged" + (": " + "; ".join(flagged) if flagged else ""))


def check_layout(wb) -> str:
    problems = []
    topics = sorted(p.name for p in (ROOT / "lessons").glob("[0-9][0-9]-*") if p.is_dir())
    numbers = [t[:2] for t in topics]
    if len(set(numbers)) != len(numbers):
        problems.append(f"two lessons share a number: {topics}")
    for ex in wb.exercises:
        if ex.topic not in topics:
            problems.append(f"workbook.toml names {ex.topic}, but lessons/{ex.topic} is missing")
    for topic in topics:
        places = [ROOT / "exercises" / topic, ROOT / "solutions" / topic,
                  ROOT / "tests" / f"{topic}.c", ROOT / "tests" / "lessons" / f"{topic}.toml",
                  ROOT / "tests" / "race" / f"{topic}.c",
                  ROOT / "lessons" / topic / "README.md"]
        problems += [f"{p.relative_to(ROOT)} is missing" for p in places if not p.exists()]
        exercise_files = sorted(p.name for p in (ROOT / "exercises" / topic).glob("*.c"))
        solution_files = sorted(p.name for p in (ROOT / "solutions" / topic).glob("*.c"))
        if exercise_files != solution_files:
            problems.append(f"exercises/{topic} has {exercise_files} but solutions/{topic} "
                            f"has {solution_files}")
        if not any(ex.topic == topic for ex in wb.exercises):
            problems.append(f"lessons/{topic} has no exercise in workbook.toml")
    # A student meets the title in the companion and the heading in the lesson:
    # they must be the same words, or one of them was left behind by an edit.
    for ex in wb.exercises:
        lesson = ROOT / "lessons" / ex.topic / "README.md"
        if lesson.exists():
            heading = lesson.read_text().splitlines()[0]
            if heading != f"# {ex.number} · {ex.title}":
                problems.append(f"lessons/{ex.topic}/README.md begins {heading!r}, but "
                                f"workbook.toml's title for {ex.number} is {ex.title!r}: "
                                f"make the heading '# {ex.number} · {ex.title}'")
    for folder in ("exercises", "solutions", "tests/wrong", "tests/lessons", "tests/race"):
        for p in (ROOT / folder).glob("[0-9][0-9]-*"):
            if p.name.split(".")[0] not in topics:
                problems.append(f"{p.relative_to(ROOT)} has no lesson of the same number and slug")
    if problems:
        raise CheckFailed("\n".join(problems))
    return f"layout: {len(topics)} topics, each in every folder"


def _listed_tests(binary: Path) -> set[str]:
    """Test names from Criterion's --list tree."""
    if not binary.exists():
        raise CheckFailed(f"{binary} is not built")
    out = subprocess.run([str(binary), "--list"], stdout=subprocess.PIPE, text=True,
                         stdin=subprocess.DEVNULL, env=grading.clean_environment((1,)),
                         check=True).stdout
    return {line.split("── ", 1)[1].strip() for line in out.splitlines() if "── " in line}


_PROTOTYPE = re.compile(r"^[A-Za-z_][\w \t\*]*?\b(?P<name>[A-Za-z_]\w*)\s*\([^;{]*\)\s*;",
                        re.MULTILINE | re.DOTALL)


def _declared_functions(folder: Path) -> set[str]:
    """The functions the API headers of an exercise folder declare."""
    names = set()
    for header in folder.glob("*.h"):
        text = re.sub(r"/\*.*?\*/", "", header.read_text(), flags=re.DOTALL)
        text = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("#"))
        for m in _PROTOTYPE.finditer(text):
            if not m.group(0).lstrip().startswith("typedef"):
                names.add(m.group("name"))
    return names


def check_metadata(wb, bd: BuildDir) -> str:
    problems = []
    if wb.points != 100:
        problems.append(f"the exercises' points add up to {wb.points}, not 100")
    for ex in wb.exercises:
        if len(ex.hints) < 2 or not all(isinstance(h, str) and h.strip() for h in ex.hints):
            problems.append(f"exercise {ex.number} needs at least two non-empty hints")
        if any(t.points <= 0 for t in ex.tests):
            problems.append(f"exercise {ex.number} has a test worth no points")
        names = {t.name for t in ex.criterion_tests}
        in_binary = _listed_tests(bd.grader(ex.number, "solution"))
        if names != in_binary:
            problems.append(f"exercise {ex.number}: workbook.toml lists {sorted(names)} but "
                            f"tests/{ex.topic}.c defines {sorted(in_binary)}")
        for instrument in meta.INSTRUMENTS:
            if sum(t.instrument == instrument for t in ex.tests) != 1:
                problems.append(f"exercise {ex.number} needs exactly one test with "
                                f"instrument = \"{instrument}\"")
        declared = _declared_functions(ROOT / "exercises" / ex.topic)
        if set(ex.api) != declared:
            problems.append(f"exercise {ex.number}: api = {sorted(ex.api)} in workbook.toml, "
                            f"but its header declares {sorted(declared)}")
        test_source = (ROOT / "tests" / f"{ex.topic}.c").read_text()
        if re.search(r"^\s*Test\(", test_source, re.MULTILINE) or "cr_expect" in test_source:
            problems.append(f"tests/{ex.topic}.c must declare its tests with WB_TEST and check "
                            "with cr_assert only (see tests/grading.h)")
    if problems:
        raise CheckFailed("\n".join(problems))
    return f"metadata: {len(wb.exercises)} exercises, {wb.points} points"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="selftest")
    parser.add_argument("--build-dir", required=True, type=Path)
    parser.add_argument("check")
    parser.add_argument("args", nargs="*")
    args = parser.parse_args(argv)
    cache = (args.build_dir / "CMakeCache.txt").read_text()
    compiler = "clang" if "CMAKE_C_COMPILER:" in cache and "clang" in cache.split(
        "CMAKE_C_COMPILER:", 1)[1].splitlines()[0] else "gcc"
    exercises = re.search(r"^WORKBOOK_EXERCISES_DIR:PATH=(.*)$", cache, re.MULTILINE)
    bd = BuildDir(args.build_dir.resolve(), compiler,
                  exercises=Path(exercises.group(1)) if exercises else None)
    try:
        wb = meta.load()
        checks = {
            "solution": lambda: check_solution(wb, bd, *args.args),
            "exercise": lambda: check_exercise(wb, bd, *args.args),
            "wrong": lambda: check_wrong(wb, bd, *args.args),
            "lesson": lambda: lesson_checks.check_lesson(bd, *args.args),
            "transcripts": lambda: lesson_checks.check_transcripts(bd, *args.args),
            "lesson-code": lambda: lesson_checks.check_lesson_code(bd, *args.args),
            "race": lambda: check_race(wb, bd, *args.args),
            "tree-setup": lambda: check_tree_setup(wb, bd),
            "hostile": lambda: check_hostile(wb, bd, *args.args),
            "mutation": lambda: check_mutation(wb, bd, *args.args),
            "layout": lambda: check_layout(wb),
            "metadata": lambda: check_metadata(wb, bd),
            "figures": lambda: __import__("workbook.bench_figures").bench_figures.check(),
            "bench": lambda: __import__("workbook.bench").bench.check_bench(wb, bd),
            "slurm": lambda: __import__("workbook.bench").bench.check_slurm(wb, bd),
        }
        print(checks[args.check]())
        return 0
    except (CheckFailed, lesson_checks.LessonCheckFailed, meta.MetadataError) as e:
        print(f"FAILED: {e}")
        return 1


if __name__ == "__main__":
    # Modules that import workbook.selftest (for CheckFailed) must get this
    # module, not a second copy whose CheckFailed main() would not catch.
    sys.modules.setdefault("workbook.selftest", sys.modules[__name__])
    sys.exit(main(sys.argv[1:]))
