"""The memory check: the graded tests again, built with AddressSanitizer and
LeakSanitizer (cmake/Workbook.cmake: memory-NN-VARIANT), in the sandbox.

Each test process writes its sanitizer reports to log files in the run's
scratch directory. A report counts against the student only when one of
its stack frames is in the student's own files: an out-of-bounds access
made by their code, or a block their code allocated and never freed. A
test that stops at a failed assertion leaks the test's own buffers; those
frames are in tests/, and do not count.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from workbook import evidence

_HEADER = re.compile(r"==\d+==ERROR: (?P<tool>AddressSanitizer|LeakSanitizer): (?P<what>.*)")
_LEAK = re.compile(r"^(?P<kind>Direct|Indirect) leak of (?P<bytes>\d+) byte\(s\) in "
                   r"(?P<objects>\d+) object\(s\) allocated from:")
_FRAME = re.compile(r"^\s+#\d+ 0x[0-9a-f]+ in (?P<function>\S+) (?P<file>/[^:\s]+):(?P<line>\d+)")
_ACCESS = re.compile(r"^(?P<kind>READ|WRITE) of size (?P<size>\d+) at ")


@dataclass(frozen=True)
class Finding:
    file: str          # the student's file, by name
    line: int
    function: str
    sentence: str      # what the student reads


def options(scratch_inside: str) -> dict[str, str]:
    """The sanitizers' environment: reports into files, leaks checked at
    each test process's exit, no core dumps."""
    # atexit=1: every process writes its exit statistics, so a log that is
    # missing says the check was kept from writing, never that all was well.
    env = {"ASAN_OPTIONS": f"log_path={scratch_inside}/asan:detect_leaks=1:abort_on_error=0:"
                           "disable_coredump=1:allocator_may_return_null=1:atexit=1",
           "LSAN_OPTIONS": "exitcode=0"}
    symbolizer = shutil.which("llvm-symbolizer") or "/usr/lib/llvm-14/bin/llvm-symbolizer"
    if Path(symbolizer).exists():
        env["ASAN_SYMBOLIZER_PATH"] = symbolizer
    return env


def _first_own_frame(frames: list[tuple[str, str, int]], own: set[str]):
    for function, file, line in frames:
        if Path(file).name in own:
            return function, Path(file).name, line
    return None


def parse(text: str, own: set[str]) -> list[Finding]:
    """The reports of one log that point into the files named in `own`."""
    findings: list[Finding] = []
    blocks = re.split(r"(?m)^(?===\d+==ERROR: )", text)
    for block in blocks:
        head = _HEADER.search(block)
        if not head:
            continue
        lines = block.splitlines()
        if head.group("tool") == "LeakSanitizer":
            current, frames = None, []
            for line in lines + [""]:
                leak = _LEAK.match(line)
                frame = _FRAME.match(line)
                if leak or not line.strip():
                    if current and (where := _first_own_frame(frames, own)):
                        function, file, number = where
                        findings.append(Finding(file, number, function, (
                            f"{current.group('bytes')} bytes allocated at {file}:{number} "
                            f"(in {function}) were never freed: a leak on every call")))
                    current, frames = leak, []
                elif frame and current:
                    frames.append((frame.group("function"), frame.group("file"),
                                   int(frame.group("line"))))
            continue
        what = head.group("what").split(" on address")[0].strip()
        access = next((_ACCESS.match(l) for l in lines if _ACCESS.match(l)), None)
        frames = []
        for line in lines:
            frame = _FRAME.match(line)
            if frame:
                frames.append((frame.group("function"), frame.group("file"),
                               int(frame.group("line"))))
            elif frames and not line.strip():
                break   # the first stack only: where the bad access was made
        where = _first_own_frame(frames, own)
        if where:
            function, file, number = where
            how = (f"{access.group('kind').lower()}s {access.group('size')} bytes"
                   if access else "goes")
            findings.append(Finding(file, number, function, (
                f"{file}:{number} (in {function}) {how} where it must not: "
                f"AddressSanitizer reports a {what}")))
    return findings


EXIT_STATS = b"AddressSanitizer exit stats:"


# What LeakSanitizer writes when its own tracer, not the code, failed.
TOOL_FAILURE = b"LeakSanitizer has encountered a fatal error"


def unwritten(scratch: Path, pids: dict[str, int]) -> tuple[list[str], list[str]]:
    """The tests ("suite/test") whose process left no sanitizer log with its
    exit statistics (its leak check did not run, or could not report), and
    those of them whose log ends in LeakSanitizer's own crash."""
    missing, crashed = [], []
    for name, pid in pids.items():
        data, problem = evidence.read_capped(scratch / f"asan.{pid}", 4 << 20)
        if problem or EXIT_STATS not in data:
            missing.append(name)
            if not problem and TOOL_FAILURE in data:
                crashed.append(name)
    return missing, crashed


def findings_in(scratch: Path, own: set[str]) -> list[Finding]:
    """Every student finding of the sanitizer logs a run left in scratch."""
    found: list[Finding] = []
    for path in sorted(scratch.glob("asan.*"))[:200]:
        data, problem = evidence.read_capped(path, 4 << 20)
        if not problem:
            found += parse(data.decode(errors="replace"), own)
    unique = {}
    for f in found:
        unique.setdefault((f.file, f.line, f.sentence), f)
    return list(unique.values())
