"""A private copy of the workbook for driving ./workbook as a student would.

The copy holds the files git knows (plus new ones not ignored), is made a git
repository of its own (reset takes the shipped files from git), and has its
own build directory and state file, so a test can edit, delete, corrupt and
reset without touching the real tree.
"""
from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class Sandbox:
    def __init__(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="workbook-cli-")
        self.root = Path(self.tmp.name) / "workbook"
        listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-co", "--exclude-standard"],
                                stdout=subprocess.PIPE, text=True, check=True).stdout.split()
        for name in listed:
            source = REPO / name
            if source.is_file():
                target = self.root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
        git = ["git", "-C", str(self.root), "-c", "user.name=student",
               "-c", "user.email=student@example.org"]
        subprocess.run(git + ["init", "-q"], check=True)
        subprocess.run(git + ["add", "-A"], check=True)
        subprocess.run(git + ["commit", "-q", "-m", "as shipped"], check=True)

    def close(self) -> None:
        self.tmp.cleanup()

    def path(self, name: str) -> Path:
        return self.root / name

    def restore(self) -> None:
        """Exercises back as committed, no state, no backups."""
        subprocess.run(["git", "-C", str(self.root), "checkout", "-q", "--", "exercises"],
                       check=True)
        subprocess.run(["git", "-C", str(self.root), "clean", "-fdq", "--", "exercises"],
                       check=True)
        shutil.rmtree(self.root / ".workbook", ignore_errors=True)

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "WORKBOOK_COMPILER")}
        env.update(TERM="xterm", **extra)
        return env

    def run(self, *args: str, stdin: str | None = None, limit: float = 600,
            **env: str) -> subprocess.CompletedProcess:
        """./workbook ARGS with output to pipes (not a terminal), stopped
        after `limit` seconds."""
        return subprocess.run([str(self.root / "workbook"), *args], cwd=self.root,
                              input=stdin if stdin is not None else None,
                              stdin=None if stdin is not None else subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=self.env(**env), timeout=limit)


class Terminal:
    """./workbook ARGS on a pseudo-terminal: what a student in a terminal sees."""

    def __init__(self, sandbox: Sandbox, *args: str, **env: str):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen([str(sandbox.root / "workbook"), *args], cwd=sandbox.root,
                                     stdin=slave, stdout=slave, stderr=slave,
                                     env=sandbox.env(**env), start_new_session=True)
        os.close(slave)
        self.seen = ""

    def read_until(self, pattern: str, timeout: float = 120, since: int = 0) -> float:
        """Read until `pattern` (a regex) appears after offset `since` of the
        text seen; the time it appeared."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while not regex.search(ESCAPE.sub("", self.seen[since:])):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{pattern!r} did not appear within {timeout} s; "
                                     f"the screen had:\n{self.plain()[-3000:]}")
            ready, _, _ = select.select([self.master], [], [], min(left, 0.5))
            if ready:
                try:
                    self.seen += os.read(self.master, 65536).decode(errors="replace")
                except OSError:   # the program ended
                    if self.proc.poll() is not None:
                        raise AssertionError(f"./workbook ended before {pattern!r}:\n"
                                             f"{self.plain()[-3000:]}") from None
        return time.monotonic()

    def mark(self) -> int:
        return len(self.seen)

    def press(self, key: str) -> None:
        os.write(self.master, key.encode())

    def plain(self) -> str:
        return ESCAPE.sub("", self.seen)

    def since(self, mark: int) -> str:
        """The text seen after `mark`, escapes removed."""
        return ESCAPE.sub("", self.seen[mark:])

    def stop(self) -> None:
        """End a program a failed test left running."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 9)
            self.proc.wait()

    def finish(self, timeout: float = 30) -> int:
        try:
            code = self.proc.wait(timeout=timeout)
        finally:
            self.stop()
            try:
                while True:
                    ready, _, _ = select.select([self.master], [], [], 0.1)
                    if not ready:
                        break
                    chunk = os.read(self.master, 65536)
                    if not chunk:
                        break
                    self.seen += chunk.decode(errors="replace")
            except OSError:
                pass
            os.close(self.master)
        return code
