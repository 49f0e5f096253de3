"""./workbook race NN: find data races with ThreadSanitizer and explain them.

The exercise is built with -fsanitize=thread -fopenmp, by the compiler that
builds the graded tests, into a program of its own that runs on LLVM's
libomp (cmake/Race.cmake; TSan cannot run inside Criterion), with the
driver tests/race/NN-slug.c calling every function of the topic's API. Each
run is one team size. libomp loads Archer (OMP_TOOL_LIBRARIES), which tells
TSan how OpenMP's barriers, locks and reductions order the threads; without
it every reduction would look like a race, so a run without it is an error.

TSan reports races by happens-before, not by luck: two threads touching one
variable with nothing ordering them are reported however they were timed.
It names only globals, so the variable comes from the source text at the
reported line and column (race_source.py decides the words and the lesson).
"""
from __future__ import annotations

import glob
import re
import shutil
import signal
import subprocess
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from workbook import build as wbuild
from workbook import evidence, grading, sandbox
from workbook.meta import ROOT
from workbook.terminal import paint
from workbook.race_source import SourceFile, advise

# Seconds one run may take: the drivers finish in well under a second, so
# only a hang (threads waiting for each other) gets anywhere near this.
RUN_LIMIT = 30
# How TSan runs: keep going after a race (every race of the run reported),
# a known exit status when it found one, and fatal signals left to the
# kernel so that a crash reads as one. Libraries without TSan (libomp)
# are ignored: Archer speaks for them.
TSAN_OPTIONS = ("ignore_noninstrumented_modules=1:halt_on_error=0:exitcode=66:"
                "handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_sigill=0:"
                "handle_abort=0")
RACE_EXIT = 66
ARCHER_LOADED = "Archer detected OpenMP application with TSan"
INSTALL = "apt-get install clang libomp-dev"


@dataclass
class Race:
    """One race, deduplicated by (file, line)."""
    file: str            # relative to ROOT
    line: int
    column: int
    source: str          # the source line, stripped
    variable: str        # e.g. "total", "counts[bin]"
    access: str          # e.g. "written by two threads at once"
    loop_line: int | None  # line of the enclosing #pragma omp (None if not found)
    loop: str            # that pragma's text
    lesson: str          # topic folder of the lesson that fixes it
    fix: str             # one sentence, what to change
    threads: list[int] = field(default_factory=list)   # team sizes it was seen at
    other_line: int | None = None   # the other thread's access, when on another line
    other_source: str = ""


@dataclass
class RaceReport:
    topic: str
    variant: str         # "exercise", "solution" or "wrong-NAME"
    races: list[Race]
    threads: list[int]   # thread counts run
    error: str           # "" or one sentence
    root: Path = ROOT    # the tree whose sources were checked
    files: list[str] = field(default_factory=list)   # the checked files, as shown


# --- Is the tool chain there? ---------------------------------------------

def _race_programs_configured(bd: wbuild.BuildDir) -> bool:
    """Whether CMake's own TSan + libomp probe (cmake/Race.cmake) passed there."""
    try:
        cache = (bd.path / "CMakeCache.txt").read_text(errors="replace")
    except OSError:
        return False
    return re.search(r"^WORKBOOK_RACE_PROBE:INTERNAL=1$", cache, re.MULTILINE) is not None


def archer() -> str:
    """libarcher.so of LLVM's OpenMP runtime, or ''."""
    found = sorted(glob.glob("/usr/lib/llvm-*/lib/libarcher.so"))
    return found[-1] if found else ""


_unavailable: dict[str, str] = {}


def unavailable(bd: wbuild.BuildDir | None = None) -> str:
    """'' when ThreadSanitizer, libomp and Archer work for the build `bd`
    (configured, so that CMake's probe has run), else one sentence."""
    bd = bd or wbuild.build_dir(wbuild.default_compiler())
    key = str(bd.path)
    if key not in _unavailable:
        if not archer():
            _unavailable[key] = ("the race check needs LLVM's OpenMP runtime with Archer "
                                 f"(libarcher.so): install it with `{INSTALL}`.")
        elif (bd.path / "CMakeCache.txt").exists() and not _race_programs_configured(bd):
            _unavailable[key] = (f"{bd.compiler} cannot build an OpenMP program with "
                                 f"ThreadSanitizer on libomp here: install `{INSTALL}`.")
        else:
            _unavailable[key] = ""
    return _unavailable[key]


# --- Running one program ----------------------------------------------------

