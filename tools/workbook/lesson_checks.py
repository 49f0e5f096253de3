"""Checks that the lessons say only what their programs really do.

Three checks, one CTest test each per topic (see cmake/Workbook.cmake):

    lesson TOPIC         each program prints what tests/lessons/TOPIC.toml says
    transcripts TOPIC    every block of lessons/TOPIC/README.md is checked
    lesson-code TOPIC    every C file of lessons/TOPIC compiles without a warning

1. tests/lessons/NN-slug.toml lists runs of the lesson's programs:

    [[run]]
    program = "fused_reduction"      # lessons/NN-slug/fused_reduction.c
    threads = 4                      # OMP_NUM_THREADS (optional)
    args = ["100"]                   # command-line arguments (optional)
    env = { OMP_WAIT_POLICY = "passive" }   # more environment (optional)
    compiler = "gcc"                 # run with this compiler's build only (optional)
    status = 0                       # expected exit status (optional, default 0)
    lines = ["The sum ... is 41679167500"]
        # each must appear as a whole line, in this order; {nproc} stands for
        # the number of CPUs the program may use, {ncpus} for "2 CPUs" or "1 CPU"
    patterns = ['serial +\\d+\\.\\d{4} s']
        # regular expressions, each matching a whole line, in this order:
        # for lines whose numbers vary (timings), checked by structure only
    [run.trace]                      # optional: a per-item trace
    pattern = 'Worker (?P<worker>\\d+) calculating square of (?P<item>\\d+)'
    items = [1, 20]                  # every item in this range exactly once
    workers = 2                      # this many distinct workers
    contiguous = true                # each worker's items form one block
    chunk = 3                        # or: items come in blocks of this size

Lines that depend on scheduling or timing are checked by structure, never
by text, and a timing is never compared with another.

2. In a lesson's README.md every code block is one of three kinds, and a
block that is none of them fails the check (so no output can be shown
without being checked):

   - ```c or ```python: an excerpt of the lesson's own files (.c/.h or
     .py). Its lines must appear in that order, one after the other, in one
     file of the lesson's folder; comment lines and blank lines do not
     count, and a line `...` stands for lines left out.
   - a list of commands, one per line, each optionally followed by a
     `# comment`: `./workbook ...` (a `run` must name a lesson and program
     that exist) or `python3 FILE` (FILE must exist).
   - a transcript: `$ COMMAND` on a line, then exactly what COMMAND prints.
     The check runs COMMAND and compares every line. COMMAND is
         [NAME=VALUE ...] [taskset -c CPUS] ./workbook run NN PROGRAM
                                    [--compiler gcc|clang] [-t N] [-- ARGS]
     or  [NAME=VALUE ...] [taskset -c CPUS] python3 FILE [ARGS]
     (FILE relative to the top of the repository, where the student types
     the commands). A transcript that names a compiler (--compiler, or
     WORKBOOK_COMPILER=) is checked with that compiler's build only; any
     other is checked with both. One block may hold several `$` lines.

     Two markers, both visible to the reader, say what may differ:
       `...` on a line of its own   any number of lines left out here
       a line ending in `[varies]`  one line that changes from run to run
                                    or from machine to machine (the reader
                                    sees an example; the check accepts any
                                    one line in its place)
     Every other line must be printed exactly, in its place: a transcript
     that drops a line without a `...` fails. A ./workbook transcript is run
     a second time on one CPU (when the machine has more and the command
     sets no taskset of its own): a line that depends on the number of CPUs
     must be marked [varies] too.

   Indented code blocks are not allowed: a block must be fenced, so that
   its kind is never in doubt.

3. Every .c file of the lesson, programs and support code, must compile
with the build's compiler as strict C11, with no warning:
    -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror -O2
plus the build's OpenMP flag. A program that uses POSIX says so with
`#define _POSIX_C_SOURCE 200809L` (or _GNU_SOURCE, for gettid).
Pragmas are written out, never hidden in a macro (`_Pragma`).
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from workbook import grading, lesson_run, meta
from workbook.build import BuildDir, lesson_programs
from workbook.meta import ROOT

RUN_TIMEOUT = 120
VARIES = "[varies]"
ELISION = "..."
COMPILERS = ("gcc", "clang")


class LessonCheckFailed(Exception):
    pass


# --- 1. The runs of tests/lessons/TOPIC.toml -------------------------------

def _expand(line: str) -> str:
    nproc = len(os.sched_getaffinity(0))
    return (line.replace("{nproc}", str(nproc))
            .replace("{ncpus}", f"{nproc} CPU" + ("" if nproc == 1 else "s")))


def _check_lines(output: str, wanted: list[str], where: str) -> None:
    lines = output.splitlines()
    position = 0
    for want in map(_expand, wanted):
        try:
            position = lines.index(want, position) + 1
        except ValueError:
            raise LessonCheckFailed(f"{where}: expected the line\n    {want}\n"
                                    f"(in this order) in its output:\n{output[-3000:]}") from None


def _check_patterns(output: str, patterns: list[str], where: str) -> None:
    lines = output.splitlines()
    position = 0
    for pattern in patterns:
        regex = re.compile(_expand(pattern))
        for i in range(position, len(lines)):
            if regex.fullmatch(lines[i]):
                position = i + 1
                break
        else:
            raise LessonCheckFailed(f"{where}: expected a line matching\n    {pattern}\n"
                                    f"(in this order) in its output:\n{output[-3000:]}")


def _check_trace(output: str, trace: dict, where: str) -> None:
    pattern = re.compile(trace["pattern"])
    owner: dict[int, int] = {}
    for line in output.splitlines():
        m = pattern.fullmatch(line.strip())
        if not m:
            continue
        item, worker = int(m.group("item")), int(m.group("worker"))
        if item in owner:
            raise LessonCheckFailed(f"{where}: item {item} appears twice in the trace")
        owner[item] = worker
    first, last = trace["items"]
    missing = sorted(set(range(first, last + 1)) - set(owner))
    extra = sorted(set(owner) - set(range(first, last + 1)))
    if missing or extra:
        raise LessonCheckFailed(f"{where}: trace items missing {missing[:10]} extra {extra[:10]}")
    workers = sorted(set(owner.values()))
    if "workers" in trace and len(workers) != trace["workers"]:
        raise LessonCheckFailed(f"{where}: {len(workers)} workers in the trace, "
                                f"expected {trace['workers']}")
    # Blocks: maximal runs of consecutive items handled by the same worker.
    items = sorted(owner)
    blocks = [[items[0]]]
    for item in items[1:]:
        if owner[item] == owner[blocks[-1][-1]]:
            blocks[-1].append(item)
        else:
            blocks.append([item])
    if trace.get("contiguous") and len(blocks) != len(workers):
        raise LessonCheckFailed(f"{where}: a static schedule gives each worker one block, "
                                f"but the trace has {len(blocks)} blocks for "
                                f"{len(workers)} workers")
    chunk = trace.get("chunk")
    if chunk:
        start = first
        for block in blocks:
            if (block[0] - start) % chunk or (len(block) % chunk and block[-1] != last):
                raise LessonCheckFailed(f"{where}: items {block[0]}..{block[-1]} do not "
                                        f"come in chunks of {chunk}")


def _environment(threads=None, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The caller's environment without OpenMP settings (and without
    PYTHONUNBUFFERED, which a student's shell does not have), plus the run's."""
    env = grading.environment_without(grading.OPENMP_SETTINGS)
    env.pop("PYTHONUNBUFFERED", None)
    if threads:
        env["OMP_NUM_THREADS"] = str(threads)
    env.update(extra or {})
    return env


