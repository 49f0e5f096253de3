"""Configuring and building with CMake, with errors a student can act on."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from workbook.meta import ROOT

COMPILERS = ("gcc", "clang")


# What a build stopped by its caller says (the graded tests failed while the
# instruments' programs were being built for them).
CANCELLED = "the build was cancelled"


class BuildError(Exception):
    """A build step failed; the message is short enough to show a student.
    `output` is all the build printed (its warnings, say)."""

    def __init__(self, message: str, output: str = ""):
        super().__init__(message)
        self.output = output


@dataclass(frozen=True)
class BuildDir:
    path: Path
    compiler: str
    source: Path = ROOT      # the workbook tree it builds
    exercises: Path | None = None   # where the exercise .c files are (source/exercises)

    @property
    def exercise_folder(self) -> Path:
        return self.exercises or self.source / "exercises"

    def grader(self, number: str, variant: str) -> Path:
        return self.path / "grade" / f"grade-{number}-{variant}"

    def memory_grader(self, number: str, variant: str) -> Path:
        return self.path / "grade" / f"memory-{number}-{variant}"

    def race_program(self, number: str, variant: str) -> Path:
        return self.path / "race" / f"race-{number}-{variant}"

    def archive(self, number: str, variant: str) -> Path:
        return self.path / f"lib{impl_library(number, variant)}.a"

    def lesson_program(self, number: str, program: str) -> Path:
        return self.path / "lessons" / f"lesson-{number}-{program}"


def impl_library(number: str, variant: str) -> str:
    """The CMake library of an implementation: exercise_02, solution_02,
    wrong_02_racy_sum (cmake/Workbook.cmake)."""
    if variant.startswith("wrong-"):
        return f"wrong_{number}_{variant[len('wrong-'):]}"
    return f"{variant}_{number}"


def variant_sources(bd: "BuildDir", topic: str, variant: str) -> tuple[Path, ...]:
    if variant.startswith("wrong-"):
        return (bd.source / "tests" / "wrong" / topic / f"{variant[len('wrong-'):]}.c",)
    folder = bd.exercise_folder if variant == "exercise" else bd.source / "solutions"
    return tuple(sorted((folder / topic).glob("*.c")))


def lesson_programs(topic: str) -> list[str]:
    """The programs of lessons/TOPIC: its .c files that define main(), as
    cmake/Workbook.cmake decides (other .c files there are support code)."""
    return sorted(p.stem for p in (ROOT / "lessons" / topic).glob("*.c")
                  if any(line.startswith("int main") for line in p.read_text().splitlines()))


def build_dir(compiler: str, purpose: str = "") -> BuildDir:
    """build/gcc for the student, build/test-gcc for the project's own tests."""
    if compiler not in COMPILERS:
        raise BuildError(f"unknown compiler '{compiler}': use one of {', '.join(COMPILERS)}")
    name = f"{purpose}-{compiler}" if purpose else compiler
    return BuildDir(ROOT / "build" / name, compiler)


def default_compiler() -> str:
    chosen = os.environ.get("WORKBOOK_COMPILER", "")
    if chosen:
        return chosen
    return "gcc" if shutil.which("gcc") else "clang"


_ERROR_LINE = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?:\d+:)?\s*(?:fatal )?error:.*$")


def first_compiler_error(output: str, root: Path = ROOT) -> str:
    """The first 'file:line: error: ...' line, with the file made relative."""
    for line in output.splitlines():
        match = _ERROR_LINE.match(line.strip())
        if match:
            text = line.strip()
            path = match.group("file")
            try:
                text = text.replace(path, str(Path(path).resolve().relative_to(root)), 1)
            except ValueError:
                pass
            return text
    for line in output.splitlines():
        if "error" in line.lower():
            return line.strip()
    lines = [l for l in output.strip().splitlines() if l.strip()]
    return lines[-1] if lines else "the build failed with no message"


# A build that takes longer is stuck (a file that includes /dev/zero, say).
BUILD_LIMIT = 300


def _run(command: list[str], cwd: Path = ROOT) -> tuple[int, str]:
    try:
        proc = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, errors="replace", cwd=cwd,
                              timeout=BUILD_LIMIT)
    except subprocess.TimeoutExpired:
        return 1, f"error: the build did not finish within {BUILD_LIMIT} s"
    return proc.returncode, proc.stdout


def generator() -> str:
    """Ninja when it is there: it decides what to rebuild in milliseconds where
    Make's generated files take most of a second, which a student waiting
    for a verdict after each save notices."""
    return "Ninja" if shutil.which("ninja") else "Unix Makefiles"


