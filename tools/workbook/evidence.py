"""What a run of graded tests leaves behind, read as untrusted input.

The code under test shares the test process, so it can write whatever that
process can: Criterion's report, the record file, its own output. Here:
  - every file of a run is opened refusing links and FIFOs, size-capped and
    decoded with replacement, so a hostile run cannot hang or crash the
    grader, only lose its own points;
  - a pass is a "pass suite/test TOKEN" line whose token is the one the
    grader made for that test (tests/grading.c says how the token stays out
    of reach of the code under test); the report only adds messages.
"""
from __future__ import annotations

import errno
import os
import secrets
import stat
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

RECORDS_CAP = 1 << 20
REPORT_CAP = 8 << 20
LOG_HEAD = 2000
LOG_TAIL = 4000


def read_capped(path: Path, cap: int) -> tuple[bytes, str]:
    """(at most `cap` bytes of a regular file, '' or why it was not read)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return b"", "missing"
    except OSError as e:
        return b"", "a link" if e.errno == errno.ELOOP else (e.strerror or "unreadable")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b"", "not a regular file"
        chunks, left = [], cap
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks), ""
    finally:
        os.close(fd)


def log_excerpt(path: Path) -> str:
    """The head and the tail of a log that may be huge, never read whole."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return ""
    try:
        size = os.fstat(fd).st_size
        head = os.read(fd, LOG_HEAD)
        if size <= LOG_HEAD + LOG_TAIL:
            text = head + os.read(fd, LOG_TAIL)
        else:
            os.lseek(fd, size - LOG_TAIL, os.SEEK_SET)
            text = head + f"\n[... {size - LOG_HEAD - LOG_TAIL} bytes left out ...]\n".encode() \
                + os.read(fd, LOG_TAIL)
        return text.decode(errors="replace").strip()
    finally:
        os.close(fd)


def new_tokens(names: list[str]) -> dict[str, str]:
    """One secret per test ("suite/test"), made fresh for every run."""
    return {name: secrets.token_hex(16) for name in names}


def tokens_text(tokens: dict[str, str]) -> bytes:
    return "".join(f"{name} {token}\n" for name, token in tokens.items()).encode()


@dataclass
class Records:
    """The record file of a run, read again as it grows."""
    path: Path
    tokens: dict[str, str]
    started: list[str] = field(default_factory=list)       # in order
    processes: dict[str, int] = field(default_factory=dict)  # at each start
    pids: dict[str, int] = field(default_factory=dict)       # each test's process
    passed: set[str] = field(default_factory=set)
    forged: set[str] = field(default_factory=set)           # a pass with a wrong token
    signals: dict[str, str] = field(default_factory=dict)
    needs: dict[str, int] = field(default_factory=dict)       # CPUs a test needed
    problem: str = ""                                       # why the file was not read
    changed_at: float = 0.0                                 # monotonic time of the last line
    _seen: int = 0

    def refresh(self) -> bool:
        """Read what was added; whether a new test started."""
        data, self.problem = read_capped(self.path, RECORDS_CAP)
        if self.problem == "missing":
            self.problem = ""
        new = data[self._seen:]
        cut = new.rfind(b"\n") + 1          # whole lines only
        self._seen += cut
        if cut:
            self.changed_at = time.monotonic()
        before = len(self.started)
        for line in new[:cut].decode(errors="replace").splitlines():
            kind, _, rest = line.partition(" ")
            name, _, extra = rest.partition(" ")
            if name not in self.tokens:
                continue
            if kind == "start":
                self.started.append(name)
                fields = dict(f.partition("=")[::2] for f in extra.split())
                value = fields.get("processes", "")
                self.processes[name] = int(value) if value.lstrip("-").isdigit() else -1
                if fields.get("pid", "").isdigit():
                    self.pids.setdefault(name, int(fields["pid"]))
            elif kind == "pass":
                if secrets.compare_digest(extra.strip(), self.tokens[name]):
                    self.passed.add(name)
                else:
                    self.forged.add(name)
            elif kind == "signal":
                self.signals.setdefault(name, extra.strip())
            elif kind == "needs" and extra.strip().isdigit():
                self.needs[name] = int(extra.strip())
        return len(self.started) > before


def strip_location(text: str) -> str:
    """'tests/02-x.c:57: message' -> 'message': the student needs the words."""
    lines = []
    for line in text.strip().splitlines():
        head, sep, rest = line.partition(": ")
        if sep and ":" in head and head.rsplit(":", 1)[-1].isdigit():
            line = rest
        lines.append(line)
    return "\n".join(lines)


@dataclass(frozen=True)
class Reported:
    status: str      # grading's PASSED, FAILED, CRASHED or TIMED_OUT
    message: str
    seconds: float


def read_report(path: Path, statuses) -> tuple[dict[str, Reported], str]:
    """test name -> what Criterion's JUnit XML says, and '' or why it could not
    be read. `statuses` is (PASSED, FAILED, CRASHED, TIMED_OUT)."""
    passed, failed, crashed, timed_out = statuses
    data, problem = read_capped(path, REPORT_CAP)
    if problem:
        return {}, problem
    try:
        root = ET.fromstring(data.decode(errors="replace"))
    except ET.ParseError as e:
        return {}, f"not valid XML ({e})"
    found = {}
    for case in root.iter("testcase"):
        try:
            seconds = max(0.0, float(case.get("time", "0")))
        except ValueError:
            seconds = 0.0
        error, failure = case.find("error"), case.find("failure")
        if error is not None:
            status, message = (timed_out if error.get("type") == "timeout" else crashed), ""
        elif failure is not None:
            status, message = failed, strip_location(failure.text or failure.get("message", ""))
        elif case.get("status") == "PASSED":
            status, message = passed, ""
        else:
            status, message = failed, f"Criterion reported status {case.get('status')}"
        name = case.get("name") or ""
        found[name] = Reported(status, message[:4000], seconds)
    return found, ""
