"""What grading a class costs: seconds per full submission, a batch of N at
-j1 and at -j2 (throughput ratio), the time to resume a finished batch, and
what the sandbox costs a student's check. Prints figures; asserts nothing
(machines differ: compare the ratios of one run).

Run: python3 tests/cli/bench_grade.py [N] [CHECKS]   (default 40 and 5)
"""
from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sandbox import REPO, Sandbox


def _full_submission(folder: Path) -> None:
    for source in sorted((REPO / "solutions").glob("*/*.c")):
        target = folder / "exercises" / source.parent.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)


def _timed(box: Sandbox, *args: str, **env: str) -> float:
    started = time.monotonic()
    ran = box.run(*args, limit=3600, **env)
    if ran.returncode not in (0, 1):
        raise SystemExit(f"./workbook {' '.join(args)} failed: {ran.stderr}")
    return time.monotonic() - started


def _verdicts(out: Path) -> dict[tuple[str, str, str], str]:
    """(student, exercise, test) -> status, from a batch's result files."""
    found = {}
    for path in (out / "submissions").glob("*.json"):
        record = json.loads(path.read_text())
        for t in record["tests"]:
            found[record["student"], t["exercise"], t["test"]] = t["status"]
    return found


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    checks = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    box = Sandbox()
    work = Path(tempfile.mkdtemp(prefix="workbook-bench-grade-"))
    try:
        subs = []
        for n in range(count + 1):
            _full_submission(work / "class" / f"s{n:03d}")
            subs.append(str(work / "class" / f"s{n:03d}"))
        warm, batch = subs[0], subs[1:]
        figures = {}
        for jobs in (1, 2):
            out = str(work / f"grades-j{jobs}")
            _timed(box, "grade", warm, "--out", out, "-j", str(jobs))  # builds the trees
            figures[jobs] = _timed(box, "grade", *batch, "--out", out, "-j", str(jobs))
        resume = _timed(box, "grade", *batch, "--out", str(work / "grades-j2"))
        verdicts = {jobs: _verdicts(work / f"grades-j{jobs}") for jobs in (1, 2)}
        differ = sorted(k for k in verdicts[1] if verdicts[1][k] != verdicts[2].get(k))
        shutil.copy(REPO / "solutions/02-parallel-map/parallel_map.c",
                    box.path("exercises/02-parallel-map/parallel_map.c"))
        box.run("check", "02")                                         # builds build/gcc
        boxed = [_timed(box, "check", "02") for _ in range(checks)]
        bare = [_timed(box, "check", "02", WORKBOOK_UNSANDBOXED="1") for _ in range(checks)]
        print(f"{count} full submissions ({len(list(REPO.glob('exercises/[0-9][0-9]-*')))} exercises, every test and instrument, sandbox on):")
        print(f"  -j1: {figures[1]:.1f} s, {figures[1] / count:.2f} s per submission")
        print(f"  -j2: {figures[2]:.1f} s, {figures[2] / count:.2f} s per submission")
        print(f"  throughput -j2 / -j1: {figures[1] / figures[2]:.2f}x")
        print(f"  resume of the finished batch: {resume:.2f} s")
        print(f"  verdicts at -j2 equal to -j1: {len(verdicts[1]) - len(differ)} of "
              f"{len(verdicts[1])} tests" + "".join(f"\n    differs: {d}: {verdicts[1][d]} "
                                                   f"at -j1, {verdicts[2].get(d)} at -j2"
                                                   for d in differ[:10]))
        print(f"./workbook check 02 (solution), median of {checks}: sandboxed "
              f"{statistics.median(boxed):.2f} s, unsandboxed {statistics.median(bare):.2f} s, "
              f"ratio {statistics.median(boxed) / statistics.median(bare):.2f}")
    finally:
        box.close()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
