"""The student's helpers: hints one level at a time, reset, the solution.

Each returns the text to show (or raises Refused with one sentence that
says what to do), so the command line and the watch screen share them.
"""
from __future__ import annotations

import shutil
import textwrap
import time
from pathlib import Path

from workbook import shipped, state
from workbook.meta import ROOT, Exercise

BACKUP_DIR = state.STATE_DIR / "backups"


class Refused(Exception):
    """The request cannot be done now; the message says what to do instead."""


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, 88, initial_indent=indent, subsequent_indent=indent)


def next_hint(ex: Exercise, again: str = "") -> str:
    """Show one more hint than last time (all of them once every one is seen).
    `again` says how to ask for the next (the command, or watch mode's key)."""
    with state.updating() as st:
        seen = min(st.hints.get(ex.number, 0) + 1, len(ex.hints))
        st.hints[ex.number] = seen
        notice = st.notice
    lines = [f"workbook: {notice}", ""] if notice else []
    lines.append(f"Hints for {ex.number} {ex.title}:")
    for level in range(seen):
        lines.append("")
        lines.append(f"Hint {level + 1} of {len(ex.hints)}:")
        lines.append(_wrap(ex.hints[level]))
    lines.append("")
    if seen < len(ex.hints):
        lines.append(again or f"Run ./workbook hint {ex.number} again for the next one.")
    else:
        lines.append("That was the last hint. Still stuck? Re-read "
                     f"lessons/{ex.topic}/README.md, or see the reference with "
                     f"./workbook solution {ex.number} --give-up (it is recorded).")
    return "\n".join(lines)


def reset(ex: Exercise) -> str:
    """Put the exercise back as shipped, keeping the student's files as a backup."""
    revision, files = shipped.files(ex)
    folder = ROOT / "exercises" / ex.topic
    changed = [name for name, content in files.items()
               if not (ROOT / name).exists() or (ROOT / name).read_bytes() != content]
    if not changed:
        return f"exercises/{ex.topic}/ is already as shipped; nothing to reset."
    backup = BACKUP_DIR / f"{ex.topic}-{time.strftime('%Y%m%d-%H%M%S')}"
    suffix = 1
    while backup.exists():
        suffix += 1
        backup = backup.with_name(f"{ex.topic}-{time.strftime('%Y%m%d-%H%M%S')}-{suffix}")
    backup.mkdir(parents=True)
    for path in folder.iterdir():
        if path.is_file():
            shutil.copy2(path, backup / path.name)
    for name in changed:
        (ROOT / name).parent.mkdir(parents=True, exist_ok=True)
        (ROOT / name).write_bytes(files[name])
    restored = ", ".join(Path(n).name for n in sorted(changed))
    return (f"Reset {restored} in exercises/{ex.topic}/ to the shipped version ({revision}).\n"
            f"Your files are kept in {backup.relative_to(ROOT)}/")


def solution(ex: Exercise, earned: int, possible: int, give_up: bool) -> str:
    """The reference solution's files, once earned (or given up on, recorded)."""
    folder = ROOT / "solutions" / ex.topic
    sources = sorted(folder.glob("*.c")) if folder.is_dir() else []
    if not sources:
        raise Refused(f"this copy of the workbook has no solutions/{ex.topic}/ "
                      "(an instructor may have removed it): ask them for it")
    if earned < possible and not give_up:
        raise Refused(f"exercise {ex.number} is at {earned}/{possible}: the solution opens at "
                      f"full marks. Try ./workbook hint {ex.number}, or add --give-up to see it "
                      "now (your progress will say so)")
    lines = []
    if earned < possible:
        with state.updating() as st:
            st.gave_up.setdefault(ex.number, time.strftime("%Y-%m-%d %H:%M"))
        lines.append(f"You gave up on {ex.number} at {earned}/{possible}; `./workbook list` "
                     "says so from now on. Read it, close it, and write your own.\n")
    for source in sources:
        lines.append(f"==> solutions/{ex.topic}/{source.name} <==")
        lines.append(source.read_text().rstrip())
        lines.append("")
    return "\n".join(lines)


def ask(question: str) -> bool:
    """A yes/no question on the terminal; anything but y/yes is no."""
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")
