"""Turning result records into text a student reads in a terminal."""
from __future__ import annotations

import textwrap

from workbook.grading import PASSED, TestResult
from workbook.meta import Exercise

TITLE_WIDTH = 68   # the longest title fits, so the scores line up

MARK = {"passed": "PASS", "failed": "FAIL", "crashed": "CRASH",
        "timed out": "TIMEOUT", "not built": "NOBUILD", "rejected": "REFUSED",
        "not run": "NEEDCPU"}
# Compiler warnings shown beside a verdict, at most.
SHOWN_WARNINGS = 8


def score(results: list[TestResult]) -> tuple[int, int]:
    return sum(r.points for r in results), sum(r.possible for r in results)


def exercise_block(exercise: Exercise, results: list[TestResult], verbose: bool = True,
                   warnings: tuple[str, ...] = (), pending: tuple = ()) -> str:
    """The verdict of an exercise as the student reads it; `pending` are
    tests (TestMeta) whose verdict is still coming (the instruments)."""
    earned, possible = score(results)
    possible += sum(t.points for t in pending)
    lines = [f"{exercise.number} {exercise.title}".ljust(TITLE_WIDTH) + f"{earned:>4}/{possible}"]
    if not verbose:
        return lines[0]
    lines += warning_lines(warnings, "your code")
    said_once = ""   # a build error or a refusal is the same for every test
    for r in results:
        lines.append(f"  {MARK[r.status]:<7} {r.points:>2}/{r.possible:<2} {r.test}"
                     + (f"  ({r.duration:.2f} s)" if r.status not in ("not built", "rejected")
                        else ""))
        if r.status == PASSED or (r.status in ("not built", "rejected") and said_once == r.message):
            continue
        if r.status in ("not built", "rejected"):
            said_once = r.message
        lines.append(textwrap.indent(textwrap.fill(f"checks: {r.checks}", 88), "          "))
        for paragraph in r.message.splitlines():
            lines.append(textwrap.indent(textwrap.fill(paragraph, 88), "          "))
    for t in pending:
        lines.append(f"  {'...':<7}  -/{t.points:<2} {t.name}  (checking now)")
    return "\n".join(lines)


def warning_lines(warnings: tuple[str, ...], whose: str) -> list[str]:
    """The compiler's warnings about `whose` code, the first few of them."""
    if not warnings:
        return []
    lines = [f"  The compiler warns about {whose} (each can be the real mistake):"]
    for warning in warnings[:SHOWN_WARNINGS]:
        lines.append(textwrap.indent(textwrap.fill(warning, 88), "    "))
    if len(warnings) > SHOWN_WARNINGS:
        lines.append(f"    ... and {len(warnings) - SHOWN_WARNINGS} more")
    return lines


def progress_bar(earned: int, possible: int, width: int = 30) -> str:
    filled = round(width * earned / possible) if possible else 0
    return "[" + "#" * filled + "-" * (width - filled) + f"] {earned}/{possible}"
