"""Reading a student's submission as untrusted input.

A submission is a folder (a clone of the workbook, or the bare exercise
files), a .zip, a .tar or .tar.gz, or an archive made by `./workbook submit`.
Only the files a student edits are taken, by name (exercises/NN-slug/NAME.c,
or NAME.c alone), into memory and capped in size: nothing of a submission
is written anywhere, and nothing else of it reaches a build. Every entry
left out is listed with the reason (a link, a device, a path with `..`, a
name that is not UTF-8, a file of another exercise's folder, ...), so the
instructor's report can show it. Whatever goes wrong, reading returns a
Submission, with `problem` saying in one sentence why it cannot be graded.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

# The largest file taken (an exercise file is a few kilobytes).
MAX_FILE = 1 << 20
# Entries of an archive looked at, at most (a zip bomb of names stops here).
MAX_ENTRIES = 10000
MANIFEST = "workbook-submission.json"


@dataclass
class Submission:
    id: str                                   # the student id, safe as a file name
    source: str                               # what the instructor named
    files: dict[str, bytes] = field(default_factory=dict)   # path -> content
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (name, why)
    problem: str = ""                         # why it cannot be graded at all
    manifest: dict = field(default_factory=dict)

    @property
    def digest(self) -> str:
        """What the grade depends on in the submission: the files taken."""
        h = hashlib.sha256()
        for name in sorted(self.files):
            h.update(name.encode() + b"\0" + hashlib.sha256(self.files[name]).digest())
        h.update(self.problem.encode())
        return h.hexdigest()


def safe_id(text: str) -> str:
    """A student id usable as a file name: letters, digits, . _ - only."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._") or "submission"
    return cleaned[:80]


