"""./workbook grade --slurm: a class graded as a Slurm job array.

    ./workbook grade --slurm SUBMISSION... --out DIR [--tasks K] [--cpus-per-task C]
                     [--sbatch "EXTRA OPTIONS"] [--wait]
    ./workbook grade --collect DIR

Submitting writes DIR/slurm/plan.json (every submission's path, its task)
and DIR/slurm/grade.sbatch, and hands the script to `sbatch`. Each array
task grades its share with the same batch code as a local `grade`, into
DIR/tasks/TASK/ (its own grading tree and records: tasks never write the
same file), and `--collect` merges every task's records into
DIR/submissions/ and writes the reports. DIR must be on a file system the
cluster's nodes share (a home or project folder), and so must the workbook.

A submission's id decides its task, so that two hand-ins with one id land
in the same task, where the batch records the second as a duplicate.
"""
from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path

from workbook import batch, submission, tree
from workbook.meta import ROOT, Workbook

PLAN = "plan.json"
# CPUs a task asks for: the race tests need two at once, and the graded
# tests' largest team (8 threads) runs on fewer CPUs as well as on more.
DEFAULT_CPUS = 2


class SlurmError(Exception):
    pass


def _editable(wb: Workbook) -> list[str]:
    files = {str(f.relative_to(ROOT)): b"" for f in (ROOT / "exercises").glob("*/*.c")}
    return sorted(p for ps in tree.student_paths(wb, files).values() for p in ps)


def script(out: Path, tasks: int, cpus: int, compiler: str, extra: str) -> str:
    options = "".join(f"#SBATCH {option}\n" for option in shlex.split(extra))
    return f"""#!/usr/bin/env bash
#SBATCH --job-name=workbook-grade
#SBATCH --array=0-{tasks - 1}
#SBATCH --cpus-per-task={cpus}
#SBATCH --output={out}/slurm/task-%a.log
{options}# One task of a class graded by ./workbook grade --slurm: its share of
# the submissions, into {out}/tasks/$SLURM_ARRAY_TASK_ID/.
set -euo pipefail
cd {shlex.quote(str(ROOT))}
exec ./workbook --compiler {compiler} grade --slurm-task "$SLURM_ARRAY_TASK_ID" \\
  --out {shlex.quote(str(out))} </dev/null
"""


def submit(wb: Workbook, paths: list[Path], out: Path, compiler: str, tasks: int | None,
           cpus: int, extra: str, wait: bool) -> str:
    """Plan the tasks, write the script, sbatch it; what to tell the user."""
    if not shutil.which("sbatch"):
        raise SlurmError("sbatch is not on PATH: run --slurm on a machine of the cluster "
                         "(a login node), or install slurm-client")
    out = out.resolve()
    editable = _editable(wb)
    ids = [submission.read(p, editable).id for p in paths]
    groups: dict[str, list[str]] = {}
    for path, sub_id in zip(paths, ids):
        groups.setdefault(sub_id, []).append(str(Path(path).resolve()))
    tasks = max(1, min(tasks or len(groups), len(groups)))
    plan = {"compiler": compiler, "tasks": tasks, "submissions": []}
    for n, (sub_id, group) in enumerate(sorted(groups.items())):
        plan["submissions"] += [{"path": p, "id": sub_id, "task": n % tasks} for p in group]
    (out / "slurm").mkdir(parents=True, exist_ok=True)
    batch.write_atomically(out / "slurm" / PLAN, json.dumps(plan, indent=1))
    job_script = out / "slurm" / "grade.sbatch"
    batch.write_atomically(job_script, script(out, tasks, cpus, compiler, extra))
    command = ["sbatch", "--parsable", *(["--wait"] if wait else []), str(job_script)]
    proc = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        logs = sorted((out / "slurm").glob("task-*.log"))
        tail = logs[0].read_text(errors="replace")[-1500:] if logs else ""
        raise SlurmError(f"sbatch failed (exit status {proc.returncode}): "
                         f"{(proc.stderr or proc.stdout).strip()} {tail}".strip())
    job = proc.stdout.strip().split(";")[0]
    return (f"submitted job array {job}: {len(paths)} submission(s) in {tasks} task(s) of "
            f"{cpus} CPUs; when it has ended, ./workbook grade --collect {out}")


def run_task(out: Path, task: int) -> None:
    """One array task: grade its share into OUT/tasks/TASK."""
    plan = json.loads((out / "slurm" / PLAN).read_text())
    mine = [Path(s["path"]) for s in plan["submissions"] if s["task"] == task]
    jobs = 1
    batch.run(mine, out / "tasks" / str(task), jobs=jobs, compiler=plan["compiler"])


def collect(out: Path) -> list[dict]:
    """Every task's records, merged into OUT/submissions; the merged records."""
    tasks = sorted((out / "tasks").glob("*/" + batch.RESULTS))
    if not tasks and not (out / batch.RESULTS).is_dir():
        raise SlurmError(f"{out} holds no results of a --slurm batch: give the folder "
                         "that --out named when it was submitted")
    planned = {}
    plan_path = out / "slurm" / PLAN
    if plan_path.exists():
        planned = {s["id"] for s in json.loads(plan_path.read_text())["submissions"]}
    merged = out / batch.RESULTS
    merged.mkdir(exist_ok=True)
    for folder in tasks:
        for record in folder.glob("*.json"):
            batch.write_atomically(merged / record.name, record.read_text())
    records = batch.collect(out)
    missing = sorted(planned - {r["student"] for r in records})
    if missing:
        raise SlurmError(f"{len(missing)} submission(s) have no result yet ({', '.join(missing[:5])}"
                         f"{' ...' if len(missing) > 5 else ''}): their tasks have not ended, "
                         f"or failed (see {out}/slurm/task-*.log); --collect again later")
    return records


def cpus_default() -> int:
    return min(DEFAULT_CPUS, os.cpu_count() or 1)