def configure(bd: BuildDir, strict: bool = False) -> None:
    """Run CMake's configure step once (again only when options change)."""
    cache = bd.path / "CMakeCache.txt"
    werror = "ON" if strict else "OFF"
    exercises = bd.exercise_folder
    if cache.exists():
        text = cache.read_text()
        if f"CMAKE_GENERATOR:INTERNAL={generator()}" not in text:
            # Built by another generator, which CMake refuses to switch:
            # the folder holds only build outputs, so start it afresh.
            shutil.rmtree(bd.path)
        elif f"WORKBOOK_WERROR:BOOL={werror}" in text and \
                f"WORKBOOK_EXERCISES_DIR:PATH={exercises}\n" in text and \
                re.search(rf"^Python3_EXECUTABLE:\w+={re.escape(sys.executable)}$", text, re.M):
            return
    code, out = _run(["cmake", "-S", str(bd.source), "-B", str(bd.path), "-G", generator(),
                      f"-DCMAKE_C_COMPILER={bd.compiler}",
                      "-DCMAKE_BUILD_TYPE=RelWithDebInfo", f"-DWORKBOOK_WERROR={werror}",
                      f"-DWORKBOOK_EXERCISES_DIR={exercises}",
                      # The tests CMake runs use this interpreter, the one
                      # ./workbook chose (it sees Debian's python3-* packages).
                      f"-DPython3_EXECUTABLE={sys.executable}"])
    if code != 0:
        raise BuildError(f"CMake could not configure the build with {bd.compiler}:\n"
                         + _cmake_problem(out))


def _cmake_problem(output: str) -> str:
    """The lines of a CMake failure that say what is wrong."""
    lines = [l for l in output.splitlines() if l.strip() and not l.startswith("--")]
    return "\n".join(lines[:12])


def _build_sandboxed(bd: BuildDir, command: list[str],
                     cancel: threading.Event | None = None) -> tuple[int, str]:
    """Run a build in the sandbox: a student's file is compiled there, and
    `#include` could otherwise read any file of the machine (a solution, say).
    The compiler sees /usr, the workbook tree read-only and writes only the
    build folder, under the limits of any run."""
    from workbook import sandbox
    writable = [bd.path] + ([bd.exercises] if bd.exercises and
                            not bd.exercises.is_relative_to(bd.path) else [])
    with sandbox.workdir("workbook-build-") as tmp:
        box = sandbox.Sandbox(tmp / "scratch", env={
            "PATH": "/usr/bin:/bin", "HOME": "/tmp", "TMPDIR": "/tmp", "LC_ALL": "C.UTF-8"},
            readonly=[bd.source], writable=writable, as_grader=True,
            limits=sandbox.Limits(cpu_seconds=BUILD_LIMIT * 4, memory_mb=4096,
                                  processes=512, file_mb=1024, open_files=4096))
        with open(tmp / "build.log", "wb") as log:
            box.start(command, stdout=log, stderr=subprocess.STDOUT, cwd=tmp / "scratch")
            deadline = time.monotonic() + BUILD_LIMIT
            while box.proc.poll() is None:
                if cancel is not None and cancel.is_set():
                    # Ninja rebuilds what a killed build left half written:
                    # an output it has no log entry of is out of date.
                    box.finish()
                    return 1, CANCELLED
                if time.monotonic() > deadline:
                    box.finish()
                    return 1, f"error: the build did not finish within {BUILD_LIMIT} s"
                time.sleep(0.01)
            code = box.finish()
        return code, (tmp / "build.log").read_bytes()[-200000:].decode(errors="replace")


def build(bd: BuildDir, targets: list[str] | None = None, jobs: int | None = None,
          cancel: threading.Event | None = None) -> str:
    parallel = str(jobs or os.cpu_count() or 2)
    if (bd.path / "build.ninja").exists():
        # Ninja itself: `cmake --build` only starts it, at a cost of some
        # 30 ms a call that a student waiting on a save would feel.
        command = ["ninja", "-C", str(bd.path), "-j", parallel, *(targets or [])]
    else:
        command = ["cmake", "--build", str(bd.path), "--parallel", parallel]
        if targets:
            command += ["--target", *targets]
    code, out = _build_sandboxed(bd, command, cancel)
    if code != 0:
        raise BuildError(CANCELLED if out == CANCELLED else first_compiler_error(out, bd.source),
                         out)
    return out


def try_build(bd: BuildDir, *targets: str, cancel: threading.Event | None = None) -> str:
    """Build the targets; '' on success, else the first error to show."""
    try:
        build(bd, list(targets), cancel=cancel)
    except BuildError as e:
        return str(e)
    return ""


