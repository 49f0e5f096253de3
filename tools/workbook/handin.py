"""./workbook submit: the student's own files in one archive, and nothing else.

The archive holds exercises/NN-slug/NAME.c for every exercise file the
workbook ships (the files a student edits; the headers are the workbook's),
and a manifest: who, which workbook (its git commit), each file's digest,
and the student's last scores, for information only: the instructor's
`grade` grades the files again and never reads the scores.
"""
from __future__ import annotations

import datetime
import getpass
import hashlib
import io
import json
import subprocess
import tarfile
import time

from workbook import state, submission, tree
from workbook.meta import ROOT, Workbook


def _workbook_version() -> str:
    proc = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return proc.stdout.strip() if proc.returncode == 0 else "unknown"


def make_archive(wb: Workbook, name: str = ""):
    student = submission.safe_id(name or getpass.getuser())
    paths = [p for ps in tree.student_paths(wb, {str(f.relative_to(ROOT)): b""
             for f in (ROOT / "exercises").glob("*/*.c")}).values() for p in ps]
    known = state.load().scores
    files = {p: (ROOT / p).read_bytes() for p in sorted(paths) if (ROOT / p).is_file()}
    manifest = {
        "student": student, "workbook": _workbook_version(),
        "made_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "files": {p: hashlib.sha256(c).hexdigest() for p, c in files.items()},
        "scores (information only)": {n: f"{s.earned}/{s.possible}" for n, s in known.items()},
    }
    out = ROOT / f"submission-{student}.tar.gz"
    with tarfile.open(out, "w:gz") as tar:
        def add(name: str, data: bytes) -> None:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
            tar.addfile(info, io.BytesIO(data))
        add(submission.MANIFEST, json.dumps(manifest, indent=2).encode())
        for path, content in files.items():
            add(path, content)
    return out.relative_to(ROOT)
