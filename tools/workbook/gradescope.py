"""./workbook gradescope: the workbook as a Gradescope autograder.

The zip it writes is what Gradescope's "Zip file upload" takes: at its top,
`setup.sh` (run once as root while Gradescope builds the image: it installs
the Debian packages the workbook needs and builds it) and
`run_autograder` (run for every submission: it grades
/autograder/submission with `./workbook grade`, the same core and sandbox
as every other grade, and writes /autograder/results/results.json). The
workbook's own files travel in `workbook/`, without solutions/ and without
the self-test's wrong and hostile programs: students never see them.

AUTOGRADER_ROOT (default /autograder) moves the whole layout, so that the
self-test runs the very same scripts in a folder of its own.
"""
from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from workbook.meta import ROOT

# Debian packages the autograder image needs (the workbook script checks
# the same list before it builds).
PACKAGES = ("gcc libc6-dev cmake make ninja-build pkg-config python3 libcriterion-dev "
            "clang libomp-dev bubblewrap binutils git")

# Not in the autograder: answers, and programs written to fool graders.
LEFT_OUT = ("solutions/", "tests/wrong/", "tests/hostile/", "bench/results/", ".ci/")

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image.
set -euo pipefail
root=${AUTOGRADER_ROOT:-/autograder}
if [ -z "${WORKBOOK_SKIP_APT:-}" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends %(packages)s >/dev/null
fi
cd "$root/source/workbook"
# The workbook reads its own files through git: make the copy a repository.
if [ ! -d .git ]; then
  git init -q && git add -A
  git -c user.name=autograder -c user.email=autograder@localhost commit -qm autograder
fi
# Build the grading tree once here, by grading the exercises as shipped: each
# submission then compiles only its own files.
./workbook grade exercises --out "$root/grades" </dev/null >/dev/null
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for every submission: grade it, write results.json.
set -uo pipefail
root=${AUTOGRADER_ROOT:-/autograder}
mkdir -p "$root/results"
cd "$root/source/workbook"
./workbook grade "$root/submission" --out "$root/grades" \\
  --gradescope "$root/results/results.json" </dev/null
status=$?
if [ ! -s "$root/results/results.json" ]; then
  # The grader itself failed: say so in Gradescope rather than leave it blank.
  printf '{"score": 0, "output": "The autograder could not grade this submission (exit status %s): tell your instructor.", "tests": []}\\n' "$status" > "$root/results/results.json"
fi
exit 0
"""


def _workbook_files() -> list[str]:
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], check=True,
                            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL).stdout
    return [n for n in listed.decode().split("\0")
            if n and not n.startswith(LEFT_OUT) and (ROOT / n).is_file()]


def make_zip(out: Path) -> Path:
    """The autograder zip, from the files git knows (as committed or edited)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("setup.sh", SETUP % {"packages": PACKAGES}),
                           ("run_autograder", RUN)):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o100755 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
        for name in _workbook_files():
            path = ROOT / name
            info = zipfile.ZipInfo.from_file(path, f"workbook/{name}")
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, path.read_bytes())
    return out