_WARNING = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?:\d+:)?\s*warning:\s*(?P<text>.*)$")


def warnings_in(output: str, root: Path, folder: str) -> list[str]:
    """The compiler's warnings about files under `folder`, as 'file:line: text'."""
    found = []
    for line in output.splitlines():
        m = _WARNING.match(line.strip())
        if not m:
            continue
        try:
            rel = Path(m.group("file")).resolve().relative_to(root.resolve())
        except ValueError:
            continue
        if str(rel).startswith(folder):
            text = f"{rel}:{m.group('line')}: {m.group('text')}"
            if text not in found:
                found.append(text)
    return found


# --- Lesson programs -------------------------------------------------------------

_COMPILED = re.compile(r"Building C object \S*?([^/\s]+\.c)\.o\b")
_INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)


def build_lesson(bd: BuildDir, topic: str, programs: list[str]) -> dict[str, tuple[str, ...]]:
    """Build lesson programs: for each, the compiler's warnings about its
    own .c file, the headers it includes and the lesson's support code.

    A build compiles only what changed and prints only those warnings, so
    they are kept beside the build (warnings-lesson-NN.json), each file's
    with the digest of the file as it was compiled, and shown for as long
    as the file has that digest."""
    import hashlib
    import json
    number = topic[:2]
    output = build(bd, [f"lesson-{number}-{p}" for p in programs])
    folder = bd.source / "lessons" / topic
    files = {f"lessons/{topic}/{p.name}": p for p in sorted(folder.iterdir())
             if p.suffix in (".c", ".h")}
    digests = {name: hashlib.sha256(p.read_bytes()).hexdigest() for name, p in files.items()}
    includes = {name: {f"lessons/{topic}/{h}" for h in _INCLUDE.findall(p.read_text())}
                for name, p in files.items()}
    compiled = {f"lessons/{topic}/{name}" for name in _COMPILED.findall(output)} & set(files)
    # What this build says of a file: a .c file it compiled, and the
    # headers those include (a changed header recompiles its includers).
    said = compiled | {h for name in compiled for h in includes[name]} & set(files)
    memory = bd.path / f"warnings-lesson-{number}.json"
    try:
        kept = json.loads(memory.read_text())
    except (OSError, ValueError):
        kept = {}
    known = {name: d for name, d in kept.get("digests", {}).items() if name not in said}
    known.update({name: digests[name] for name in said})
    found = warnings_in(output, bd.source, f"lessons/{topic}/")
    found += [w for w in kept.get("warnings", []) if w not in found
              and w.split(":", 1)[0] not in said]
    memory.write_text(json.dumps({"digests": known, "warnings": found}, indent=1))

    support = {name for name in files if name.endswith(".c")
               and Path(name).stem not in lesson_programs(topic)}

    def about(program: str) -> tuple[str, ...]:
        own = f"lessons/{topic}/{program}.c"
        mine = {own} | includes[own] | support
        return tuple(w for w in found if w.split(":", 1)[0] in mine
                     and known.get(w.split(":", 1)[0]) == digests.get(w.split(":", 1)[0]))

    return {program: about(program) for program in programs}


# --- What grading needs of one implementation ----------------------------------

def _remembered_warnings(bd: BuildDir, number: str, variant: str, sources, output: str):
    """The warnings of the last compile of `sources`: a build that had nothing
    to compile prints none, so they are kept beside the build, by digest."""
    import hashlib
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources if p.exists())).hexdigest()
    path = bd.path / f"warnings-{number}-{variant}.txt"
    folder = str(sources[0].parent.relative_to(bd.source)) if sources else ""
    if "Building C object" in output:
        found = warnings_in(output, bd.source, folder)
        path.write_text(digest + "\n" + "".join(w + "\n" for w in found))
        return tuple(found)
    try:
        kept = path.read_text().splitlines()
    except OSError:
        return ()
    return tuple(kept[1:]) if kept and kept[0] == digest else ()


def instruments_dir(bd: BuildDir) -> BuildDir:
    """The build folder of the instruments' programs (build/gcc-instruments
    beside build/gcc): a twin of the graded tests' folder, so that they are
    built while the graded tests are compiled, linked and run. Two builds
    in one folder at once would spoil it."""
    return BuildDir(bd.path.with_name(bd.path.name + "-instruments"), bd.compiler,
                    bd.source, bd.exercises)


