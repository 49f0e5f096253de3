"""Checks that each lesson program prints what its README says it prints.

tests/lessons/NN-slug.toml lists runs of the lesson's programs:

    [[run]]
    program = "fused_reduction"      # lessons/NN-slug/fused_reduction.c
    threads = 4                      # OMP_NUM_THREADS (optional)
    args = ["100"]                   # command-line arguments (optional)
    status = 0                       # expected exit status (optional, default 0)
    lines = ["The sum ... is 41679167500"]
        # each must appear as a whole line, in this order; {nproc} stands for
        # the number of CPUs the program may use
    [run.trace]                      # optional: a per-item trace
    pattern = 'Worker (?P<worker>\\d+) calculating square of (?P<item>\\d+)'
    items = [1, 20]                  # every item in this range exactly once
    workers = 2                      # this many distinct workers
    contiguous = true                # each worker's items form one block
    chunk = 3                        # or: items come in blocks of this size

Lines that depend on scheduling are checked by structure, never by text.
"""
from __future__ import annotations

import os
import re
import subprocess

from workbook import grading, meta
from workbook.build import BuildDir, lesson_programs
from workbook.meta import ROOT

RUN_TIMEOUT = 60


class LessonCheckFailed(Exception):
    pass


def _expand(line: str) -> str:
    return line.replace("{nproc}", str(len(os.sched_getaffinity(0))))


def _check_lines(output: str, wanted: list[str], where: str) -> None:
    lines = output.splitlines()
    position = 0
    for want in map(_expand, wanted):
        try:
            position = lines.index(want, position) + 1
        except ValueError:
            raise LessonCheckFailed(f"{where}: expected the line\n    {want}\n"
                                    f"(in this order) in its output:\n{output[-3000:]}") from None


def _check_trace(output: str, trace: dict, where: str) -> None:
    pattern = re.compile(trace["pattern"])
    owner: dict[int, int] = {}
    order: list[int] = []
    for line in output.splitlines():
        m = pattern.fullmatch(line.strip())
        if not m:
            continue
        item, worker = int(m.group("item")), int(m.group("worker"))
        if item in owner:
            raise LessonCheckFailed(f"{where}: item {item} appears twice in the trace")
        owner[item] = worker
        order.append(item)
    first, last = trace["items"]
    missing = sorted(set(range(first, last + 1)) - set(owner))
    extra = sorted(set(owner) - set(range(first, last + 1)))
    if missing or extra:
        raise LessonCheckFailed(f"{where}: trace items missing {missing[:10]} extra {extra[:10]}")
    workers = sorted(set(owner.values()))
    if "workers" in trace and len(workers) != trace["workers"]:
        raise LessonCheckFailed(f"{where}: {len(workers)} workers in the trace, "
                                f"expected {trace['workers']}")
    # Blocks: maximal runs of consecutive items handled by the same worker.
    items = sorted(owner)
    blocks = [[items[0]]]
    for item in items[1:]:
        if owner[item] == owner[blocks[-1][-1]]:
            blocks[-1].append(item)
        else:
            blocks.append([item])
    if trace.get("contiguous") and len(blocks) != len(workers):
        raise LessonCheckFailed(f"{where}: a static schedule gives each worker one block, "
                                f"but the trace has {len(blocks)} blocks for "
                                f"{len(workers)} workers")
    chunk = trace.get("chunk")
    if chunk:
        start = first
        for block in blocks:
            if (block[0] - start) % chunk or (len(block) % chunk and block[-1] != last):
                raise LessonCheckFailed(f"{where}: items {block[0]}..{block[-1]} do not "
                                        f"come in chunks of {chunk}")


def check_lesson(bd: BuildDir, topic: str) -> str:
    spec_path = ROOT / "tests" / "lessons" / f"{topic}.toml"
    try:
        with open(spec_path, "rb") as f:
            runs = meta.tomllib.load(f).get("run", [])
    except FileNotFoundError:
        raise LessonCheckFailed(f"{spec_path.relative_to(ROOT)} is missing") from None
    programs = lesson_programs(topic)
    unchecked = set(programs) - {r["program"] for r in runs}
    if unchecked:
        raise LessonCheckFailed(f"no run in {spec_path.relative_to(ROOT)} checks "
                                f"{sorted(unchecked)}")
    for i, run in enumerate(runs, 1):
        program = bd.lesson_program(topic[:2], run["program"])
        threads = run.get("threads")
        where = f"run {i}: {run['program']}" + (f" with {threads} threads" if threads else "")
        env = grading.clean_environment((1,))
        if threads:
            env["OMP_NUM_THREADS"] = str(threads)
        try:
            proc = subprocess.run([str(program), *map(str, run.get("args", []))], env=env,
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise LessonCheckFailed(f"{where}: still running after {RUN_TIMEOUT} s") from None
        if proc.returncode != run.get("status", 0):
            raise LessonCheckFailed(f"{where}: exit status {proc.returncode}, expected "
                                    f"{run.get('status', 0)}:\n{proc.stdout[-3000:]}")
        _check_lines(proc.stdout, run.get("lines", []), where)
        if "trace" in run:
            _check_trace(proc.stdout, run["trace"], where)
    return f"lesson {topic}: {len(runs)} runs of {len(programs)} programs as documented"