@dataclass
class _Run:
    log: str        # TSan's report (stderr)
    archer: bool    # Archer said it was loaded
    error: str      # "" or why the run gave no verdict
    races: int      # TSan warnings in the log


def _environment(threads: int) -> dict[str, str]:
    env = grading.run_environment()
    env["OMP_NUM_THREADS"] = str(threads)
    options = TSAN_OPTIONS
    symbolizer = shutil.which("llvm-symbolizer") or "/usr/lib/llvm-14/bin/llvm-symbolizer"
    if Path(symbolizer).exists():
        options += f":external_symbolizer_path={symbolizer}"
    env["TSAN_OPTIONS"] = options
    env["ARCHER_OPTIONS"] = "verbose=1"   # it then says that it was loaded
    # libomp loads the tool named here at start-up; clang's TSan would find
    # Archer by itself, gcc's does not.
    env["OMP_TOOL_LIBRARIES"] = archer()
    return env


def _run(binary: Path, threads: int, workdir: Path) -> _Run:
    """Run `binary THREADS` in the sandbox, under a time limit. TSan writes
    to stderr; Archer says it was loaded on stdout."""
    out_path, log_path = workdir / f"out-{threads}", workdir / f"tsan-{threads}"
    box = sandbox.Sandbox(workdir / f"scratch-{threads}", readable=[binary.resolve()],
                          env=_environment(threads),
                          limits=sandbox.Limits(cpu_seconds=RUN_LIMIT * 4,
                                                address_space_ok=False))
    with open(out_path, "wb") as out, open(log_path, "wb") as log:
        try:
            proc = box.start([str(binary.resolve()), str(threads)], stdout=out, stderr=log)
        except OSError as e:
            return _Run("", False, f"{binary.name} could not start ({e.strerror})", 0)
        try:
            proc.wait(timeout=RUN_LIMIT)
            hung = False
        except subprocess.TimeoutExpired:
            hung = True
        code = box.finish()   # also workers a pool forked, or left running
    text, _ = evidence.read_capped(log_path, 8 << 20)
    text = text.decode(errors="replace")
    said, _ = evidence.read_capped(out_path, 1 << 20)
    archer = ARCHER_LOADED.encode() in said
    races = text.count("WARNING: ThreadSanitizer: data race")
    error = ""
    if hung:
        error = (f"the run with {threads} threads did not finish within {RUN_LIMIT} s, "
                 "so threads may be waiting for each other")
    elif code < 0:
        name = signal.Signals(-code).name
        error = f"the run with {threads} threads crashed with {name}"
    elif code not in (0, RACE_EXIT) or (code == RACE_EXIT and not races):
        fatal = re.search(r"(?:FATAL|ERROR): ThreadSanitizer: (.*)", text)
        error = (f"the run with {threads} threads ended with status {code}"
                 + (f" ({fatal.group(1).strip()})" if fatal else ""))
    return _Run(text, archer, error, races)


# --- Reading TSan's reports -------------------------------------------------

_ACCESS = re.compile(r"^\s+(Previous )?(atomic )?(read|write) of size \d+ at \S+ by ",
                     re.IGNORECASE)
_FRAME = re.compile(r"^\s+#\d+ \S+ (?P<file>/\S+?):(?P<line>\d+)(?::(?P<col>\d+))?\b")


@dataclass
class _Access:
    kind: str               # "read" or "write"
    atomic: bool
    where: tuple[str, int, int] | None   # (relative file, line, column)


def _pick_frame(frames: list[tuple[str, int, int]], root: Path) -> tuple[str, int, int] | None:
    """The innermost frame in the workbook's own sources, the driver last:
    the race is in the code the driver calls, not in the driver."""
    ours = []
    for path, line, col in frames:
        try:
            rel = str(Path(path).resolve().relative_to(root.resolve()))
        except ValueError:
            continue
        ours.append((rel, line, col))
    for frame in ours:
        if not frame[0].startswith("tests/race/"):
            return frame
    return ours[0] if ours else None


_ALLOCATED = re.compile(r"Location is heap block .*? allocated by .*?:\n(?P<stack>(?:\s+#\d+ .*\n?)+)")
_ALLOCATOR = re.compile(r"#\d+ (malloc|calloc|realloc|aligned_alloc|posix_memalign|memalign)\b")