class _InstrumentsBuild:
    """The instruments' programs, built in a thread of their own from the
    moment it is made: per target, '' or why it could not be built. Both
    build in one build, side by side; only when that fails is each built
    alone, so that each instrument gets its own error."""

    def __init__(self, bd: BuildDir, targets: dict[str, str]):
        self.bd, self.targets = bd, targets
        self.errors: dict[str, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._build, name="instruments-build",
                                        daemon=True)
        self._thread.start()

    def _build(self) -> None:
        try:
            configure(self.bd)
        except BuildError as e:
            self.errors = dict.fromkeys(self.targets, str(e).splitlines()[0])
            return
        error = try_build(self.bd, *self.targets.values(), cancel=self._stop)
        if error == CANCELLED:
            self.errors = dict.fromkeys(self.targets, CANCELLED)
        elif error:
            self.errors = {k: try_build(self.bd, t, cancel=self._stop)
                           for k, t in self.targets.items()}
        else:
            self.errors = dict.fromkeys(self.targets, "")

    def stop(self) -> None:
        """Cancel it (nothing will run the instruments) and wait until it is."""
        self._stop.set()
        self._thread.join()

    def wait(self, cancel: threading.Event | None = None) -> dict[str, str]:
        """The errors once it is over; cancel, when set meanwhile, stops it."""
        while self._thread.is_alive():
            if cancel is not None and cancel.is_set():
                self.stop()
            self._thread.join(0.01)
        return self.errors


def for_grading(wb, bd: BuildDir, ex, variant: str = "exercise", make: bool = True,
                instruments: bool = True):
    """The grading.Build of one implementation of exercise `ex`.

    make=True is the student's and the instructor's way: compile the
    implementation, link the graded tests with it, and let the grading
    core's policy see its objects (nothing runs before it has). The
    instruments' programs (when the exercise has instruments and
    `instruments` is true) start building at once in a folder of their own:
    they run after the graded tests pass.
    make=False takes what a full build (the self-test's) already made."""
    from workbook import grading, policy
    number = ex.number
    sources = variant_sources(bd, ex.topic, variant)
    include = (bd.source / "exercises" / ex.topic, bd.source / "lessons" / ex.topic)
    twin = instruments_dir(bd) if make else bd
    paths = dict(archive=bd.archive(number, variant), binary=bd.grader(number, variant),
                 memory_binary=twin.memory_grader(number, variant),
                 race_binary=twin.race_program(number, variant))
    common = dict(sources=sources, include=include, compiler=bd.compiler,
                  source_root=bd.source)
    if not make:
        return grading.Build(**{k: (v if v.exists() else None) for k, v in paths.items()},
                             **common)

    targets = {"memory": f"memory-{number}-{variant}", "race": f"race-{number}-{variant}"}
    built: dict[str, str] = {}
    once = threading.Lock()
    early = [_InstrumentsBuild(twin, targets)] if instruments and any(
        t.instrument for t in ex.tests) else []

    def instrument(which: str, cancel: threading.Event | None = None) -> str:
        """Build the instruments' programs: '' or why `which` ("race",
        "memory" or "both") could not be built. A cancelled build is not
        remembered: the next call builds again."""
        with once:
            if not built:
                job = early.pop() if early else _InstrumentsBuild(twin, targets)
                errors = job.wait(cancel)
                if CANCELLED in errors.values():
                    return CANCELLED
                built.update(errors)
            return built.get(which) or next((e for e in built.values() if e), "")

    def unused(result):
        """A Build that will run no instrument: its programs' build stops."""
        for job in early:
            job.stop()
        return result

    whose = "your code" if variant == "exercise" else f"the {variant} code"
    # The implementation and the graded tests linked with it, in one build
    # (a build started is some 0.1 s a save). Linking runs nothing: the
    # policy below still sees the objects before any of it runs, and its
    # sentence comes before a link error (a `main` of the student's, say).
    impl = impl_library(number, variant)
    link_error = ""
    try:
        output = build(bd, [impl, f"grade-{number}-{variant}"])
    except BuildError as both:
        output = both.output
        try:
            build(bd, [impl])
        except BuildError as e:
            return unused(grading.Build(**dict(paths, binary=None), **common,
                                        error=f"{whose} does not compile: {e}"))
        link_error = str(both)
    warnings = _remembered_warnings(bd, number, variant, sources, output)
    try:
        if policy.check(wb, ex, paths["archive"], sources, include, bd.compiler):
            return unused(grading.Build(**dict(paths, binary=None), **common,
                                        warnings=warnings))
    except policy.PolicyError:
        pass   # grading says so, with the same check
    if link_error:
        return unused(grading.Build(**dict(paths, binary=None), **common, warnings=warnings,
                                    error=f"{whose} does not link with the tests: {link_error}"))
    return grading.Build(**paths, **common, warnings=warnings, prepare=instrument)
