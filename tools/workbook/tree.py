"""A grading tree: a private copy of the workbook's pristine files, with one
submission's exercise files put in by name, and build directories of its own.

The self-test grades the exercises as shipped (from git, never the files a
student is editing), the hostile submissions and the mutants in one; the
instructor's `grade` grades a class in them. Between two submissions only
the student's files change, so a rebuild compiles those files alone.

Before every grading the tree's own files (tests, headers, workbook.toml,
CMake files, lesson code) are checked against the digests taken when it
was made: a grade never stands on files that changed under it.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from workbook import build as wbuild
from workbook import grading, meta
from workbook.meta import ROOT

# What a grading tree needs of the workbook: everything CMake reads to build
# the graded tests, and nothing of the known-wrong or hostile programs.
PRISTINE = ("CMakeLists.txt", "cmake/", "tests/", "lessons/", "exercises/", "workbook.toml")
LEFT_OUT = ("tests/wrong/", "tests/hostile/", "tests/cli/", "tests/mutation/")
# The largest student file taken; a larger one is refused, not truncated.
MAX_STUDENT_FILE = 1 << 20


class TreeError(Exception):
    """The tree cannot be made or has changed; the message says what to do."""


def _git(*args: str, cwd: Path = ROOT) -> bytes:
    proc = subprocess.run(["git", "-C", str(cwd), *args], stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        raise TreeError(f"git {' '.join(args[:2])} failed: "
                        f"{proc.stderr.decode(errors='replace').strip()[:200]}")
    return proc.stdout


def _wanted(name: str) -> bool:
    return name.startswith(PRISTINE) and not name.startswith(LEFT_OUT)


def pristine_files(revision: str | None = None, source: Path = ROOT) -> dict[str, bytes]:
    """The workbook's own files: as committed at `revision`, or (None) as they
    are in the working tree, tracked or new but not ignored."""
    if revision:
        names = _git("ls-tree", "-r", "--name-only", "-z", revision, cwd=source).split(b"\0")
        return {n.decode(): _git("show", f"{revision}:{n.decode()}", cwd=source)
                for n in names if n and _wanted(n.decode())}
    names = _git("ls-files", "-co", "--exclude-standard", "-z", cwd=source).split(b"\0")
    files = {}
    for n in names:
        name = n.decode()
        path = source / name
        if name and _wanted(name) and path.is_file():
            files[name] = path.read_bytes()
    return files


def student_paths(wb: meta.Workbook, files: dict[str, bytes]) -> dict[str, list[str]]:
    """topic -> the paths of the files a student edits: each exercise's .c
    files as shipped (the headers are the API and stay as shipped)."""
    return {ex.topic: sorted(name for name in files
                             if name.startswith(f"exercises/{ex.topic}/")
                             and name.endswith(".c") and name.count("/") == 2)
            for ex in wb.exercises}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


MANIFEST = ".grading-tree.json"


@dataclass
class GradingTree:
    path: Path
    compiler: str = "gcc"
    revision: str | None = None       # None: the working tree's files
    source: Path = ROOT
    reuse: bool = False               # open the tree already at `path`, if any
    shipped: dict[str, bytes] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    absent: set[str] = field(default_factory=set)   # student files a submission lacks

    def __post_init__(self):
        manifest = self.path / MANIFEST
        if self.reuse and manifest.exists():
            kept = json.loads(manifest.read_text())
            self.digests, self.compiler = kept["digests"], kept["compiler"]
            self.shipped = {n: bytes.fromhex(h) for n, h in kept["shipped"].items()}
            files = {"workbook.toml": (self.path / "workbook.toml").read_bytes()}
        else:
            files = pristine_files(self.revision, self.source)
            if not files:
                raise TreeError(f"no workbook files found in {self.source}")
        self.wb = meta.parse(meta.tomllib.loads(files["workbook.toml"].decode()))
        self.bd = wbuild.BuildDir(self.path / "build" / self.compiler, self.compiler, self.path)
        if self.digests:
            self.student = student_paths(self.wb, {**self.shipped, **self.digests})
            self.verify()
            return
        self.student = student_paths(self.wb, files)
        editable = {p for paths in self.student.values() for p in paths}
        self.shipped = {name: files[name] for name in editable}
        if self.path.exists():
            shutil.rmtree(self.path)
        for name, data in files.items():
            target = self.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self.digests = {name: _digest(data) for name, data in files.items()
                        if name not in editable}
        manifest.write_text(json.dumps({"compiler": self.compiler, "digests": self.digests,
                                        "shipped": {n: d.hex() for n, d in
                                                    self.shipped.items()}}))

    def verify(self) -> None:
        """The tree's own files are as they were made, or TreeError."""
        for name, digest in self.digests.items():
            try:
                data = (self.path / name).read_bytes()
            except OSError:
                raise TreeError(f"{name} is gone from the grading tree {self.path}") from None
            if _digest(data) != digest:
                raise TreeError(f"{name} changed in the grading tree {self.path}: "
                                "no grade is given on changed tests")

    def put(self, files: dict[str, bytes], missing: str = "shipped") -> list[str]:
        """Put a submission's files in, by path (exercises/TOPIC/NAME.c), and
        every student file it lacks as shipped ("shipped") or absent
        ("absent"). Returns the paths that were not a student file (left out)."""
        editable = set(self.shipped)
        ignored = sorted(set(files) - editable)
        for name in editable:
            target = self.path / name
            if name in files:
                if len(files[name]) > MAX_STUDENT_FILE:
                    raise TreeError(f"{name} is larger than {MAX_STUDENT_FILE >> 20} MB")
                target.write_bytes(files[name])
            else:
                # An absent file stays on disk as shipped, so that the build
                # still configures; grade() gives its exercise no build.
                target.write_bytes(self.shipped[name])
        self.absent = set() if missing == "shipped" else editable - set(files)
        return ignored

    def grade(self, exercises=None, threads=None, instruments: bool = True,
              on_tests=None, on_exercise=None) -> dict[str, grading.Graded]:
        """Build and grade the exercises (default: all) of the submission in
        the tree: topic -> Graded, in the order given. The same core as
        every other grade (grading.grade_exercises: an exercise's
        instruments run while the next one builds and runs its graded
        tests). on_exercise(topic, records) sees each exercise's records as
        soon as they are complete."""
        self.verify()
        wbuild.configure(self.bd)
        warnings: dict[str, tuple[str, ...]] = {}

        def build_of(ex):
            gone = [p for p in self.student[ex.topic] if p in self.absent]
            if gone:
                build = grading.Build(None, None, None, None,
                                      error=f"{Path(gone[0]).name} is not in the submission")
            else:
                build = wbuild.for_grading(self.wb, self.bd, ex, instruments=instruments)
            warnings[ex.topic] = build.warnings
            return build

        records = grading.grade_exercises(
            self.wb, exercises or self.wb.exercises, build_of, threads=threads,
            instruments=instruments, on_tests=on_tests,
            on_exercise=on_exercise and (lambda ex, found: on_exercise(ex.topic, found)))
        self.verify()
        return {topic: grading.Graded(found, warnings[topic]) for topic, found in records.items()}
