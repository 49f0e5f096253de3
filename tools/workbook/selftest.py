"""The project's own checks, one CTest test each (see cmake/Workbook.cmake).

    solution TOPIC       the solution earns full marks, WORKBOOK_REPEAT times
    exercise TOPIC       the exercise as shipped builds and scores at most 10%
    wrong TOPIC NAME     a known-wrong program fails the tests its header names
    lesson TOPIC         the lesson's programs print what tests/lessons/TOPIC.toml says
    race TOPIC           the race checker flags every racy wrong program, nothing else
    layout               one number and slug per topic in every folder
    metadata             workbook.toml agrees with the graded tests
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

from workbook import grading, lesson_checks, meta, report
from workbook.build import BuildDir
from workbook.meta import ROOT

SHIPPED_MAX_SHARE = 0.10


class CheckFailed(Exception):
    pass


def _results_text(results) -> str:
    return "\n".join(f"  {r.test}: {r.status}. {r.message}" for r in results if not r.passed)


def check_solution(wb, bd: BuildDir, topic: str) -> str:
    ex = wb.find(topic)
    repeat = int(os.environ.get("WORKBOOK_REPEAT", "1") or 1)
    for attempt in range(1, repeat + 1):
        results = grading.grade_exercise(ex, bd.grader(ex.number, "solution"), wb.threads)
        earned, possible = report.score(results)
        if earned != possible:
            raise CheckFailed(f"the solution scored {earned}/{possible} on run {attempt} of "
                              f"{repeat}:\n{_results_text(results)}")
    return f"solution {topic}: {ex.points}/{ex.points} on each of {repeat} run(s)"


def check_exercise(wb, bd: BuildDir, topic: str) -> str:
    ex = wb.find(topic)
    results = grading.grade_exercise(ex, bd.grader(ex.number, "exercise"), wb.threads)
    earned, possible = report.score(results)
    if earned > SHIPPED_MAX_SHARE * possible:
        raise CheckFailed(f"the exercise as shipped scores {earned}/{possible}, more than "
                          f"{SHIPPED_MAX_SHARE:.0%}; passing: "
                          + ", ".join(r.test for r in results if r.passed))
    return f"exercise {topic} as shipped: {earned}/{possible}"


_EXPECT = re.compile(r"expect-fail:\s*(.+?)\s*(\*/)?$")


def wrong_program_expectations(source: Path) -> list[str]:
    """The test names after 'expect-fail:' in a wrong program's header."""
    names = []
    for line in source.read_text().splitlines()[:30]:
        m = _EXPECT.search(line)
        if m:
            names += m.group(1).replace(",", " ").split()
    return names


def check_wrong(wb, bd: BuildDir, topic: str, name: str) -> str:
    ex = wb.find(topic)
    source = ROOT / "tests" / "wrong" / ex.topic / f"{name}.c"
    expected = wrong_program_expectations(source)
    if not expected:
        raise CheckFailed(f"{source.relative_to(ROOT)} names no test after 'expect-fail:'")
    unknown = set(expected) - {t.name for t in ex.tests}
    if unknown:
        raise CheckFailed(f"{source.relative_to(ROOT)} expects unknown tests: {sorted(unknown)}")
    results = grading.grade_exercise(ex, bd.grader(ex.number, f"wrong-{name}"), wb.threads)
    by_name = {r.test: r for r in results}
    unbuilt = [r for r in results if r.status == grading.NOT_BUILT]
    if unbuilt:
        raise CheckFailed(f"the wrong program {name} could not be graded: {unbuilt[0].message}")
    escaped = [t for t in expected if by_name[t].passed]
    if escaped:
        raise CheckFailed(f"the wrong program {name} passed {', '.join(escaped)}, "
                          "which should catch it")
    earned, possible = report.score(results)
    caught = ", ".join(f"{t} ({by_name[t].status})" for t in expected)
    return f"wrong program {ex.topic}/{name}: {earned}/{possible}, caught by {caught}"


def check_race(wb, bd: BuildDir, topic: str) -> str:
    """The race checker (workbook.race) flags every wrong program whose header
    says 'expect-race: yes', pointing into that program, and nothing else:
    not the solution, not the exercise as shipped, not the other wrong
    programs built with OpenMP (wrong in other ways, but race-free)."""
    from workbook import race   # the TSan tooling, needed by this check only
    ex = wb.find(topic)
    racy = {}   # variant -> its source file, when it must be flagged
    variants = ["solution", "exercise"]
    for source in sorted((ROOT / "tests" / "wrong" / ex.topic).glob("*.c")):
        header = "\n".join(source.read_text().splitlines()[:30])
        if "build: without-openmp" in header:
            continue   # one thread: nothing to race, and no race target
        variants.append(f"wrong-{source.stem}")
        if re.search(r"expect-race:\s*yes\b", header):
            racy[variants[-1]] = str(source.relative_to(ROOT))
    problems, flagged, clean = [], [], []
    for variant in variants:
        report = race.find_races(wb, ex, variant, bd)
        where = ", ".join(f"{r.file}:{r.line} ({'/'.join(map(str, r.threads))} threads)"
                          for r in report.races)
        if report.error:
            problems.append(f"{variant}: {report.error}")
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


def check_metadata(wb, bd: BuildDir) -> str:
    problems = []
    if wb.points != 100:
        problems.append(f"the exercises' points add up to {wb.points}, not 100")
    for ex in wb.exercises:
        if len(ex.hints) < 2 or not all(isinstance(h, str) and h.strip() for h in ex.hints):
            problems.append(f"exercise {ex.number} needs at least two non-empty hints")
        if any(t.points <= 0 for t in ex.tests):
            problems.append(f"exercise {ex.number} has a test worth no points")
        names = {t.name for t in ex.tests}
        in_binary = _listed_tests(bd.grader(ex.number, "solution"))
        if names != in_binary:
            problems.append(f"exercise {ex.number}: workbook.toml lists {sorted(names)} but "
                            f"tests/{ex.topic}.c defines {sorted(in_binary)}")
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
    bd = BuildDir(args.build_dir.resolve(), compiler)
    try:
        wb = meta.load()
        checks = {
            "solution": lambda: check_solution(wb, bd, *args.args),
            "exercise": lambda: check_exercise(wb, bd, *args.args),
            "wrong": lambda: check_wrong(wb, bd, *args.args),
            "lesson": lambda: lesson_checks.check_lesson(bd, *args.args),
            "race": lambda: check_race(wb, bd, *args.args),
            "layout": lambda: check_layout(wb),
            "metadata": lambda: check_metadata(wb, bd),
        }
        print(checks[args.check]())
        return 0
    except (CheckFailed, lesson_checks.LessonCheckFailed, meta.MetadataError) as e:
        print(f"FAILED: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
