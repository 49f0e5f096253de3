"""Configuring and building with CMake, with errors a student can act on."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from workbook.meta import ROOT

COMPILERS = ("gcc", "clang")


class BuildError(Exception):
    """A build step failed; the message is short enough to show a student."""


@dataclass(frozen=True)
class BuildDir:
    path: Path
    compiler: str

    def grader(self, number: str, variant: str) -> Path:
        return self.path / "grade" / f"grade-{number}-{variant}"

    def lesson_program(self, number: str, program: str) -> Path:
        return self.path / "lessons" / f"lesson-{number}-{program}"


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


def first_compiler_error(output: str) -> str:
    """The first 'file:line: error: ...' line, with the file made relative."""
    for line in output.splitlines():
        match = _ERROR_LINE.match(line.strip())
        if match:
            text = line.strip()
            path = match.group("file")
            try:
                text = text.replace(path, str(Path(path).resolve().relative_to(ROOT)), 1)
            except ValueError:
                pass
            return text
    for line in output.splitlines():
        if "error" in line.lower():
            return line.strip()
    lines = [l for l in output.strip().splitlines() if l.strip()]
    return lines[-1] if lines else "the build failed with no message"


def _run(command: list[str]) -> tuple[int, str]:
    proc = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, cwd=ROOT)
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
    if cache.exists():
        text = cache.read_text()
        if f"CMAKE_GENERATOR:INTERNAL={generator()}" not in text:
            # Built by another generator, which CMake refuses to switch:
            # the folder holds only build outputs, so start it afresh.
            shutil.rmtree(bd.path)
        elif f"WORKBOOK_WERROR:BOOL={werror}" in text:
            return
    code, out = _run(["cmake", "-S", str(ROOT), "-B", str(bd.path), "-G", generator(),
                      f"-DCMAKE_C_COMPILER={bd.compiler}",
                      "-DCMAKE_BUILD_TYPE=RelWithDebInfo", f"-DWORKBOOK_WERROR={werror}"])
    if code != 0:
        raise BuildError(f"CMake could not configure the build with {bd.compiler}:\n"
                         + _cmake_problem(out))


def _cmake_problem(output: str) -> str:
    """The lines of a CMake failure that say what is wrong."""
    lines = [l for l in output.splitlines() if l.strip() and not l.startswith("--")]
    return "\n".join(lines[:12])


def build(bd: BuildDir, targets: list[str] | None = None, jobs: int | None = None) -> None:
    command = ["cmake", "--build", str(bd.path), "--parallel", str(jobs or os.cpu_count() or 2)]
    if targets:
        command += ["--target", *targets]
    code, out = _run(command)
    if code != 0:
        raise BuildError(first_compiler_error(out))


def try_build(bd: BuildDir, target: str) -> str:
    """Build one target; '' on success, else the first error to show."""
    try:
        build(bd, [target])
    except BuildError as e:
        return str(e)
    return ""
