"""`./workbook` with no arguments: pick up where the student left off, and
grade the current exercise again at every save.

The student's files are polled (stat, ten times a second) rather than
watched with inotify: polling two small files costs nothing and also works
on the network and container mounts where inotify stays silent. The files
are looked at again after every grading, so a save made while a build was
running is graded next, never lost.

Keys are read one at a time from the terminal (cbreak mode, restored on
every way out), so they work over ssh and in any terminal. Without a
terminal on standard input there is nothing to press: the status is shown
once instead.
"""
from __future__ import annotations

import os
import select
import signal
import sys
import termios
import textwrap
import time
import tty

from workbook import progress, report, shipped, state, student
from workbook.build import BuildDir, BuildError
from workbook.meta import ROOT, Exercise, Workbook
from workbook.terminal import clear_screen, paint

# How often the files are looked at (a stat each: cheap), which is also how
# long a save may wait before it is seen.
POLL_SECONDS = 0.05
# Editors write a file in steps (truncate, write, rename); wait this long
# after the last change seen before grading it.
SETTLE_SECONDS = 0.05

KEYS = "keys: [n]ext [p]revious [h]int [l]ist [c]heck all [x] race check [r]eset [q]uit"


def snapshot(ex: Exercise) -> tuple:
    """What the exercise's C files look like now: names, sizes, change times.
    Editors' swap and backup files (.workers.c.swp, workers.c~) are not C
    files, so typing alone never starts a grading."""
    folder = ROOT / "exercises" / ex.topic
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        return ()
    seen = []
    for entry in entries:
        if entry.name.startswith(".") or not entry.name.endswith((".c", ".h")):
            continue
        try:
            info = entry.stat()
        except FileNotFoundError:
            continue
        seen.append((entry.name, info.st_mtime_ns, info.st_size, info.st_ino))
    return tuple(seen)


def _latest_change(snap: tuple) -> float:
    return max((item[1] for item in snap), default=0) / 1e9


