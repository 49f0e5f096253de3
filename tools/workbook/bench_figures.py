"""The README's table of lesson 08's figures against the run it quotes.

README.md's section "Is it worth it?" quotes figures of one run of
bench/reproduce.sh, whose summary is bench/results/summary.txt. After a
new run, or an edit of either file, the two must still agree: each row of
the table names the line of the summary it quotes (ROWS), and every
number in the row's gcc and clang cells must be the numbers found there,
in the same order. A row the check does not know, or one it knows that is
gone, fails too, so the table cannot grow figures nobody compares. And
summary.txt itself must be what bench/summary.py makes of the raw files
beside it, so every figure goes back to the runs that gave it.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from workbook.meta import ROOT

README = ROOT / "README.md"
SUMMARY = ROOT / "bench" / "results" / "summary.txt"
SUMMARISE = ROOT / "bench" / "summary.py"
HEADING = "## Is it worth it?"
COMPILERS = ("gcc", "clang")

_N = r"([0-9]+(?:\.[0-9]+)?)"
# The start of a row's first cell -> the pattern of its figures in one
# compiler's part of the summary (every match must give the row's numbers).
ROWS = {
    "sum of x² for 100 million x": rf"^heavy_map, .* efficiency {_N}; on 4 threads",
    "the same on 4 threads": rf"^heavy_map, .*; on 4 threads [0-9.]+ s, efficiency {_N}$",
    "items of uneven cost, `schedule(static)`": rf"^uneven_map static +speedup at 2 threads {_N} ",
    "the same with `schedule(dynamic)`": rf"^uneven_map dynamic +speedup at 2 threads {_N} ",
    "break-even: below it": rf"^break_even run \d+: Break-even: between n = {_N} and n = {_N};",
    "break-even with `OMP_WAIT_POLICY=passive`":
        rf"^break_even with OMP_WAIT_POLICY=passive: Break-even: between n = {_N} and n = {_N}$",
    "one empty `parallel` region, default wait policy": rf"^overheads: parallel {_N} us,",
    "the same with `OMP_WAIT_POLICY=passive`":
        rf"^overheads \(OMP_WAIT_POLICY=passive\): parallel {_N} us,",
    "per-thread counters side by side": rf"^counters at 2 threads: .* side by side takes {_N} x padded",
    "a `reduction` instead": rf"^counters at 2 threads: .* reduction {_N} x$",
    "the tutorial's Python `Pool`, 5000 squares":
        rf"^n = 5000, 2 workers: Python Pool [0-9.]+ ms / C parallel [0-9.]+ us = {_N} x;",
    "the same for a million squares":
        rf"^n = 1000000, 2 workers: Python Pool [0-9.]+ ms / C parallel [0-9.]+ us = {_N} x;",
    "Python's plain loop against C's, a million squares":
        rf"^n = 1000000, 2 workers: .*; Python serial [0-9.]+ ms / C serial [0-9.]+ us = {_N} x;",
}


class FiguresDiffer(Exception):
    pass


def _numbers(cell: str) -> list[str]:
    return re.findall(r"[0-9]+(?:\.[0-9]+)?", cell)


def table_rows(readme: str) -> list[list[str]]:
    """The cells of each body row of the first table under HEADING."""
    start = readme.find("\n" + HEADING)
    if start < 0:
        raise FiguresDiffer(f"README.md has no section \"{HEADING}\"")
    section = readme[start + 1:].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines[2:]]
    if not rows:
        raise FiguresDiffer(f"README.md's section \"{HEADING}\" has no table")
    return rows


def summary_parts(summary: str) -> dict[str, list[str]]:
    """Each compiler's lines of summary.txt (after its `== NAME` line)."""
    parts: dict[str, list[str]] = {}
    current = None
    for line in summary.splitlines():
        if line.startswith("== "):
            current = parts.setdefault(line[3:].strip(), [])
        elif current is not None:
            current.append(line)
    return parts


def compare(readme: str, summary: str) -> int:
    """The number of figures compared; FiguresDiffer on the first that differs."""
    parts = summary_parts(summary)
    seen = set()
    compared = 0
    for cells in table_rows(readme):
        label = next((key for key in ROWS if cells[0].startswith(key)), None)
        if label is None:
            raise FiguresDiffer(f"README.md's row \"{cells[0]}\" quotes no known line of "
                                f"{SUMMARY.name}: add its pattern to ROWS in {Path(__file__).name}")
        seen.add(label)
        if len(cells) != 1 + len(COMPILERS):
            raise FiguresDiffer(f"README.md's row \"{cells[0]}\" has {len(cells)} cells, "
                                f"not {1 + len(COMPILERS)}")
        for compiler, cell in zip(COMPILERS, cells[1:]):
            pattern = re.compile(ROWS[label])
            found = [m.groups() for m in map(pattern.search, parts.get(compiler, [])) if m]
            if not found:
                raise FiguresDiffer(f"{SUMMARY.name} has no {compiler} line for README.md's "
                                    f"row \"{cells[0]}\"")
            quoted = tuple(_numbers(cell))
            for groups in found:
                if tuple(groups) != quoted:
                    raise FiguresDiffer(
                        f"README.md's row \"{cells[0]}\" says {' and '.join(quoted) or 'nothing'} "
                        f"for {compiler}, {SUMMARY.name} {' and '.join(groups)}: "
                        f"copy the figures of the run into the README")
            compared += len(quoted)
    missing = [key for key in ROWS if key not in seen]
    if missing:
        raise FiguresDiffer(f"README.md's table lost its row \"{missing[0]}\"")
    return compared


def summary_from_runs() -> str:
    """What bench/summary.py makes of the files in bench/results now."""
    proc = subprocess.run([sys.executable, str(SUMMARISE), str(SUMMARY.parent)], cwd=ROOT,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise FiguresDiffer(f"{SUMMARISE.name} failed on {SUMMARY.parent}: {proc.stderr[-1000:]}")
    return proc.stdout


def check() -> str:
    from workbook.selftest import CheckFailed
    try:
        summary = SUMMARY.read_text()
        if summary_from_runs() != summary:
            raise FiguresDiffer(f"{SUMMARY.relative_to(ROOT)} is not what bench/summary.py makes of the runs "
                                f"beside it: run `python3 bench/summary.py bench/results > "
                                f"bench/results/summary.txt`")
        compared = compare(README.read_text(), summary)
    except FiguresDiffer as e:
        raise CheckFailed(str(e)) from None
    return (f"figures: the README's {compared} figures of lesson 08 are those of {SUMMARY.name}, "
            f"which is what {SUMMARISE.name} makes of the runs")