def runtime_owned(block: str) -> bool:
    """Whether a report is about memory that the OpenMP runtime allocated
    for itself: the first frame above the allocator is in libomp. libomp
    keeps a task's firstprivate copies in a block it recycles for a later
    task without telling TSan (seen with LLVM 14's Archer: the thread that
    creates a task writes its copies where a finished task of another
    thread read its own), a false report. A program's own variables, which
    its shared clauses point at, never live there."""
    m = _ALLOCATED.search(block)
    if not m:
        return False
    frames = [f for f in m.group("stack").splitlines() if f.strip()]
    above = [f for f in frames if not _ALLOCATOR.search(f)]
    return bool(above) and "libomp" in above[0]


def runtime_owned_count(log: str) -> int:
    """How many of the log's race reports runtime_owned() sets aside."""
    return sum(runtime_owned(block.split("SUMMARY: ThreadSanitizer")[0])
               for block in log.split("WARNING: ThreadSanitizer: data race")[1:])


def parse_reports(log: str, root: Path = ROOT) -> list[tuple[_Access, _Access | None]]:
    """(this access, the other thread's access) for every data race in log,
    but those about the OpenMP runtime's own task memory (runtime_owned)."""
    found = []
    for block in log.split("WARNING: ThreadSanitizer: data race")[1:]:
        block = block.split("SUMMARY: ThreadSanitizer")[0]
        if runtime_owned(block):
            continue
        accesses: list[_Access] = []
        frames: list[tuple[str, int, int]] = []
        collecting = False
        for line in block.splitlines():
            m = _ACCESS.match(line)
            if m:
                if accesses:
                    accesses[-1].where = _pick_frame(frames, root)
                accesses.append(_Access(m.group(3).lower(), bool(m.group(2)), None))
                frames, collecting = [], True
                continue
            f = _FRAME.match(line)
            if collecting and f:
                frames.append((f.group("file"), int(f.group("line")), int(f.group("col") or 0)))
            elif collecting and not line.strip():
                collecting = False
        if accesses:
            accesses[-1].where = _pick_frame(frames, root)
            if accesses[0].where:
                found.append((accesses[0], accesses[1] if len(accesses) > 1 else None))
    return found


def _access_words(first: _Access, other: _Access | None) -> str:
    if other is None:
        return "used by two threads at once, one of them writing"
    kinds = {first.kind, other.kind}
    words = ("written by two threads at once" if kinds == {"write"}
             else "read by one thread while another writes it")
    if first.atomic != other.atomic:
        words += " (only one of the two accesses is atomic)"
    return words


# --- The check ---------------------------------------------------------------

def find_races(wb, ex, variant: str = "exercise", bd: wbuild.BuildDir | None = None,
               threads=(2, 3, 4)) -> RaceReport:
    """Build race-NN-VARIANT and run it at each team size in `threads`.
    (wb is not needed: the exercise `ex` carries all this uses.)"""
    bd = bd or wbuild.build_dir(wbuild.default_compiler())
    threads = list(threads)
    report = RaceReport(ex.topic, variant, [], threads, "", bd.source)
    try:
        if not (bd.path / "CMakeCache.txt").exists():
            wbuild.configure(bd)   # never re-configured here: a strict build stays strict
    except wbuild.BuildError as e:
        report.error = str(e).splitlines()[0]
        return report
    target = f"race-{ex.number}-{variant}"
    error = wbuild.try_build(bd, target)
    if error:
        if not _race_programs_configured(bd):
            error = (f"the build in {bd.path.name} has no race programs: they need "
                     f"ThreadSanitizer and libomp (cmake/Race.cmake): `{INSTALL}`")
        else:
            whose = "your code" if variant == "exercise" else f"the {variant} code"
            error = f"{whose} does not compile for the race check: {error}"
        report.error = error
        return report
    return check_program(ex, variant, bd.path / "race" / target, threads, bd.source,
                         wbuild.variant_sources(bd, ex.topic, variant))


def check_program(ex, variant: str, binary: Path, threads=(2, 3, 4),
                  root: Path = ROOT, sources=()) -> RaceReport:
    """Run a built race program at each team size in `threads` and explain
    what TSan saw; `root` is the tree its sources are in, `sources` the
    implementation's files."""
    threads = list(threads)
    report = RaceReport(ex.topic, variant, [], threads, "", root, [_shown(p, root) for p in sources])
    by_place: dict[tuple[str, int], tuple[Race, str]] = {}
    sources: dict[str, SourceFile] = {}
    with sandbox.workdir("workbook-race-") as tmp:
        for count in threads:
            run = _run(binary, count, Path(tmp))
            if not run.error and not run.archer:
                run.error = ("libomp did not load Archer (libarcher.so), so TSan cannot "
                             f"tell OpenMP's synchronisation apart from races: `{INSTALL}`")
            if run.error:
                report.error = run.error
                report.threads = threads[:threads.index(count) + 1]
                break
            found = parse_reports(run.log, root)
            if run.races > runtime_owned_count(run.log) and not found:
                report.error = (f"ThreadSanitizer reported {run.races} race(s) with {count} "
                                "threads but named no line of the workbook's sources")
            for first, other in found:
                file = first.where[0]
                if file not in sources:
                    sources[file] = SourceFile(root / file)
                race = _explain_one(sources[file], ex, first, other)
                _merge(by_place, race, first.kind, count)
    report.races = sorted((race for race, _ in by_place.values()),
                          key=lambda r: (r.file, r.line))
    return report