def _strip_archive_suffix(name: str) -> str:
    for suffix in (".tar.gz", ".tgz", ".tar", ".zip"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


class _Taker:
    """Matches a submission's entries to the student files of the workbook."""

    def __init__(self, editable: list[str]):
        self.editable = editable              # exercises/NN-slug/NAME.c
        self.by_name: dict[str, list[str]] = {}
        for path in editable:
            self.by_name.setdefault(PurePosixPath(path).name, []).append(path)
        self.taken: dict[str, tuple[str, bytes]] = {}   # path -> (entry, content)
        self.ignored: list[tuple[str, str]] = []
        self.clashes: list[str] = []

    def target(self, entry: str) -> tuple[str, str]:
        """(the student file this entry is, '') or ('', why it is not one)."""
        parts = PurePosixPath(entry).parts
        name = parts[-1] if parts else ""
        candidates = self.by_name.get(name, [])
        if not candidates:
            return "", "not a file of any exercise"
        if len(parts) >= 2:
            folder = parts[-2]
            for path in candidates:
                if PurePosixPath(path).parts[-2] == folder:
                    return path, ""
            topics = {PurePosixPath(p).parts[-2] for p in self.editable}
            if folder in topics:
                owner = PurePosixPath(candidates[0]).parts[-2]
                return "", f"{name} belongs in {owner}/, not {folder}/"
        if len(candidates) == 1:
            return candidates[0], ""
        return "", f"{name} is a file of several exercises: put it in its exercise's folder"

    def offer(self, entry: str, read) -> None:
        path, why = self.target(entry)
        if not path:
            self.ignored.append((entry, why))
            return
        content = read()
        if content is None:
            return
        if path in self.taken:
            self.clashes.append(f"{self.taken[path][0]} and {entry} are both {path}")
            return
        self.taken[path] = (entry, content)


def _check_name(name: str) -> str:
    """'' or why an entry's name cannot be taken."""
    if "\x00" in name or not name:
        return "an empty or broken name"
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "a name that is not UTF-8"
    p = PurePosixPath(name)
    if p.is_absolute() or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "an absolute path"
    if ".." in p.parts:
        return "a path that climbs out with .."
    return ""


def _read_zip(path: Path, taker: _Taker) -> str:
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        if len(infos) > MAX_ENTRIES:
            return f"it has more than {MAX_ENTRIES} entries"
        for info in infos:
            name = info.filename
            if not info.flag_bits & 0x800 and not name.isascii():
                taker.ignored.append((name.encode("cp437", "replace").decode("utf-8",
                                      "replace"), "a name that is not UTF-8"))
                continue
            why = _check_name(name)
            if why:
                taker.ignored.append((name, why))
                continue
            if info.is_dir():
                continue
            # Unix zips keep the file type in the high bits; zips made on
            # Windows, or by tools that store permissions only, have none.
            kind = stat.S_IFMT(info.external_attr >> 16)
            if kind and kind != stat.S_IFREG:
                taker.ignored.append((name, "a link or a special file"))
                continue
            if info.file_size > MAX_FILE:
                taker.ignored.append((name, f"larger than {MAX_FILE >> 10} KiB"))
                continue

            def read(info=info):
                with z.open(info) as f:
                    data = f.read(MAX_FILE + 1)
                if len(data) > MAX_FILE:
                    taker.ignored.append((info.filename, f"larger than {MAX_FILE >> 10} KiB"))
                    return None
                return data
            taker.offer(name, read)
    return ""


def _read_tar(path: Path, taker: _Taker, manifest: dict) -> str:
    with tarfile.open(path, "r:*") as t:
        count = 0
        for member in t:
            count += 1
            if count > MAX_ENTRIES:
                return f"it has more than {MAX_ENTRIES} entries"
            name = member.name
            try:
                name.encode("utf-8")
            except UnicodeEncodeError:
                taker.ignored.append((name.encode("utf-8", "surrogateescape")
                                      .decode("utf-8", "replace"), "a name that is not UTF-8"))
                continue
            why = _check_name(name)
            if why:
                taker.ignored.append((name, why))
                continue
            if member.isdir():
                continue
            if not member.isreg():
                kind = ("a link" if member.issym() or member.islnk()
                        else "a device or another special file")
                taker.ignored.append((name, kind))
                continue
            if member.size > MAX_FILE:
                taker.ignored.append((name, f"larger than {MAX_FILE >> 10} KiB"))
                continue
            if PurePosixPath(name).name == MANIFEST:
                f = t.extractfile(member)
                try:
                    manifest.update(json.loads(f.read(MAX_FILE)))
                except (ValueError, AttributeError):
                    taker.ignored.append((name, "a manifest that is not valid JSON"))
                continue

            def read(member=member):
                f = t.extractfile(member)
                return f.read(MAX_FILE) if f else None
            taker.offer(name, read)
    return ""


def _read_folder(path: Path, taker: _Taker, manifest: dict) -> str:
    base = path
    count = 0
    for root, dirs, names in os.walk(base, followlinks=False):
        rel_root = Path(root).relative_to(base)
        # A clone's own build outputs and git data are never anyone's work.
        dirs[:] = [d for d in dirs if d not in (".git", "build", ".workbook")
                   and not os.path.islink(os.path.join(root, d))]
        for name in names:
            count += 1
            if count > MAX_ENTRIES:
                return f"it has more than {MAX_ENTRIES} files"
            full = Path(root) / name
            entry = str(rel_root / name) if str(rel_root) != "." else name
            try:
                entry.encode("utf-8")
            except UnicodeEncodeError:
                taker.ignored.append((entry.encode("utf-8", "surrogateescape")
                                      .decode("utf-8", "replace"), "a name that is not UTF-8"))
                continue
            info = os.lstat(full)
            if not stat.S_ISREG(info.st_mode):
                taker.ignored.append((entry, "a link or a special file"))
                continue
            if name == MANIFEST:
                try:
                    manifest.update(json.loads(full.read_bytes()[:MAX_FILE]))
                except ValueError:
                    taker.ignored.append((entry, "a manifest that is not valid JSON"))
                continue
            if info.st_size > MAX_FILE:
                if taker.target(entry)[0]:
                    taker.ignored.append((entry, f"larger than {MAX_FILE >> 10} KiB"))
                continue

            def read(full=full):
                fd = os.open(full, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
                try:
                    return os.read(fd, MAX_FILE)
                finally:
                    os.close(fd)
            taker.offer(entry, read)
    return ""


def read(path: Path, editable: list[str]) -> Submission:
    """The submission at `path`, taking only the files in `editable`."""
    path = Path(path)
    shown = str(path)
    sub = Submission(id=safe_id(_strip_archive_suffix(path.name)), source=shown)
    taker = _Taker(editable)
    try:
        if path.is_symlink():
            sub.problem = f"{shown} is a link: give the folder or archive itself"
        elif path.is_dir():
            sub.problem = _read_folder(path, taker, sub.manifest)
        elif path.is_file() and zipfile.is_zipfile(path):
            sub.problem = _read_zip(path, taker)
        elif path.is_file() and _is_tar(path):
            sub.problem = _read_tar(path, taker, sub.manifest)
        elif path.exists() and _strip_archive_suffix(path.name) != path.name:
            sub.problem = (f"{shown} is not a readable {path.name[len(_strip_archive_suffix(path.name)):]} "
                           "archive (damaged, or another kind of file): ask for it again, made "
                           "with ./workbook submit")
        elif path.exists():
            sub.problem = (f"{shown} is neither a folder nor a .zip, .tar or .tar.gz archive")
        else:
            sub.problem = f"{shown} does not exist"
    except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError, ValueError) as e:
        sub.problem = f"{shown} could not be read ({e.__class__.__name__}: {e})"
    if sub.problem and not sub.problem.startswith(shown):
        sub.problem = f"{shown}: {sub.problem}"
    name = sub.manifest.get("student") if isinstance(sub.manifest.get("student"), str) else ""
    if name:
        sub.id = safe_id(name)
    sub.files = {p: content for p, (_, content) in taker.taken.items()}
    sub.ignored = taker.ignored
    if taker.clashes and not sub.problem:
        sub.problem = f"{shown}: two files for one exercise file ({taker.clashes[0]})"
    if not sub.files and not sub.problem:
        sub.problem = f"{shown} holds no exercise file (looked for " \
                      f"{', '.join(sorted({PurePosixPath(p).name for p in editable}))})"
    return sub


def _is_tar(path: Path) -> bool:
    try:
        return tarfile.is_tarfile(path)
    except OSError:
        return False
