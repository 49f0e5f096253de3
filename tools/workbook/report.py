"""Turning result records into text a student reads in a terminal."""
from __future__ import annotations

import textwrap

from workbook.grading import PASSED, TestResult
from workbook.meta import Exercise

TITLE_WIDTH = 68   # the longest title fits, so the scores line up

MARK = {"passed": "PASS", "failed": "FAIL", "crashed": "CRASH",
        "timed out": "TIMEOUT", "not built": "NOBUILD"}


def score(results: list[TestResult]) -> tuple[int, int]:
    return sum(r.points for r in results), sum(r.possible for r in results)


def exercise_block(exercise: Exercise, results: list[TestResult], verbose: bool = True) -> str:
    earned, possible = score(results)
    lines = [f"{exercise.number} {exercise.title}".ljust(TITLE_WIDTH) + f"{earned:>4}/{possible}"]
    if not verbose:
        return lines[0]
    shown_build_error = False
    for r in results:
        lines.append(f"  {MARK[r.status]:<7} {r.points:>2}/{r.possible:<2} {r.test}"
                     + (f"  ({r.duration:.2f} s)" if r.status != "not built" else ""))
        if r.status == PASSED or (r.status == "not built" and shown_build_error):
            continue
        if r.status == "not built":
            shown_build_error = True
        lines.append(textwrap.indent(textwrap.fill(f"checks: {r.checks}", 88), "          "))
        for paragraph in r.message.splitlines():
            lines.append(textwrap.indent(textwrap.fill(paragraph, 88), "          "))
    return "\n".join(lines)


def progress_bar(earned: int, possible: int, width: int = 30) -> str:
    filled = round(width * earned / possible) if possible else 0
    return "[" + "#" * filled + "-" * (width - filled) + f"] {earned}/{possible}"
