"""Mutation testing of the graded tests: small, typical OpenMP mistakes made
in the reference solutions, each graded like a student's submission. A test
suite is sharp when every mutant loses points ("killed"); a mutant that keeps
full marks either shows a test to sharpen or is equivalent to the solution
(the same behaviour, so no test can tell them apart), and is then listed in
tests/mutation/equivalent.toml with the reason.

The operators, each applied wherever it fits, one change per mutant:
  drop-pragma       remove one `#pragma omp` line (a critical, an atomic, the loop's)
  drop-clause       remove one clause (reduction, firstprivate, lastprivate, private,
                    schedule, num_threads, nowait, ...)
  serial-team       give a parallel construct num_threads(1)
  firstprivate      firstprivate(x) -> private(x); lastprivate(x) -> private(x)
  off-by-one        `<=` -> `<` and `<` -> `<=` in a for condition; a start of 0 -> 1
  schedule          static <-> dynamic, guided -> static, a chunk c -> c + 1
  add-nowait        `#pragma omp for` -> `#pragma omp for nowait`
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_PRAGMA = re.compile(r"^\s*#\s*pragma\s+omp\b")
_CLAUSE = re.compile(r"\s+(?P<clause>(?:reduction|firstprivate|lastprivate|private|shared|"
                     r"schedule|num_threads|collapse|default|if)\s*\([^()]*(?:\([^()]*\)[^()]*)*\)"
                     r"|nowait)")
_FOR_CONDITION = re.compile(r"for\s*\((?P<init>[^;]*);(?P<cond>[^;]*);")


@dataclass(frozen=True)
class Mutant:
    topic: str
    file: str          # the solution file's name
    operator: str
    line: int          # 1-based
    original: str      # the line before the change, stripped
    changed: str       # the line after, stripped ("" when removed)
    text: str          # the whole mutated file

    @property
    def key(self) -> str:
        """What equivalent.toml names a mutant by: stable while lines move."""
        return f"{self.operator}: {self.original} => {self.changed or '(removed)'}"


def _replace_line(lines: list[str], index: int, new: str | None) -> str:
    out = list(lines)
    if new is None:
        del out[index]
    else:
        out[index] = new
    return "\n".join(out) + "\n"


def _line_mutations(line: str) -> list[tuple[str, str | None]]:
    """(operator, the new line or None to remove it) for one source line."""
    found: list[tuple[str, str | None]] = []
    if _PRAGMA.match(line):
        found.append(("drop-pragma", None))
        for m in _CLAUSE.finditer(line):
            found.append(("drop-clause", line[:m.start()] + line[m.end():]))
        if re.search(r"\bparallel\b", line):
            if "num_threads" in line:
                found.append(("serial-team", re.sub(r"num_threads\s*\([^)]*\)",
                                                    "num_threads(1)", line)))
            else:
                found.append(("serial-team", line.rstrip() + " num_threads(1)"))
        for old in ("firstprivate", "lastprivate"):
            if re.search(rf"\b{old}\b", line):
                found.append(("firstprivate", re.sub(rf"\b{old}\b", "private", line)))
        swaps = {"static": "dynamic", "dynamic": "static", "guided": "static"}
        for kind, other in swaps.items():
            if re.search(rf"schedule\s*\(\s*(monotonic\s*:\s*)?{kind}\b", line):
                found.append(("schedule", re.sub(rf"\b{kind}\b", other, line, count=1)))
        chunk = re.search(r"schedule\s*\(\s*\w+\s*,\s*(?P<c>[^)]+)\)", line)
        if chunk:
            c = chunk.group("c").strip()
            found.append(("schedule", line[:chunk.start("c")] + f"{c} + 1"
                          + line[chunk.end("c"):]))
        if re.search(r"\bfor\b", line) and "nowait" not in line and \
                not re.search(r"\bparallel\b", line):
            found.append(("add-nowait", line.rstrip() + " nowait"))
        return found
    m = _FOR_CONDITION.search(line)
    if m:
        cond = m.group("cond")
        if "<=" in cond:
            new = cond.replace("<=", "<", 1)
        elif "<" in cond:
            new = cond.replace("<", "<=", 1)
        else:
            new = ""
        if new:
            found.append(("off-by-one", line[:m.start("cond")] + new + line[m.end("cond"):]))
        init = m.group("init")
        if re.search(r"=\s*0\s*$", init):
            found.append(("off-by-one", line[:m.start("init")]
                          + re.sub(r"=\s*0\s*$", "= 1", init) + line[m.end("init"):]))
    return found


def mutants(topic: str, source: Path) -> list[Mutant]:
    lines = source.read_text().splitlines()
    found = []
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("/*", "*", "//")):
            continue
        for operator, new in _line_mutations(line):
            if new is not None and new == line:
                continue
            found.append(Mutant(topic, source.name, operator, i + 1, line.strip(),
                                (new or "").strip(), _replace_line(lines, i, new)))
    return found