def _run_sandboxed(program: Path, argv: list[str], env: dict[str, str],
                   where: str) -> subprocess.CompletedProcess:
    with lesson_run.box(program, env) as box:
        box.start(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            out, _ = box.proc.communicate(timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            box.finish()
            raise LessonCheckFailed(f"{where}: still running after {RUN_TIMEOUT} s") from None
        code = box.finish()
    return subprocess.CompletedProcess(argv, code, out.decode(errors="replace"))


def _run(argv: list[str], env: dict[str, str], where: str,
         program: Path | None = None) -> subprocess.CompletedProcess:
    if program is not None:
        return _run_sandboxed(program, argv, env, where)
    try:
        return subprocess.run(argv, env=env, cwd=ROOT, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise LessonCheckFailed(f"{where}: still running after {RUN_TIMEOUT} s") from None
    except OSError as e:
        raise LessonCheckFailed(f"{where}: could not run {argv[0]}: {e}") from None


def check_lesson(bd: BuildDir, topic: str) -> str:
    spec_path = ROOT / "tests" / "lessons" / f"{topic}.toml"
    try:
        with open(spec_path, "rb") as f:
            runs = meta.tomllib.load(f).get("run", [])
    except FileNotFoundError:
        raise LessonCheckFailed(f"{spec_path.relative_to(ROOT)} is missing") from None
    programs = lesson_programs(topic)
    unchecked = set(programs) - {r["program"] for r in runs}
    if unchecked:
        raise LessonCheckFailed(f"no run in {spec_path.relative_to(ROOT)} checks "
                                f"{sorted(unchecked)}")
    done = 0
    for i, run in enumerate(runs, 1):
        if run.get("compiler", bd.compiler) != bd.compiler:
            continue
        program = bd.lesson_program(topic[:2], run["program"])
        threads = run.get("threads")
        where = f"run {i}: {run['program']}" + (f" with {threads} threads" if threads else "")
        env = _environment(threads, run.get("env"))
        proc = _run([str(program), *map(str, run.get("args", []))], env, where)
        if proc.returncode != run.get("status", 0):
            raise LessonCheckFailed(f"{where}: exit status {proc.returncode}, expected "
                                    f"{run.get('status', 0)}:\n{proc.stdout[-3000:]}")
        _check_lines(proc.stdout, run.get("lines", []), where)
        _check_patterns(proc.stdout, run.get("patterns", []), where)
        if "trace" in run:
            _check_trace(proc.stdout, run["trace"], where)
        done += 1
    return (f"lesson {topic}: {done} runs of {len(programs)} programs as documented "
            f"({bd.compiler})")


# --- 2. The code blocks of lessons/TOPIC/README.md ---------------------------

@dataclass
class Block:
    line: int          # the README line of the opening fence
    info: str          # the word after the fence: "c", "python" or ""
    lines: list[str]


_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})\s*(?P<info>[^\s`]*)")
_LIST_ITEM = re.compile(r"^( {0,3}(?:[-*+]|\d{1,9}[.)]) +)\S")


def readme_blocks(text: str, where: str) -> list[Block]:
    """The fenced blocks of a Markdown text. An indented code block is an
    error: its kind (code, commands, transcript) could not be told."""
    blocks: list[Block] = []
    lines = text.splitlines()
    fence = None            # the open fence's characters, when inside a block
    list_indent = 0         # content indent of the list item we are in, if any
    previous_blank = True
    for number, line in enumerate(lines, 1):
        if fence:
            if line.strip().startswith(fence[0] * len(fence)) and \
                    set(line.strip()) == {fence[0]}:
                fence = None
            else:
                blocks[-1].lines.append(line)
            previous_blank = False
            continue
        m = _FENCE.match(line)
        if m:
            fence = m.group("fence")
            blocks.append(Block(number, m.group("info").lower(), []))
            previous_blank = False
            continue
        if not line.strip():
            previous_blank = True
            continue
        indent = len(line) - len(line.lstrip(" "))
        item = _LIST_ITEM.match(line)
        if previous_blank and not item and indent >= list_indent + 4 or line.startswith("\t"):
            raise LessonCheckFailed(f"{where}:{number}: an indented code block; write it "
                                    "as a fenced block (```) so that the check knows its "
                                    "kind: see tools/workbook/lesson_checks.py")
        if item:
            list_indent = len(item.group(1))
        elif previous_blank and indent < list_indent:
            list_indent = 0
        previous_blank = False
    if fence:
        raise LessonCheckFailed(f"{where}:{blocks[-1].line}: a code block is never closed")
    return blocks


@dataclass
class Command:
    """One command line of a README, taken apart."""
    text: str
    env: dict[str, str]
    prefix: list[str]       # taskset -c CPUS, or nothing
    tool: str               # "workbook" or "python3"
    args: list[str]         # what follows ./workbook or python3
    compiler: str = ""      # the compiler a ./workbook command asks for, if any


def parse_command(text: str, where: str) -> Command:
    try:
        tokens = shlex.split(text, comments=True)
    except ValueError as e:
        raise LessonCheckFailed(f"{where}: cannot read the command `{text}`: {e}") from None
    env: dict[str, str] = {}
    while tokens and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", tokens[0]):
        name, value = tokens.pop(0).split("=", 1)
        env[name] = value
    prefix: list[str] = []
    if tokens[:2] == ["taskset", "-c"] and len(tokens) > 2:
        prefix, tokens = tokens[:3], tokens[3:]
    if not tokens or tokens[0] not in ("./workbook", "python3"):
        raise LessonCheckFailed(f"{where}: `{text}` is not a command this check knows: a "
                                "command is ./workbook ... or python3 ..., after optional "
                                "NAME=VALUE settings and taskset -c CPUS")
    tool = tokens[0].lstrip("./")
    command = Command(text, env, prefix, tool, tokens[1:])
    if tool == "workbook":
        command.compiler = env.pop("WORKBOOK_COMPILER", "")
        args = command.args
        if "--compiler" in args[:args.index("--") if "--" in args else len(args)]:
            at = args.index("--compiler")
            if at + 1 >= len(args) or args[at + 1] not in COMPILERS:
                raise LessonCheckFailed(f"{where}: `{text}`: --compiler needs gcc or clang")
            command.compiler = args[at + 1]
            del args[at:at + 2]
        elif command.compiler and command.compiler not in COMPILERS:
            raise LessonCheckFailed(f"{where}: `{text}`: WORKBOOK_COMPILER must be gcc or clang")
    return command


def _lesson_of(number: str) -> str | None:
    found = [p.name for p in (ROOT / "lessons").glob(f"{number}-*") if p.is_dir()]
    return found[0] if len(found) == 1 else None


def _validate(command: Command, where: str) -> None:
    """A command a student is told to type must work: the lesson and program
    it names exist, the Python file it runs exists."""
    if command.tool == "python3":
        if command.args[:1] == ["-c"]:
            return
        if not command.args or not (ROOT / command.args[0]).is_file():
            raise LessonCheckFailed(f"{where}: `{command.text}`: no file "
                                    f"{command.args[0] if command.args else '(none)'} "
                                    "(paths start at the top of the repository)")
        return
    args = command.args
    if args[:1] != ["run"]:
        return
    if len(args) < 2 or not re.fullmatch(r"\d\d", args[1]) or not _lesson_of(args[1]):
        raise LessonCheckFailed(f"{where}: `{command.text}` names no lesson")
    topic = _lesson_of(args[1])
    if len(args) > 2 and not args[2].startswith("-") and args[2] not in lesson_programs(topic):
        raise LessonCheckFailed(f"{where}: `{command.text}`: lesson {topic} has no program "
                                f"'{args[2]}'")


def _transcript_argv(command: Command, bd: BuildDir,
                     where: str) -> tuple[list[str], dict, Path | None]:
    """What to run for a transcript's command, its environment, and the
    lesson program to run in the sandbox (None: python3, run as typed)."""
    env = dict(command.env)
    if command.tool == "python3":
        return [*command.prefix, sys.executable, *command.args], _environment(None, env), None
    args = list(command.args)
    cut = args.index("--") if "--" in args else len(args)
    options, program_args = args[:cut], args[cut + 1:]
    threads = None
    if "-t" in options:
        at = options.index("-t")
        if at + 1 >= len(options) or not options[at + 1].isdigit():
            raise LessonCheckFailed(f"{where}: `{command.text}`: -t needs a number")
        threads = options[at + 1]
        del options[at:at + 2]
    if len(options) != 3 or options[0] != "run" or options[2].startswith("-"):
        raise LessonCheckFailed(f"{where}: a transcript's command must be `./workbook run NN "
                                f"PROGRAM [-t N] [-- ARGS]`, not `{command.text}`")
    _validate(command, where)
    program = bd.lesson_program(options[1], options[2])
    # As `./workbook run` runs it: in the sandbox, with only the command's
    # OpenMP settings; a taskset prefix binds the run, so it goes inside.
    return ([*command.prefix, *lesson_run.argv(program, program_args)],
            lesson_run.environment(env, threads), program)


def _output_lines(proc: subprocess.CompletedProcess) -> list[str]:
    actual = [line.rstrip() for line in proc.stdout.splitlines()]
    while actual and not actual[-1]:
        actual.pop()
    return actual


def _matches(expected: list[str], actual: list[str]) -> bool:
    """Does the output match the transcript, with its `...` and [varies] lines?"""
    @lru_cache(maxsize=None)
    def match(e: int, a: int) -> bool:
        if e == len(expected):
            return a == len(actual)
        want = expected[e]
        if want.strip() == ELISION:
            return any(match(e + 1, k) for k in range(a, len(actual) + 1))
        if a == len(actual):
            return False
        if want.endswith(VARIES):
            return match(e + 1, a + 1)
        return want == actual[a] and match(e + 1, a + 1)
    return match(0, 0)


def _first_difference(expected: list[str], actual: list[str]) -> str:
    """A sentence about where the output leaves the transcript (greedy)."""
    a, loose = 0, False
    for want in expected:
        if want.strip() == ELISION:
            loose = True
            continue
        if want.endswith(VARIES):
            if a >= len(actual):
                return f"the transcript shows a line ({want}) after the output's last one"
            a, loose = a + 1, False
            continue
        if loose:
            if want not in actual[a:]:
                return f"this line is not printed (after the lines before it):\n    {want}"
            a = actual.index(want, a) + 1
        elif a >= len(actual) or actual[a] != want:
            got = actual[a] if a < len(actual) else "(the end of the output)"
            return f"the transcript shows\n    {want}\nwhere the program prints\n    {got}"
        else:
            a += 1
        loose = False
    if a < len(actual) and not loose:
        return ("the program prints more than the transcript shows, from\n    "
                f"{actual[a]}\n(end the transcript with `...` if lines are left out)")
    return "the lines do not line up with the `...` and [varies] markers"


def _code_lines(text: str, language: str) -> list[str]:
    """The lines of a source file that count for an excerpt: whitespace
    collapsed, blank lines and comment-only lines dropped."""
    out, in_comment = [], False
    for line in text.splitlines():
        s = " ".join(line.split())
        if language == "c":
            if in_comment:
                if "*/" in s:
                    in_comment = False
                    s = s.split("*/", 1)[1].strip()
                else:
                    continue
            if s.startswith("/*"):
                if "*/" not in s:
                    in_comment = True
                    continue
                s = s.split("*/", 1)[1].strip()
            if s.startswith("//"):
                continue
        elif s.startswith("#"):
            continue
        if s:
            out.append(s)
    return out


def _check_excerpt(block: Block, topic: str, where: str) -> None:
    language = "c" if block.info == "c" else "python"
    suffixes = (".c", ".h") if language == "c" else (".py",)
    files = [p for p in sorted((ROOT / "lessons" / topic).rglob("*")) if p.suffix in suffixes]
    segments: list[list[str]] = [[]]
    for line in block.lines:
        if line.strip() == ELISION:
            segments.append([])
        else:
            segments[-1] += _code_lines(line, language)
    segments = [s for s in segments if s]
    for path in files:
        code, at = _code_lines(path.read_text(), language), 0
        for segment in segments:
            found = next((i for i in range(at, len(code) - len(segment) + 1)
                          if code[i:i + len(segment)] == segment), None)
            if found is None:
                break
            at = found + len(segment)
        else:
            return
    raise LessonCheckFailed(f"{where}: this ```{block.info} block is not an excerpt of any "
                            f"{'/'.join(suffixes)} file in lessons/{topic} (its lines, in "
                            "order, with `...` for lines left out):\n"
                            + "\n".join(block.lines[:12]))


def check_transcripts(bd: BuildDir, topic: str) -> str:
    readme = ROOT / "lessons" / topic / "README.md"
    name = str(readme.relative_to(ROOT))
    blocks = readme_blocks(readme.read_text(), name)
    checked = skipped = excerpts = commands = 0
    for block in blocks:
        where = f"{name}:{block.line}"
        if block.info in ("c", "python"):
            _check_excerpt(block, topic, where)
            excerpts += 1
            continue
        if block.info not in ("", "text"):
            raise LessonCheckFailed(f"{where}: a ```{block.info} block; a block is C or "
                                    "Python code (```c, ```python), a list of commands, or "
                                    "a transcript (see tools/workbook/lesson_checks.py)")
        body = [line.rstrip() for line in block.lines]
        first = next((line for line in body if line.strip()), "")
        if not first.startswith("$ "):
            # A list of commands: every line must be one.
            for offset, line in enumerate(body, 1):
                if line.strip():
                    line_where = f"{name}:{block.line + offset}"
                    if line.lstrip().startswith("$"):
                        raise LessonCheckFailed(f"{line_where}: a `$` line in a list of "
                                                "commands: start the block with it")
                    try:
                        _validate(parse_command(line.strip(), line_where), line_where)
                    except LessonCheckFailed as e:
                        raise LessonCheckFailed(
                            f"{e}\nA block that is not a transcript must hold commands only; "
                            "output must follow its `$ COMMAND` line, to be checked.") from None
                    commands += 1
            continue
        # A transcript: one or more `$ COMMAND` sections.
        sections: list[tuple[int, str, list[str]]] = []
        for offset, line in enumerate(body, 1):
            if line.startswith("$ "):
                sections.append((block.line + offset, line[2:].strip(), []))
            elif sections:
                sections[-1][2].append(line)
        for line_number, text, expected in sections:
            section_where = f"{name}:{line_number}"
            command = parse_command(text, section_where)
            if command.compiler and command.compiler != bd.compiler:
                skipped += 1
                continue
            while expected and not expected[-1].strip():
                expected.pop()
            argv, env, program = _transcript_argv(command, bd, section_where)
            actual = _output_lines(_run(argv, env, section_where, program))
            if not _matches(expected, actual):
                raise LessonCheckFailed(
                    f"{section_where}: the transcript of `{text}` is not what it prints "
                    f"({bd.compiler}): {_first_difference(expected, actual)}\n"
                    "Its output was:\n" + "\n".join(actual[-60:]))
            # A line that depends on the machine must say so too: run the
            # command again on one CPU, and the unmarked lines must still hold.
            cpus = sorted(os.sched_getaffinity(0))
            if command.tool == "workbook" and not command.prefix and len(cpus) > 1:
                one_cpu = ["taskset", "-c", str(cpus[0]), *argv]
                actual = _output_lines(_run(one_cpu, env, section_where + " (on one CPU)",
                                            program))
                if not _matches(expected, actual):
                    raise LessonCheckFailed(
                        f"{section_where}: the transcript of `{text}` holds on this machine, "
                        f"but not on a machine with one CPU ({bd.compiler}): "
                        f"{_first_difference(expected, actual)}\nMark the lines that depend "
                        f"on the machine with {VARIES}. On one CPU it printed:\n"
                        + "\n".join(actual[-60:]))
            checked += 1
    return (f"transcripts {topic}: {checked} transcripts match their commands ({bd.compiler})"
            + (f", {skipped} for the other compiler" if skipped else "")
            + f"; {excerpts} code excerpts found in the lesson's files; "
            f"{commands} commands exist")


# --- 3. The lesson's C code, as strict C11 ----------------------------------

STRICT_FLAGS = ["-std=c11", "-Wall", "-Wextra", "-Wpedantic", "-Wshadow", "-Wconversion",
                "-Werror", "-O2"]


def _cache_value(bd: BuildDir, name: str) -> str:
    cache = (bd.path / "CMakeCache.txt").read_text()
    m = re.search(rf"^{re.escape(name)}:[A-Z]+=(.*)$", cache, re.M)
    if not m:
        raise LessonCheckFailed(f"{name} is not in {bd.path}/CMakeCache.txt")
    return m.group(1)


def check_lesson_code(bd: BuildDir, topic: str) -> str:
    folder = ROOT / "lessons" / topic
    compiler = _cache_value(bd, "CMAKE_C_COMPILER")
    openmp = _cache_value(bd, "OpenMP_C_FLAGS").split()
    sources = sorted(folder.glob("*.c"))
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        for source in sources:
            text = source.read_text()
            if "_Pragma" in text:
                problems.append(f"{source.relative_to(ROOT)}: _Pragma hides a pragma in a "
                                "macro; write the #pragma out")
            proc = subprocess.run([compiler, *STRICT_FLAGS, *openmp, f"-I{folder}", "-c",
                                   str(source), "-o", str(Path(scratch) / f"{source.stem}.o")],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, cwd=ROOT)
            if proc.returncode != 0 or proc.stdout.strip():
                problems.append(f"{source.relative_to(ROOT)}:\n{proc.stdout.strip()[:2000]}")
    if problems:
        raise LessonCheckFailed(f"lesson code that is not clean strict C11 with "
                                f"{Path(compiler).name} ({' '.join(STRICT_FLAGS + openmp)}):\n"
                                + "\n".join(problems))
    return (f"lesson-code {topic}: {len(sources)} C files compile clean with "
            f"{Path(compiler).name} {' '.join(STRICT_FLAGS + openmp)}")
