"""The student's progress, kept in .workbook/state.json (ignored by git).

It remembers the exercise the student is on, how many hints of each they
have seen, which solutions they gave up and looked at, and the last score of
each exercise with a fingerprint of what was graded, so that `list` and the
progress bar need not grade again what has not changed.

Every change is read-modify-write under a lock (`with updating() as s:`), so
a watching `./workbook` and a `./workbook hint` in another terminal never
undo each other. A file that cannot be read is set aside, not trusted: the
student is told, and starts again from a fresh state (the scores come back
at the next grading; only hint levels and give-ups are lost).
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from workbook.meta import ROOT, Exercise

STATE_DIR = ROOT / ".workbook"
STATE_FILE = STATE_DIR / "state.json"
VERSION = 1


@dataclass
class Score:
    fingerprint: str      # what was graded: see fingerprint()
    earned: int
    possible: int


@dataclass
class State:
    current: str = ""                                        # exercise number
    hints: dict[str, int] = field(default_factory=dict)      # number -> hints seen
    gave_up: dict[str, str] = field(default_factory=dict)    # number -> when
    scores: dict[str, Score] = field(default_factory=dict)   # number -> last score
    # Not saved: what load() has to tell the student (a file it set aside).
    notice: str = ""

    def as_json(self) -> dict:
        data = asdict(self)
        del data["notice"]
        data["version"] = VERSION
        return data


class _Corrupt(Exception):
    pass


def _from_json(data) -> State:
    """A State from parsed JSON, or _Corrupt if anything is off."""
    try:
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise _Corrupt("not a state file of this version")
        current = data.get("current", "")
        hints = data.get("hints", {})
        gave_up = data.get("gave_up", {})
        scores = data.get("scores", {})
        if not (isinstance(current, str) and isinstance(hints, dict)
                and isinstance(gave_up, dict) and isinstance(scores, dict)):
            raise _Corrupt("a field has the wrong type")
        if not all(isinstance(k, str) and type(v) is int and v >= 0 for k, v in hints.items()):
            raise _Corrupt("hint levels are not counts")
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in gave_up.items()):
            raise _Corrupt("give-ups are not dates")
        parsed = {}
        for k, v in scores.items():
            score = Score(**v)
            if not (isinstance(score.fingerprint, str) and type(score.earned) is int
                    and type(score.possible) is int):
                raise _Corrupt("a score is not a number")
            parsed[k] = score
        return State(current=current, hints=dict(hints), gave_up=dict(gave_up), scores=parsed)
    except (TypeError, AttributeError) as e:
        raise _Corrupt(str(e)) from None


# A state file is a few kilobytes; anything far larger is not one.
MAX_STATE_BYTES = 1 << 20


def load(path: Path = STATE_FILE) -> State:
    """The saved state; a fresh one if there is none or it is unreadable.
    It is read refusing links and FIFOs, so a strange file there cannot
    block or fool a command: it is set aside, and the student told."""
    from workbook.evidence import read_capped
    data, problem = read_capped(path, MAX_STATE_BYTES + 1)
    if problem == "missing":
        return State()
    try:
        if problem:
            raise _Corrupt(problem)
        if len(data) > MAX_STATE_BYTES:
            raise _Corrupt("far too large")
        return _from_json(json.loads(data.decode()))
    except (json.JSONDecodeError, UnicodeDecodeError, _Corrupt) as e:
        reason = e.msg if isinstance(e, json.JSONDecodeError) else str(e)
        kept = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(path, kept)
            where = f"it is kept as {_shown(kept)} and a fresh one was started"
        except OSError as moved:
            where = (f"it could not be moved aside ({moved.strerror}), so a fresh state is "
                     "used for now")
        return State(notice=f"your progress file {_shown(path)} was damaged ({reason}); "
                            f"{where} (scores come back at the next check; hint levels "
                            "start again)")


def save(state: State, path: Path = STATE_FILE) -> str:
    """Write atomically: a crash mid-write leaves the old file, never half a
    file. '' when saved, else why not (the command goes on regardless)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(state.as_json(), indent=2, sort_keys=True) + "\n")
        os.replace(tmp, path)
    except OSError as e:
        return (f"your progress could not be saved in {_shown(path)} ({e.strerror}); "
                "this command goes on, but the next one will not remember it")
    return ""


_warned = False


@contextlib.contextmanager
def updating(path: Path = STATE_FILE):
    """Load, let the caller change, save; one process at a time. A folder
    or file that cannot be written is said once, never an error."""
    global _warned
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path.with_name(path.name + ".lock"), "w")
    except OSError:
        lock = None   # no lock to take where nothing can be written
    try:
        if lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
        state = load(path)
        yield state
        problem = save(state, path)
        if problem and not _warned:
            _warned = True
            print(f"workbook: {problem}", file=sys.stderr)
    finally:
        if lock:
            lock.close()


def fingerprint(exercise: Exercise, compiler: str) -> str:
    """A digest of everything a score depends on: the student's files, the
    graded tests, the metadata and the compiler. Any change means grade again."""
    digest = hashlib.sha256(compiler.encode())
    paths = sorted(p for p in (ROOT / "exercises" / exercise.topic).glob("*.[ch]")
                   if not p.name.startswith("."))
    paths += [ROOT / "tests" / f"{exercise.topic}.c", ROOT / "workbook.toml"]
    paths += sorted((ROOT / "tests").glob("*.[ch]"))   # grading.c, collide.c
    for p in paths:
        digest.update(str(p.relative_to(ROOT)).encode() + b"\0")
        try:
            digest.update(p.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)