def _merge(by_place: dict, race: Race, kind: str, count: int) -> None:
    """Add a race seen at `count` threads, once per file:line. The same pair
    of lines seen the other way round (TSan names whichever access came
    second) is the same race: it is shown from the read, where the wrong
    value is used. by_place maps (file, line) to (race, kind of its access)."""
    key, mirror = (race.file, race.line), (race.file, race.other_line)
    known, known_kind = by_place.get(key, (None, ""))
    if known is None and race.other_line and mirror in by_place \
            and by_place[mirror][0].other_line == race.line:
        known, known_kind = by_place[mirror]
        if kind == "read" and known_kind != "read":
            del by_place[mirror]
            race.threads = known.threads
            known = None
    if known is None:
        by_place[key] = (race, kind)
        known = race
    if count not in known.threads:
        known.threads.append(count)


def _explain_one(src: SourceFile, ex, first: _Access, other: _Access | None) -> Race:
    file, line, col = first.where
    near = None   # the other access, when it is in the same file
    if other and other.where and other.where[0] == file:
        near = (other.where[1], other.where[2], other.kind == "write")
    other_line = near[0] if near and near[0] != line else None
    advice = advise(src, line, col, first.kind == "write", near, ex.number)
    return Race(file=file, line=line, column=col, source=src.line(line).strip(),
                variable=advice.variable, access=_access_words(first, other),
                loop_line=advice.loop_line, loop=advice.loop, lesson=advice.lesson,
                fix=advice.fix, other_line=other_line,
                other_source=src.line(other_line).strip() if other_line else "")


def _shown(path: Path, root: Path) -> str:
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return str(path)


# --- What the student reads ---------------------------------------------------

def _counts(threads: list[int]) -> str:
    words = [str(t) for t in threads]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def explain(report: RaceReport, colour: bool = False) -> str:
    """The text `./workbook race NN` prints: plain, at most 8 lines a race."""
    files = ", ".join(report.files) or report.topic
    which = "" if report.variant == "exercise" else f", {report.variant}"
    head = f"Race check of {files} (ThreadSanitizer with Archer{which})"
    lines = [head]
    if report.error:
        said = report.error.rstrip()
        lines.append(paint("Could not finish: ", "bold red", colour) + said
                     + ("" if said.endswith((".", "?", "!")) else "."))
        if not report.races:
            return "\n".join(lines)
    if not report.races:
        lines.append(paint("No data race found", "bold green", colour)
                     + f" in runs with {_counts(report.threads)} threads.")
        lines += textwrap.wrap("A race checker sees only the code that ran: a function "
                               "still left as a TODO, or a branch the run never took, can "
                               "still hide one.", 92)
        return "\n".join(lines)
    n = len(report.races)
    lines.append(paint(f"{n} data race{'s' if n > 1 else ''} found", "bold red", colour)
                 + f" (runs with {_counts(report.threads)} threads):")
    for i, race in enumerate(report.races, 1):
        lines.append("")
        lines.append(paint(f"{i}. {race.file}:{race.line}", "bold", colour) + f"    {race.source}")
        lines += textwrap.wrap(f"`{race.variable}` is {race.access}, seen with "
                               f"{_counts(race.threads)} threads.", 92,
                               initial_indent="   ", subsequent_indent="   ")
        if race.other_line:
            lines.append(f"   The other thread's access: line {race.other_line}    "
                         f"{race.other_source}")
        if race.loop_line:
            kind = "Loop" if re.search(r"\bfor\b", race.loop) else "Construct"
            lines.append(f"   {kind}: line {race.loop_line}    {race.loop}")
        lines += textwrap.wrap(f"Fix (lessons/{race.lesson}): {race.fix}", 92,
                               initial_indent="   ", subsequent_indent="   ")
    return "\n".join(lines)
