"""The exercise files as shipped, from git, for `./workbook reset`.

The shipped version is the one on the branch the clone came from (its
upstream, e.g. origin/main), so a student who commits their own work still
gets the original back; a clone without an upstream uses its HEAD.
"""
from __future__ import annotations

import subprocess

from workbook.meta import ROOT, Exercise


class NotShipped(Exception):
    """The shipped files cannot be found; the message says what to do."""


def _git(*args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(ROOT), *args], stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except FileNotFoundError:
        raise NotShipped("git is not installed, and reset takes the shipped files from git: "
                         "install it (sudo apt-get install git) and try again") from None


def source() -> str:
    """The git revision that holds the shipped files, and is named to the student."""
    upstream = _git("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}")
    if upstream.returncode == 0 and upstream.stdout.strip():
        return upstream.stdout.decode().strip()
    if _git("rev-parse", "--verify", "-q", "HEAD").returncode == 0:
        return "HEAD"
    raise NotShipped("this copy of the workbook is not a git clone, so the shipped files "
                     "are not at hand: download the exercise folder again from where you "
                     "got the workbook")


def files(exercise: Exercise) -> tuple[str, dict[str, bytes]]:
    """(revision, {path relative to ROOT: content}) of the exercise as shipped."""
    revision = source()
    folder = f"exercises/{exercise.topic}"
    listing = _git("ls-tree", "-r", "--name-only", revision, "--", folder)
    names = listing.stdout.decode().split()
    if listing.returncode != 0 or not names:
        raise NotShipped(f"{revision} has no {folder}/: the shipped files are not in git here")
    contents = {}
    for name in names:
        shown = _git("show", f"{revision}:{name}")
        if shown.returncode != 0:
            raise NotShipped(f"git could not read {name} from {revision}")
        contents[name] = shown.stdout
    return revision, contents
