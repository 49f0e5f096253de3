"""Grading with memory: the student's scores, the list and the progress bar.

grade() is the only way the student's commands grade: it builds through
workbook.build and scores through workbook.grading (the same core as the
instructor's `check --json` and the self-test), then remembers each score
with a fingerprint of what was graded. scores() reuses a remembered score
only while its fingerprint still matches, so a list is never stale.
"""
from __future__ import annotations

import re
import subprocess
import sys

from workbook import build as wbuild
from workbook import grading, report, sandbox, shipped, state
from workbook.meta import ROOT, Exercise, Workbook
from workbook.terminal import paint


def missing_files(ex: Exercise) -> list[str]:
    """The student's files of the exercise that are gone: each API header
    NAME.h comes with a NAME.c to edit (and git knows both)."""
    folder = ROOT / "exercises" / ex.topic
    names = {p.stem for p in folder.glob("*.[ch]")}
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--", f"exercises/{ex.topic}"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    expected = {f for f in listed.stdout.split() if f.endswith((".c", ".h"))} \
        if listed.returncode == 0 else set()
    expected |= {f"exercises/{ex.topic}/{n}{suffix}" for n in names for suffix in (".c", ".h")}
    return sorted(f for f in expected if not (ROOT / f).exists())


def missing_message(ex: Exercise) -> str:
    """One sentence when a file of the exercise is gone, else ''."""
    gone = missing_files(ex)
    if not gone:
        return ""
    return (f"{gone[0]} is missing: ./workbook reset {ex.number} puts the shipped file "
            "back (your other files are kept as a backup)")


def grade(wb: Workbook, bd: wbuild.BuildDir, exercises, announce: bool = True,
          on_tests=None) -> dict[str, grading.Graded]:
    """Build and grade each exercise: topic -> Graded. Scores are remembered,
    and the last exercise graded becomes the current one."""
    wbuild.configure(bd)
    notice = sandbox.notice_once()
    if notice:
        print(notice, file=sys.stderr)
    fingerprints, warnings = {}, {}

    def build_of(ex: Exercise) -> grading.Build:
        if announce:
            print(f"building and grading exercise {ex.number} ...", file=sys.stderr, flush=True)
        # Fingerprint first: a file saved while this grading runs makes the
        # remembered score stale, never wrongly fresh.
        fingerprints[ex.number] = state.fingerprint(ex, bd.compiler)
        missing = missing_message(ex)
        build = (grading.Build(None, None, None, None, error=missing) if missing
                 else wbuild.for_grading(wb, bd, ex))
        warnings[ex.topic] = build.warnings
        return build

    def remember(ex: Exercise, records) -> None:
        earned, possible = report.score(records)
        with state.updating() as st:
            st.scores[ex.number] = state.Score(fingerprints[ex.number], earned, possible)
            if len(exercises) == 1:
                st.current = ex.number

    exercises = list(exercises)
    records = grading.grade_exercises(wb, exercises, build_of, on_tests=on_tests,
                                      on_exercise=remember)
    return {topic: grading.Graded(found, warnings[topic]) for topic, found in records.items()}


def scores(wb: Workbook, bd: wbuild.BuildDir, exercises=None,
           announce: bool = True) -> dict[str, tuple[int, int]]:
    """number -> (earned, possible) for the exercises (default: all), grading
    only those whose files, tests or compiler changed since last graded."""
    exercises = list(exercises or wb.exercises)
    known = state.load()
    if known.notice:
        print(f"workbook: {known.notice}", file=sys.stderr)
    stale = [ex for ex in exercises
             if ex.number not in known.scores
             or known.scores[ex.number].fingerprint != state.fingerprint(ex, bd.compiler)]
    fresh = {}
    if stale:
        for topic, graded in grade(wb, bd, stale, announce).items():
            fresh[topic] = report.score(graded.records)
        known = state.load()
    return {ex.number: fresh.get(ex.topic) or (known.scores[ex.number].earned,
                                                known.scores[ex.number].possible)
            for ex in exercises}


_PRAGMA = re.compile(r"^\s*#\s*pragma\s+omp\b", re.MULTILINE)


def race_suspects(ex: Exercise, results) -> list:
    """The failed tests a data race could explain: a crash, or a wrong result
    in a test that workbook.toml marks `races = true`. Code with no OpenMP
    pragma yet (a file still as shipped, say) starts no threads to race."""
    sources = (ROOT / "exercises" / ex.topic).glob("*.c")
    if not any(_PRAGMA.search(p.read_text(errors="replace")) for p in sources):
        return []
    racy = {t.name for t in ex.tests if t.races}
    return [r for r in results if r.status == grading.CRASHED
            or (r.status == grading.FAILED and r.test in racy)]


def _shipped_revision() -> str:
    """The git revision of the shipped files; '' without git."""
    try:
        return shipped.source()
    except shipped.NotShipped:
        return ""


def edited(ex: Exercise, revision: str) -> bool:
    """Whether the student's files differ from those of `revision` (per git);
    without git ('') an exercise is judged by its score alone."""
    if not revision:
        return False
    diff = subprocess.run(["git", "-C", str(ROOT), "diff", "--quiet", revision, "--",
                           f"exercises/{ex.topic}"], stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return diff.returncode == 1


def label(ex: Exercise, earned: int, possible: int, st: state.State, revision: str) -> str:
    """One word for where the student is with an exercise."""
    if earned == possible:
        return "done"
    if ex.number in st.gave_up:
        return "gave up"
    if earned > 0 or st.hints.get(ex.number) or edited(ex, revision):
        return "started"
    return "to do"


def current(wb: Workbook, st: state.State, marks: dict[str, tuple[int, int]]) -> Exercise:
    """The exercise to work on: the remembered one, else the first not done."""
    if st.current:
        for ex in wb.exercises:
            if ex.number == st.current:
                return ex
    todo = [ex for ex in wb.exercises if marks[ex.number][0] < marks[ex.number][1]]
    return (todo or list(wb.exercises))[0]


def table(wb: Workbook, marks: dict[str, tuple[int, int]], st: state.State,
          here: Exercise | None, colour: bool) -> str:
    """Every exercise with its title, score and state; '>' marks the current one."""
    style = {"done": "green", "started": "yellow", "gave up": "red", "to do": "dim"}
    revision = _shipped_revision()
    lines = []
    for ex in wb.exercises:
        earned, possible = marks[ex.number]
        word = label(ex, earned, possible, st, revision)
        pointer = ">" if here is not None and ex.number == here.number else " "
        title = f"{ex.number} {ex.title}".ljust(report.TITLE_WIDTH - 2)
        lines.append(f"{pointer} {title}{earned:>4}/{possible:<3} {paint(word, style[word], colour)}")
    earned = sum(m[0] for m in marks.values())
    possible = sum(m[1] for m in marks.values())
    lines.append("")
    lines.append("Progress " + report.progress_bar(earned, possible))
    return "\n".join(lines)


def look_for_races(wb: Workbook, bd: wbuild.BuildDir, ex: Exercise,
                   colour: bool) -> tuple[int, str]:
    """(exit status, text) of a race check of the student's exercise:
    0 no race seen, 1 races found, 2 it could not run."""
    from workbook import race
    # In the instruments' folder, where grading builds the same race program.
    twin = wbuild.instruments_dir(bd)
    reason = missing_message(ex) or race.unavailable(twin)
    if reason:
        return 2, reason
    found = race.find_races(wb, ex, bd=twin)
    text = race.explain(found, colour)
    if found.error:
        return 2, text
    return (1 if found.races else 0), text
