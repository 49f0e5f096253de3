"""What grading a class costs: seconds per full submission, a batch of N at
-j1 and at -j2 (throughput ratio), a batch of N with the first seven
exercises only (the tutorial's part) at -j1, the time to resume a finished
batch, and what the sandbox costs a student's check; with --slurm, the
same N through the one-node test cluster (tests/slurm/cluster.sh, root
only) as 2 array tasks, each building its own grading tree. Prints figures;
asserts nothing (machines differ: compare the ratios of one run).

Run: python3 tests/cli/bench_grade.py [N] [CHECKS] [--slurm]   (default 40 and 5)
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sandbox import REPO, Sandbox


def _full_submission(folder: Path, exercises: str = "[0-9][0-9]") -> None:
    for source in sorted((REPO / "solutions").glob(f"{exercises}-*/*.c")):
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


def _through_slurm(box: Sandbox, batch: list[str], work: Path) -> tuple[float, str]:
    """Seconds to grade `batch` through sbatch in 2 tasks, and the gradebook."""
    cluster = REPO / "tests" / "slurm" / "cluster.sh"
    was_up = subprocess.run([str(cluster), "status"], stdin=subprocess.DEVNULL,
                            capture_output=True).returncode == 0
    up = subprocess.run([str(cluster), "start"], stdin=subprocess.DEVNULL,
                        capture_output=True, text=True, timeout=120)
    if up.returncode != 0:
        raise SystemExit(f"the test cluster did not start: {up.stdout}{up.stderr}")
    try:
        return _sbatched(box, batch, work, cluster)
    finally:
        if not was_up:   # a cluster this run started, this run stops
            subprocess.run([str(cluster), "stop"], stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=120)


def _sbatched(box: Sandbox, batch: list[str], work: Path, cluster: Path) -> tuple[float, str]:
    conf = subprocess.run([str(cluster), "env"], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL).stdout.strip().split("=", 1)[1]
    os.chmod(work, 0o755)   # the node reads the submissions and writes the results
    out = work / "grades-slurm"
    started = time.monotonic()
    sent = subprocess.run([str(box.path("workbook")), "grade", "--slurm", *batch, "--out",
                           str(out), "--tasks", "2", "--wait"], cwd=box.root,
                          env=box.env(SLURM_CONF=conf), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=7200)
    if sent.returncode != 0:
        raise SystemExit(f"grade --slurm failed: {sent.stdout}{sent.stderr}")
    return time.monotonic() - started, (out / "gradebook.csv").read_text()


def _rows(gradebook: str) -> dict[str, str]:
    """student -> the gradebook's row."""
    return {line.split(",", 1)[0]: line for line in gradebook.splitlines()}


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--slurm"]
    count = int(args[0]) if args else 40
    checks = int(args[1]) if len(args) > 1 else 5
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
        seven = []
        for n in range(count + 1):
            _full_submission(work / "seven" / f"s{n:03d}", "0[1-7]")
            seven.append(str(work / "seven" / f"s{n:03d}"))
        _timed(box, "grade", seven[0], "--out", str(work / "grades-seven"))
        figures["seven"] = _timed(box, "grade", *seven[1:], "--out", str(work / "grades-seven"))
        if "--slurm" in sys.argv:
            figures["slurm"], slurm_book = _through_slurm(box, batch, work)
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
        print(f"  exercises 01-07 only, -j1: {figures['seven']:.1f} s, "
              f"{figures['seven'] / count:.2f} s per submission")
        print(f"  resume of the finished batch: {resume:.2f} s")
        if "slurm" in figures:
            local = _rows((work / "grades-j1" / "gradebook.csv").read_text())
            same = all(local.get(who) == row for who, row in _rows(slurm_book).items())
            print(f"  through the local Slurm (sbatch, 2 tasks of 2 CPUs, one after the "
                  f"other on this node, each building its own tree): {figures['slurm']:.1f} s, "
                  f"{figures['slurm'] / count:.2f} s per submission; gradebook "
                  f"{'equal to' if same else 'DIFFERENT from'} -j1's")
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