class Watch:
    def __init__(self, wb: Workbook, bd: BuildDir, colour: bool, redraw: bool):
        self.wb, self.bd = wb, bd
        self.colour, self.redraw = colour, redraw
        self.marks = progress.scores(wb, bd)
        st = state.load()
        self.ex = progress.current(wb, st, self.marks)
        self._remember_current()

    # --- what the student sees -------------------------------------------

    def out(self, text: str = "") -> None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    def header(self) -> str:
        # Scores graded elsewhere meanwhile (./workbook check in another
        # terminal) count too: the state file remembers every last score.
        for number, score in state.load().scores.items():
            if number != self.ex.number and number in self.marks:
                self.marks[number] = (score.earned, score.possible)
        earned = sum(m[0] for m in self.marks.values())
        possible = sum(m[1] for m in self.marks.values())
        index = [e.number for e in self.wb.exercises].index(self.ex.number) + 1
        return (f"OpenMP workbook - exercise {index} of {len(self.wb.exercises)} - "
                f"progress {report.progress_bar(earned, possible)}")

    def verdict(self) -> tuple:
        """Grade the current exercise and show the result; the snapshot it graded.
        On a terminal the graded tests show as soon as they are done, and the
        race and memory checks (which run once they all pass) follow."""
        before = snapshot(self.ex)
        if not self.redraw:
            self.out("-" * 60)
        self.out(f"checking exercise {self.ex.number} ...")

        def tests_done(records):
            pending = tuple(t for t in self.ex.tests if t.instrument)
            if self.redraw and all(r.passed for r in records) and pending:
                self.show(records, (), before, pending)

        graded = progress.grade(self.wb, self.bd, [self.ex], announce=False,
                                on_tests=tests_done)[self.ex.topic]
        self.show(graded.records, graded.warnings, before)
        return before

    def show(self, results, warnings, before, pending=()) -> None:
        self.marks[self.ex.number] = report.score(results)
        lag = time.time() - _latest_change(before)
        if self.redraw:
            sys.stdout.write(clear_screen())
        self.out(paint(self.header(), "bold", self.colour))
        self.out()
        self.out(self._coloured(report.exercise_block(self.ex, results, warnings=warnings,
                                                      pending=pending)))
        self.out()
        earned, possible = self.marks[self.ex.number]
        if pending:
            self.out("The graded tests pass: the race and memory checks are running ...")
        elif earned == possible:
            self.out(paint("Full marks! Press n for the next exercise.", "green", self.colour))
        else:
            suspects = progress.race_suspects(self.ex, results)
            if suspects:
                names = ", ".join(r.test for r in suspects)
                self.out(textwrap.fill(f"A data race could explain {names}: press x to "
                                       f"look for one (./workbook race {self.ex.number}).", 92))
            self.out(f"Edit exercises/{self.ex.topic}/ and save: it is checked again.")
        if lag < 60:
            self.out(paint(f"(checked {lag:.1f} s after the last save)", "dim", self.colour))
        if not pending:
            self.out(KEYS)

    def _coloured(self, block: str) -> str:
        for mark, style in (("PASS", "green"), ("FAIL", "red"), ("CRASH", "red"),
                            ("TIMEOUT", "red"), ("NOBUILD", "red")):
            block = block.replace(f"  {mark} ", f"  {paint(mark, style, self.colour)} ")
        return block

    # --- keys ----------------------------------------------------------------

    def _remember_current(self) -> None:
        with state.updating() as st:
            st.current = self.ex.number
            if st.notice:
                self.out(f"workbook: {st.notice}")

    def move(self, step: int) -> None:
        numbers = [e.number for e in self.wb.exercises]
        index = (numbers.index(self.ex.number) + step) % len(numbers)
        self.ex = self.wb.exercises[index]
        self._remember_current()

    def on_key(self, key: str, read_key) -> str:
        """Act on a key: 'grade' to grade again, 'quit', or '' to go on watching."""
        if key in ("n", "p"):
            self.move(1 if key == "n" else -1)
            return "grade"
        if key == "h":
            self.out()
            self.out(student.next_hint(self.ex, again="Press h again for the next one."))
        elif key == "l":
            self.out()
            self.out(progress.table(self.wb, self.marks, state.load(), self.ex, self.colour))
        elif key == "c":
            self.out()
            results = progress.grade(self.wb, self.bd, self.wb.exercises)
            self.marks = {ex.number: report.score(results[ex.topic].records)
                          for ex in self.wb.exercises}
            self.out(progress.table(self.wb, self.marks, state.load(), self.ex, self.colour))
        elif key == "x":
            self.out()
            self.out(progress.look_for_races(self.wb, self.bd, self.ex, self.colour)[1])
        elif key == "r":
            self.out()
            sys.stdout.write(f"Reset exercise {self.ex.number} to the shipped version "
                             "(your files are kept as a backup)? [y/N] ")
            sys.stdout.flush()
            answer = read_key(None)
            self.out(answer)
            if answer in ("y", "Y"):
                try:
                    self.out(student.reset(self.ex))
                except shipped.NotShipped as e:
                    self.out(f"workbook: {e}")
                return "grade"
            self.out("Nothing was reset.")
        elif key in ("q", "\x04"):
            return "quit"
        else:
            return ""
        self.out(KEYS)
        return ""

    # --- the loop --------------------------------------------------------------

    def run(self) -> int:
        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)

        def read_key(timeout: float | None) -> str:
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                return ""
            data = os.read(fd, 1)
            return data.decode(errors="replace") if data else "\x04"

        def hang_up(signum, frame):
            raise SystemExit(128 + signum)

        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, hang_up)
        try:
            tty.setcbreak(fd)
            graded = self.verdict()
            while True:
                key = read_key(POLL_SECONDS)
                action = self.on_key(key, read_key) if key else ""
                if action == "quit":
                    self.out("Bye. ./workbook picks up here next time.")
                    return 0
                now = snapshot(self.ex)
                if action == "grade" or now != graded:
                    if action != "grade":
                        time.sleep(SETTLE_SECONDS)
                    try:
                        graded = self.verdict()
                    except BuildError as e:
                        self.out(f"workbook: {e}")
                        graded = snapshot(self.ex)
        except KeyboardInterrupt:
            self.out("\nBye. ./workbook picks up here next time.")
            return 0
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def status_once(wb: Workbook, bd: BuildDir, colour: bool) -> int:
    """Without a terminal to read keys from: the progress and the next step."""
    marks = progress.scores(wb, bd)
    st = state.load()
    here = progress.current(wb, st, marks)
    print(progress.table(wb, marks, st, here, colour))
    print(f"\nCurrent: {here.number} {here.title}\n"
          f"  read   lessons/{here.topic}/README.md\n"
          f"  try    ./workbook run {here.number}\n"
          f"  edit   exercises/{here.topic}/\n"
          f"  check  ./workbook check {here.number}\n"
          "(Run ./workbook in a terminal to have every save checked as you work.)")
    return 0
