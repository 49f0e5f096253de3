"""How `./workbook run` runs a lesson program, in one place: the lesson
checks run a transcript's program the same way, so that what a README
shows is what a student sees."""
from __future__ import annotations

import contextlib
from pathlib import Path

from workbook import grading, sandbox


def environment(settings: dict[str, str], threads: int | str | None = None) -> dict[str, str]:
    """A sandboxed run's environment, plus the OpenMP settings among
    `settings` (the student's own: trying them is the point) and -t's
    thread count. Nothing else of `settings` reaches the program."""
    env = grading.run_environment()
    env.update({k: v for k, v in settings.items() if k.startswith(grading.OPENMP_SETTINGS)})
    if threads:
        env["OMP_NUM_THREADS"] = str(threads)
    return env


@contextlib.contextmanager
def box(program: Path, env: dict[str, str]):
    """The sandbox of one run of `program` (which a student may have
    changed); start it with argv(program, ...)."""
    with sandbox.workdir("workbook-run-") as tmp:
        yield sandbox.Sandbox(tmp / "scratch", readable=[program.resolve()], env=env)


def argv(program: Path, args: list[str]) -> list[str]:
    return [str(program.resolve()), *args]
