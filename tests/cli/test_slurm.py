"""./workbook grade --slurm on a real one-node Slurm cluster (Debian's
slurmctld, slurmd and munge, brought up by tests/slurm/cluster.sh when none
is up): 20 submissions graded through sbatch give the same gradebook as the
same 20 graded on this machine.

Run: python3 -m unittest -v tests/cli/test_slurm.py   (needs root: the test
cluster's daemons run as root)
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

from sandbox import REPO, Sandbox

CLUSTER = REPO / "tests" / "slurm" / "cluster.sh"


def _cluster(command: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLUSTER), command], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120)


def setUpModule():
    global box, work, started_here, env
    started_here = False
    if _cluster("status").returncode != 0:
        up = _cluster("start")
        if up.returncode != 0:
            raise RuntimeError(f"the test cluster did not start: {up.stdout}{up.stderr}")
        started_here = True
    conf = _cluster("env").stdout.strip().split("=", 1)[1]
    box = Sandbox()
    # The nodes need the tree and the submissions where they are here: a
    # folder all of them (the one node) can read.
    work = Path(tempfile.mkdtemp(prefix="workbook-slurm-class-"))
    os.chmod(work, 0o755)
    # One seed for both runs: the same random inputs here and on the node.
    env = box.env(SLURM_CONF=conf, WB_SEED="20261203")


def tearDownModule():
    box.close()
    shutil.rmtree(work, ignore_errors=True)
    if started_here:
        _cluster("stop")


# Wrong programs whose score is the same every run: a racy one may lose
# different points on the cluster than here, which says nothing of Slurm.
STEADY = {"02-parallel-map": ("exits_early", "hard_coded", "int_total", "off_by_one",
                              "one_thread", "serial", "without_openmp", "small_serial",
                              "static_one"),
          "07-races-and-reduction": ("hard_coded", "off_by_one", "serial", "without_openmp",
                                     "small_serial", "counts_not_zeroed", "best_int_min",
                                     "best_starts_at_zero", "sum_int_index")}


def _class() -> list[str]:
    """20 hand-ins of one file each: solutions and known-wrong programs of
    two exercises, so that the totals differ from one to the next."""
    sources = []
    for topic, wrong in STEADY.items():
        sources += sorted((REPO / "solutions" / topic).glob("*.c"))
        sources += [REPO / "tests" / "wrong" / topic / f"{name}.c" for name in wrong]
    paths = []
    for n, source in enumerate(sources):
        folder = work / "class" / f"student{n:02d}"
        folder.mkdir(parents=True)
        name = "parallel_map.c" if "02-" in str(source) else "races.c"
        shutil.copy(source, folder / name)
        paths.append(str(folder))
    return paths


class Slurm(unittest.TestCase):
    def test_twenty_through_sbatch_equal_the_local_grades(self):
        paths = _class()
        self.assertEqual(len(paths), 20)
        local = work / "local"
        started = time.monotonic()
        ran = box.run("grade", *paths, "--out", str(local), "-j", "2", WB_SEED=env["WB_SEED"])
        local_seconds = time.monotonic() - started
        self.assertEqual(ran.returncode, 0, ran.stdout + ran.stderr)

        cluster = work / "cluster"
        started = time.monotonic()
        sent = subprocess.run([str(box.path("workbook")), "grade", "--slurm", *paths,
                               "--out", str(cluster), "--tasks", "4", "--wait"],
                              cwd=box.root, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=1200)
        slurm_seconds = time.monotonic() - started
        logs = "".join(p.read_text(errors="replace")[-800:]
                       for p in sorted((cluster / "slurm").glob("task-*.log")))
        self.assertEqual(sent.returncode, 0, sent.stdout + sent.stderr + logs)
        self.assertIn("submitted job array", sent.stdout)
        self.assertIn("in 4 task(s) of 2 CPUs", sent.stdout)
        self.assertEqual((cluster / "gradebook.csv").read_text(),
                         (local / "gradebook.csv").read_text())
        # --collect again, on its own, gives the same reports.
        again = box.run("grade", "--collect", str(cluster))
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertEqual((cluster / "gradebook.csv").read_text(),
                         (local / "gradebook.csv").read_text())
        print(f"\n  20 submissions: {local_seconds:.1f} s at -j2 here, {slurm_seconds:.1f} s "
              "through sbatch (4 tasks, each building its own grading tree)")

    def test_collect_of_a_folder_without_results_is_one_sentence(self):
        empty = work / "nothing"
        empty.mkdir()
        result = box.run("grade", "--collect", str(empty))
        self.assertEqual(result.returncode, 2)
        self.assertIn("holds no results of a --slurm batch", result.stderr)
        self.assertNotIn("Traceback", result.stderr)


if __name__ == "__main__":
    unittest.main()
