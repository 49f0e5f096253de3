"""./workbook bench: how fast is it, on 1, 2, ... threads?

    ./workbook bench NN [PROGRAM] [--threads LIST] [--repeat K] [-- ARGS]
    ./workbook bench --exercise NN [--threads LIST] [--repeat K]

A program can be timed when it takes `--repeat K` as its first two
arguments and then prints one line per timed run, after a warm-up of its
own (lessons/08-performance-lab/stopwatch.h):

    time LABEL SECONDS

bench runs it once to warm the machine up (that run is thrown away), then
K rounds in which every team size (OMP_NUM_THREADS) runs once, with
`--repeat 1`, in the sandbox as `./workbook run` runs it; taking turns
spreads a busy moment of the machine over all the team sizes. It prints
per label a table of the median,
smallest and largest time, the speedup T(1) / T(p) and the efficiency
speedup / p (from medians), Amdahl's law fitted to the team sizes that fit
on the CPUs, and a chart in the terminal. It writes every time it measured
to a CSV file and draws the speedups in a picture (PNG with gnuplot or
matplotlib, else a plain SVG), in build/bench/ unless --out says otherwise.

A C program whose source says `bench-python: SCRIPT A=B ...` has a Python
twin: SCRIPT (beside the source) takes the same arguments, `--processes P`
and `--repeat K`, and bench runs it with as many processes as threads and
prints how many times slower its label A is than the C program's label B.

--exercise NN times the student's own code through a driver,
bench/drivers/NN-slug.c, built with the student's files.
"""
from __future__ import annotations

import csv
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from workbook import build as wbuild
from workbook import grading, sandbox, terminal
from workbook.meta import ROOT

RUN_LIMIT = 600            # seconds one run of a program may take
DRIVERS = ROOT / "bench" / "drivers"
_TIME_LINE = re.compile(r"^time (?P<label>\S+) (?P<seconds>[0-9.eE+-]+)$")
_TWIN = re.compile(r"bench-python:\s*(?P<script>\S+)(?P<pairs>(?:\s+[\w-]+=[\w-]+)*)")


class BenchError(Exception):
    """Something bench cannot do; the message says what to do instead."""


# --- What is timed -------------------------------------------------------------

@dataclass
class Target:
    """One program to time, and how to call it."""
    name: str                       # heavy_map, or exercise-08
    path: Path                      # the binary
    args: list[str]
    twin: Path | None = None        # a Python script timed beside it
    pairs: dict[str, str] = field(default_factory=dict)   # python label -> C label


def lesson_topic(number: str) -> str:
    found = sorted(p.name for p in (ROOT / "lessons").glob(f"{number}-*") if p.is_dir())
    if len(found) != 1:
        raise BenchError(f"there is no lesson {number}")
    return found[0]


def benchable(topic: str) -> list[str]:
    """The programs of lessons/TOPIC that bench can time: those that read
    --repeat (through stopwatch_repeat)."""
    return [p for p in wbuild.lesson_programs(topic)
            if "stopwatch_repeat(" in (ROOT / "lessons" / topic / f"{p}.c").read_text()]


def _twin_of(source: Path) -> tuple[Path | None, dict[str, str]]:
    m = _TWIN.search(source.read_text())
    if not m:
        return None, {}
    pairs = dict(pair.split("=", 1) for pair in m.group("pairs").split())
    return source.parent / m.group("script"), pairs


def _configure(bd: wbuild.BuildDir) -> None:
    """The student's build folder is configured as ./workbook run does; any
    other (--build-dir, the self-test's) is used as it was configured."""
    if not (bd.path / "CMakeCache.txt").exists() or \
            bd.path in [wbuild.build_dir(c).path for c in wbuild.COMPILERS]:
        wbuild.configure(bd)


def lesson_targets(bd: wbuild.BuildDir, number: str, program: str | None,
                   args: list[str]) -> list[Target]:
    topic = lesson_topic(number)
    programs = benchable(topic)
    if not programs:
        raise BenchError(f"lesson {topic} has no program that bench can time (one that "
                         "takes --repeat K; see lessons/08-performance-lab/stopwatch.h)")
    if program:
        if program not in programs:
            raise BenchError(f"lesson {number} has no program '{program}' that bench can "
                             f"time; it has: {', '.join(programs)}")
        programs = [program]
    _configure(bd)
    # Built as ./workbook run builds them, which then still shows the
    # warnings of what was compiled here.
    wbuild.build_lesson(bd, topic, programs)
    targets = []
    for p in programs:
        twin, pairs = _twin_of(ROOT / "lessons" / topic / f"{p}.c")
        targets.append(Target(p, bd.lesson_program(number, p), list(args), twin, pairs))
    return targets


def _cache(bd: wbuild.BuildDir, name: str) -> str:
    m = re.search(rf"^{re.escape(name)}:[A-Z]+=(.*)$", (bd.path / "CMakeCache.txt").read_text(),
                  re.M)
    return m.group(1) if m else ""


def exercise_target(wb, bd: wbuild.BuildDir, number: str, args: list[str]) -> Target:
    """The student's exercise NN, linked with its driver in bench/drivers/."""
    ex = wb.find(number)
    driver = DRIVERS / f"{ex.topic}.c"
    if not driver.exists():
        have = sorted(p.stem[:2] for p in DRIVERS.glob("[0-9][0-9]-*.c"))
        raise BenchError(f"exercise {ex.number} has no bench driver (bench/drivers/"
                         f"{ex.topic}.c); exercises with one: {', '.join(have) or 'none'}")
    _configure(bd)
    sources = sorted((bd.exercise_folder / ex.topic).glob("*.c"))
    out = bd.path / "bench" / f"bench-{ex.number}-exercise"
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [_cache(bd, "CMAKE_C_COMPILER") or bd.compiler, "-O2", "-std=gnu11",
               *_cache(bd, "OpenMP_C_FLAGS").split(), "-I", str(ROOT / "exercises" / ex.topic),
               str(driver), *map(str, sources), "-o", str(out), "-lm"]
    proc = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise BenchError("your code does not compile: "
                         + wbuild.first_compiler_error(proc.stdout, ROOT))
    return Target(f"exercise-{ex.number}", out, list(args))


# --- Running -------------------------------------------------------------------

def _python() -> str:
    """A Python the sandbox can see: it shows /usr only."""
    return "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable


def _environment(threads: int) -> dict[str, str]:
    env = grading.run_environment()
    # The caller's own OpenMP settings count, as in ./workbook run.
    env.update({k: v for k, v in os.environ.items() if k.startswith(grading.OPENMP_SETTINGS)})
    env["OMP_NUM_THREADS"] = str(threads)
    return env


def _run(argv: list[str], readable: list[Path], env: dict[str, str], what: str) -> str:
    """One sandboxed run; its output. Fails unless it exits with status 0."""
    with sandbox.workdir("workbook-bench-") as tmp:
        box = sandbox.Sandbox(tmp / "scratch", readable=readable, env=env,
                              limits=sandbox.Limits(cpu_seconds=RUN_LIMIT * (os.cpu_count() or 2)))
        with open(tmp / "output", "wb") as out:
            box.start(argv, stdout=out, stderr=subprocess.STDOUT)
            try:
                box.proc.wait(timeout=RUN_LIMIT)
            except subprocess.TimeoutExpired:
                box.finish()
                raise BenchError(f"{what} ran for more than {RUN_LIMIT} s") from None
            code = box.finish()
        text = (tmp / "output").read_bytes().decode(errors="replace")
    if code != 0:
        raise BenchError(f"{what} stopped with status {code}:\n{text[-2000:]}")
    return text


def parse_times(text: str) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for line in text.splitlines():
        m = _TIME_LINE.match(line.strip())
        if m:
            times.setdefault(m.group("label"), []).append(float(m.group("seconds")))
    return times


class Progress:
    """A bar redrawn in place on a terminal; plain lines anywhere else."""

    def __init__(self, total: int, stream=None):
        stream = stream or sys.stdout
        self.total, self.done, self.stream = total, 0, stream
        self.redraw = terminal.can_redraw(stream)

    def step(self, what: str) -> None:
        self.done += 1
        if self.redraw:
            width = 30
            filled = width * (self.done - 1) // self.total
            self.stream.write(f"\r\033[K[{'#' * filled}{'-' * (width - filled)}] "
                              f"{self.done}/{self.total}  {what}")
        else:
            self.stream.write(f"bench: {what} ({self.done}/{self.total})\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.redraw:
            self.stream.write("\r\033[K")
            self.stream.flush()


@dataclass
class Measured:
    """Every time of one target: (source, label) -> threads -> seconds."""
    target: Target
    times: dict[tuple[str, str], dict[int, list[float]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)    # "note: ..." lines it printed

    def add(self, source: str, found: dict[str, list[float]], threads: int) -> None:
        for label, seconds in found.items():
            self.times.setdefault((source, label), {}).setdefault(threads, []).extend(seconds)


def measure_target(target: Target, threads: list[int], repeat: int,
                   progress: Progress) -> Measured:
    """A warm-up run, then `repeat` rounds; in each round every team size
    runs once (one process, one timed run after the program's own warm-up).
    Taking turns spreads a busy moment of the machine over every team size,
    where one block of runs per size would pin it on one of them."""
    result = Measured(target)
    c_argv = [str(target.path.resolve()), "--repeat", "1", *target.args]
    progress.step(f"{target.name}: warm-up run")
    _run(c_argv, [target.path], _environment(max(threads)), f"{target.name} (warm-up)")
    for round in range(1, repeat + 1):
        for p in threads:
            progress.step(f"{target.name}, round {round}, {p} thread{'s' if p != 1 else ''}")
            text = _run(c_argv, [target.path], _environment(p),
                        f"{target.name} with {p} threads")
            found = parse_times(text)
            if not found:
                raise BenchError(f"{target.name} printed no 'time LABEL SECONDS' line with "
                                 "--repeat: is it a program bench can time?")
            for line in text.splitlines():
                if line.startswith("note: ") and line[6:] not in result.notes:
                    result.notes.append(line[6:])
            result.add("c", found, p)
            if target.twin:
                progress.step(f"{target.twin.name}, round {round}, {p} "
                              f"process{'es' if p != 1 else ''}")
                argv = [_python(), str(target.twin.resolve()), *target.args,
                        "--processes", str(p), "--repeat", "1"]
                result.add("python", parse_times(_run(argv, [target.twin], _environment(1),
                                                      f"{target.twin.name}")), p)
    return result


# --- The machine -----------------------------------------------------------------

def machine(bd: wbuild.BuildDir) -> list[str]:
    """What the figures came from, one fact a line."""
    model, cores = "", set()
    try:
        package = "0"
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = (part.strip() for part in line.partition(":"))
            if key == "model name" and not model:
                model = value
            elif key == "physical id":
                package = value
            elif key == "core id":
                cores.add((package, value))
    except OSError:
        pass
    compiler = _cache(bd, "CMAKE_C_COMPILER") or bd.compiler
    try:
        version = subprocess.run([compiler, "--version"], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        version = compiler
    runtime = "libgomp (gcc's OpenMP runtime)" if bd.compiler == "gcc" else \
        "libomp (LLVM's OpenMP runtime)"
    settings = " ".join(f"{k}={v}" for k, v in sorted(os.environ.items())
                        if k.startswith(grading.OPENMP_SETTINGS) and k != "OMP_NUM_THREADS")
    return [f"machine   {os.uname().nodename}: {model or 'unknown processor'}",
            f"CPUs      {os.cpu_count()} logical, {len(cores) or '?'} cores, "
            f"{grading.cpus_available()} usable by this run",
            f"compiler  {version}; runtime {runtime}",
            f"settings  {settings or 'no OMP_* variable set (the runtime defaults)'}"]


# --- Reporting -------------------------------------------------------------------

def _unit(seconds: float) -> tuple[str, float]:
    if seconds < 1e-3:
        return "us", 1e6
    if seconds < 1:
        return "ms", 1e3
    return "s", 1.0


@dataclass
class Row:
    threads: int
    median: float
    low: float
    high: float
    speedup: float
    efficiency: float


def rows_of(by_threads: dict[int, list[float]]) -> list[Row]:
    """Speedups against the smallest team measured (1 thread, unless
    --threads left it out): S(p) = T(p0) / T(p), E(p) = S(p) p0 / p."""
    counts = sorted(by_threads)
    base = statistics.median(by_threads[counts[0]])
    rows = []
    for p in counts:
        m = statistics.median(by_threads[p])
        speedup = base / m if m > 0 else 0.0
        rows.append(Row(p, m, min(by_threads[p]), max(by_threads[p]), speedup,
                        speedup * counts[0] / p))
    return rows


def amdahl(rows: list[Row], cpus: int) -> str:
    """Amdahl's law fitted to the rows with 2..cpus threads."""
    fit = [(1 - 1 / r.threads, 1 / r.speedup - 1 / r.threads) for r in rows
           if 2 <= r.threads <= cpus and r.speedup > 0]
    if not fit or rows[0].threads != 1:
        return ""
    s = sum(x * y for x, y in fit) / sum(x * x for x, _ in fit)
    used = ", ".join(str(r.threads) for r in rows if 2 <= r.threads <= cpus)
    if s <= 0:
        return (f"Amdahl's law fitted to {used} threads: serial share s = {s:.4f}, at or "
                "below 0 (as fast as perfect scaling or faster): no limit shows yet")
    best = max(r.speedup for r in rows if 2 <= r.threads <= cpus)
    if s >= 1 or best <= 1:
        # No fit of Amdahl's law says anything then: s >= 1 would predict
        # a slowdown that grows with the threads, and a limit below 1 x.
        return (f"Amdahl's law fitted to {used} threads: serial share s = {s:.4f}; the "
                f"code ran no faster on {used} threads than on one (best speedup "
                f"{best:.2f} x), so the law predicts nothing: more threads will not help")
    limit = f"{1 / s:.1f}" if 1 / s < 10 else f"{1 / s:.0f}"
    return (f"Amdahl's law fitted to {used} threads: serial share s = {s:.4f}; it predicts "
            f"{1 / (s + (1 - s) / 16):.1f} x on 16 threads and at most {limit} x")


def is_serial(label: str) -> bool:
    """A version that runs on one thread whatever the team size (the
    reference a program times beside its parallel versions)."""
    return label == "serial"


def table(name: str, rows: list[Row], cpus: int) -> str:
    unit, scale = _unit(max(r.median for r in rows))
    first = rows[0].threads
    lines = [f"{name}: median of each team size's runs; speedup against "
             f"{first} thread{'s' if first != 1 else ''}",
             f"{'threads':>8} {'median':>10} {'min':>10} {'max':>10} {'spread':>7} "
             f"{'speedup':>8} {'efficiency':>10}"]
    for r in rows:
        spread = 100 * (r.high - r.low) / r.median if r.median else 0
        note = "  (more threads than CPUs)" if r.threads > cpus else ""
        lines.append(f"{r.threads:>8} {r.median * scale:>7.3f} {unit:<2} {r.low * scale:>7.3f} "
                     f"{unit:<2} {r.high * scale:>7.3f} {unit:<2} {spread:>5.1f} % "
                     f"{r.speedup:>6.2f} x {r.efficiency:>10.2f}{note}")
    fitted = amdahl(rows, cpus)
    return "\n".join(lines + ([fitted] if fitted else []))


def chart(name: str, rows: list[Row], width: int = 48) -> str:
    """Speedup bars; `|` marks the ideal speedup, p."""
    top = max([r.speedup for r in rows] + [r.threads for r in rows])
    per = width / top
    lines = [f"speedup of {name} ('|' is the ideal: p threads, p times faster)"]
    for r in rows:
        bar = ["#" if i < round(r.speedup * per) else " " for i in range(width + 1)]
        ideal = min(width, round(r.threads / rows[0].threads * per))
        bar[ideal] = "|"
        lines.append(f"{r.threads:>4} {''.join(bar)} {r.speedup:5.2f} x")
    return "\n".join(lines)


def ratios(m: Measured) -> str:
    """Python's times against the C program's, team size by team size."""
    if not m.target.pairs:
        return ""
    lines = [f"Python ({m.target.twin.name if m.target.twin else ''}) against C on the same "
             "arguments, medians; Python's pool has as many processes as C's team has threads"]
    for py_label, c_label in m.target.pairs.items():
        py, c = m.times.get(("python", py_label)), m.times.get(("c", c_label))
        if not py or not c:
            continue
        for p in sorted(set(py) & set(c)):
            a, b = statistics.median(py[p]), statistics.median(c[p])
            ua, sa = _unit(a)
            ub, sb = _unit(b)
            lines.append(f"{p:>4} {'thread ' if p == 1 else 'threads'}  Python {py_label:<9} "
                         f"{a * sa:9.3f} {ua:<2}  C {c_label:<9} {b * sb:9.3f} {ub:<2}  "
                         f"Python takes {a / b:8.1f} x as long")
    return "\n".join(lines) if len(lines) > 1 else ""


# --- Files ---------------------------------------------------------------------

def write_csv(path: Path, compiler: str, measured: list[Measured]) -> None:
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["compiler", "program", "source", "label", "threads", "run", "seconds"])
        for m in measured:
            for (source, label), by_threads in m.times.items():
                for p in sorted(by_threads):
                    for k, s in enumerate(by_threads[p], 1):
                        out.writerow([compiler, m.target.name, source, label, p, k, f"{s:.9f}"])


def _series(measured: list[Measured]) -> list[tuple[str, list[Row]]]:
    series = []
    for m in measured:
        for (source, label), by_threads in m.times.items():
            if not is_serial(label):
                name = f"{m.target.name} {label}" + (" (Python)" if source == "python" else "")
                series.append((name, rows_of(by_threads)))
    return series


def _gnuplot(path: Path, title: str, series, cpus: int) -> bool:
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        plots = []
        for i, (name, rows) in enumerate(series):
            data = Path(tmp) / f"{i}.dat"
            data.write_text("".join(f"{r.threads} {r.speedup}\n" for r in rows))
            label = name.replace('"', "'")
            plots.append(f"'{data}' using 1:2 with linespoints lw 2 title \"{label}\"")
        top = max(r.threads for _, rows in series for r in rows)
        counts = sorted({r.threads for _, rows in series for r in rows})
        script = "\n".join([
            "set terminal pngcairo size 960,600 noenhanced font ',11'",
            f"set output '{path}'",
            f"set title \"{title}\"",
            "set xlabel 'threads'", "set ylabel 'speedup (median time on 1 thread / on p)'",
            "set key left top box opaque", "set grid",
            "set xtics (" + ", ".join(str(c) for c in counts) + ")",
            f"set xrange [0.5:{top + 0.5}]", "set yrange [0:*]",
            f"set arrow from {cpus},graph 0 to {cpus},graph 1 nohead dt 3 lc rgb 'gray40'",
            f"set label 'CPUs of this run' at {cpus},graph 0.04 left offset 0.5,0",
            "plot x with lines dt 2 lc rgb 'gray50' title 'ideal: p x', " + ", ".join(plots),
        ])
        proc = subprocess.run([gnuplot], input=script, text=True, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    return proc.returncode == 0 and path.exists() and path.stat().st_size > 0


def _matplotlib(path: Path, title: str, series, cpus: int) -> bool:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    top = max(r.threads for _, rows in series for r in rows)
    fig, ax = plt.subplots(figsize=(9.6, 6))
    ax.plot([1, top], [1, top], "--", color="gray", label="ideal: p x")
    for name, rows in series:
        ax.plot([r.threads for r in rows], [r.speedup for r in rows], "o-", label=name)
    ax.axvline(cpus, color="gray", linestyle=":")
    ax.set(title=title, xlabel="threads", ylabel="speedup (median time on 1 thread / on p)")
    ax.grid(True)
    ax.legend(loc="upper left")
    fig.savefig(path)
    return True


def _svg(path: Path, title: str, series, cpus: int) -> None:
    """A plain SVG line chart, when neither gnuplot nor matplotlib is there."""
    w, h, m = 800, 500, 60
    top = max([r.threads for _, rows in series for r in rows] +
              [r.speedup for _, rows in series for r in rows])
    x = lambda v: m + (w - 2 * m) * (v / top)
    y = lambda v: h - m - (h - 2 * m) * (v / top)
    colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;")
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}">',
             '<rect width="100%" height="100%" fill="white"/>',
             f'<text x="{w / 2}" y="25" text-anchor="middle">{esc(title)}</text>',
             f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(top)}" y2="{y(top)}" stroke="gray" '
             'stroke-dasharray="4"/>',
             f'<line x1="{x(cpus)}" y1="{y(0)}" x2="{x(cpus)}" y2="{y(top)}" stroke="gray" '
             'stroke-dasharray="1,3"/>',
             f'<text x="{w / 2}" y="{h - 15}" text-anchor="middle">threads</text>']
    for i, (name, rows) in enumerate(series):
        c = colours[i % len(colours)]
        points = " ".join(f"{x(r.threads):.1f},{y(r.speedup):.1f}" for r in rows)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{c}" stroke-width="2"/>')
        parts.append(f'<text x="{m + 10}" y="{m + 20 * i}" fill="{c}">{esc(name)}</text>')
    path.write_text("\n".join(parts + ["</svg>"]) + "\n")


def picture(stem: Path, title: str, measured: list[Measured], cpus: int) -> Path:
    series = _series(measured)
    png = stem.with_suffix(".png")
    if _gnuplot(png, title, series, cpus) or _matplotlib(png, title, series, cpus):
        return png
    svg = stem.with_suffix(".svg")
    _svg(svg, title, series, cpus)
    return svg


# --- The command -----------------------------------------------------------------

def parse_threads(text: str | None, cpus: int) -> list[int]:
    """"1,2,4", "1-8" or a mix; by default 1 to the CPUs, then twice as many."""
    if not text:
        return sorted(set(range(1, cpus + 1)) | {2 * cpus})
    counts = set()
    for part in text.split(","):
        try:
            if "-" in part:
                low, high = (int(v) for v in part.split("-", 1))
                counts |= set(range(low, high + 1))
            else:
                counts.add(int(part))
        except ValueError:
            raise BenchError(f"--threads takes numbers such as 1,2,4 or 1-8, not '{text}'") \
                from None
    if not counts or min(counts) < 1 or max(counts) > 256:
        raise BenchError("--threads takes team sizes from 1 to 256")
    return sorted(counts)


def run(wb, bd: wbuild.BuildDir, number: str | None, program: str | None, exercise: str | None,
        threads_text: str | None, repeat: int, out: str | None, args: list[str]) -> int:
    if not 1 <= repeat <= 1000:
        raise BenchError("--repeat takes a number of runs from 1 to 1000")
    if exercise and (number or program):
        raise BenchError("give either a lesson (bench NN [PROGRAM]) or --exercise NN")
    if not exercise and not number:
        raise BenchError("give the lesson to time (./workbook bench 08) or --exercise NN")
    cpus = grading.cpus_available()
    threads = parse_threads(threads_text, cpus)
    if exercise:
        targets = [exercise_target(wb, bd, exercise, args)]
    else:
        targets = lesson_targets(bd, number, program, args)
    notice = sandbox.notice_once()
    if notice:
        print(notice, file=sys.stderr)
    about = machine(bd)
    print("\n".join(about))
    print(f"team sizes {', '.join(map(str, threads))}; after a warm-up run, {repeat} rounds "
          "in which each team size runs once\n", flush=True)
    steps = sum(1 + repeat * len(threads) * (2 if t.twin else 1) for t in targets)
    progress = Progress(steps)
    measured = []
    try:
        for target in targets:
            measured.append(measure_target(target, threads, repeat, progress))
    finally:
        progress.finish()
    for m in measured:
        for (source, label), by_threads in m.times.items():
            name = f"{m.target.name} {label}" + (" (Python)" if source == "python" else "")
            rows = rows_of(by_threads)
            if is_serial(label):
                unit, scale = _unit(rows[0].median)
                print(f"{name}: one thread whatever the team size; median "
                      + ", ".join(f"{r.median * scale:.3f} {unit} ({r.threads})" for r in rows)
                      + "\n")
                continue
            print(table(name, rows, cpus))
            print()
            print(chart(name, rows))
            print()
        for note in m.notes[:5]:
            print(f"note: {note}")
        compared = ratios(m)
        if compared:
            print(compared)
            print()
    folder = Path(out) if out else ROOT / "build" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    what = f"{exercise}-exercise" if exercise else \
        f"{number}-{program}" if program else f"{number}-all"
    stem = folder / f"{what}-{bd.compiler}"
    write_csv(stem.with_suffix(".csv"), bd.compiler, measured)
    model = about[0].split(": ", 1)[-1]
    title = (f"{what}, built with {bd.compiler}, on {model}: "
             f"{about[1].split(None, 1)[1]}").replace('"', "'")
    image = picture(stem, title, measured, cpus)
    shown = lambda p: p.resolve().relative_to(ROOT) if p.resolve().is_relative_to(ROOT) else p
    print(f"wrote {shown(stem.with_suffix('.csv'))} (every run) and {shown(image)} (speedups)")
    return 0


def existing_build(path: Path) -> wbuild.BuildDir:
    """A build folder configured before (--build-dir), with its compiler."""
    cache = path / "CMakeCache.txt"
    if not cache.exists():
        raise BenchError(f"{path} is not a configured build folder (no CMakeCache.txt)")
    probe = wbuild.BuildDir(path.resolve(), "gcc")
    compiler = "clang" if "clang" in Path(_cache(probe, "CMAKE_C_COMPILER")).name else "gcc"
    exercises = _cache(probe, "WORKBOOK_EXERCISES_DIR")
    return wbuild.BuildDir(path.resolve(), compiler,
                           exercises=Path(exercises) if exercises else None)


def main(wb, bd: wbuild.BuildDir, args) -> int:
    try:
        if getattr(args, "build_dir", None):
            bd = existing_build(Path(args.build_dir))
        return run(wb, bd, args.number, args.program, args.exercise, args.threads,
                   args.repeat, args.out, args.args)
    except BenchError as e:
        print(f"workbook: {e}", file=sys.stderr)
        return 2


# --- The self-test's checks (tools/workbook/selftest.py) --------------------------

def _csv_rows(path: Path) -> list[dict]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def check_bench(wb, bd: wbuild.BuildDir) -> str:
    """bench as a student runs it, on a lesson program, on the lesson's
    Python twin and on the exercise as shipped: tables, CSV and picture."""
    import contextlib
    import io
    from workbook.selftest import CheckFailed
    done = []
    with tempfile.TemporaryDirectory(prefix="workbook-bench-check-") as tmp:
        for number, program, exercise, args, labels in (
                ("08", "heavy_map", None, ["2000000"], {("c", "square")}),
                ("08", "tutorial_map", None, ["5000"],
                 {("c", "serial"), ("c", "parallel"), ("c", "if-clause"),
                  ("python", "pool"), ("python", "serial")}),
                (None, None, "08", ["200000"],
                 {("c", "map_sum"), ("c", "map_sum-small"), ("c", "tally")})):
            text = io.StringIO()
            try:
                with contextlib.redirect_stdout(text):
                    run(wb, bd, number, program, exercise, "1,2", 2, tmp, args)
            except BenchError as e:
                raise CheckFailed(f"bench {number or '--exercise ' + exercise}: {e}") from None
            what = f"{exercise}-exercise" if exercise else f"{number}-{program}"
            out = text.getvalue()
            csv_path = Path(tmp) / f"{what}-{bd.compiler}.csv"
            if not csv_path.exists():
                raise CheckFailed(f"bench {what} wrote no {csv_path.name}:\n{out[-2000:]}")
            rows = _csv_rows(csv_path)
            for source, label in labels:
                for p in (1, 2):
                    runs = [r for r in rows if (r["source"], r["label"], r["threads"]) ==
                            (source, label, str(p))]
                    if len(runs) != 2 or not all(float(r["seconds"]) > 0 for r in runs):
                        raise CheckFailed(f"bench {what}: {csv_path.name} holds {len(runs)} "
                                          f"runs of {source} {label} at {p} threads, not 2")
            images = [Path(tmp) / f"{what}-{bd.compiler}{e}" for e in (".png", ".svg")]
            image = next((i for i in images if i.exists()), None)
            if not image or not (image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" or
                                 b"<svg" in image.read_bytes()[:200]):
                raise CheckFailed(f"bench {what} drew no picture:\n{out[-2000:]}")
            for needed in ("speedup", "efficiency", "wrote "):
                if needed not in out:
                    raise CheckFailed(f"bench {what} printed no '{needed}':\n{out[-2000:]}")
            if program == "tutorial_map" and "Python takes" not in out:
                raise CheckFailed(f"bench {what} printed no Python-against-C ratio:\n"
                                  f"{out[-2000:]}")
            done.append(f"{what} ({len(rows)} runs, {image.suffix[1:]})")
    return f"bench: {'; '.join(done)}, with {bd.compiler}"


SLURM_CLUSTER = ROOT / "tests" / "slurm" / "cluster.sh"
SLURM_SWEEP = ROOT / "bench" / "slurm" / "strong_scaling.sbatch"


def check_slurm(wb, bd: wbuild.BuildDir) -> str:
    """The strong-scaling sweep submitted with sbatch to a one-node Slurm
    cluster on this machine (started here when it is not up, and then
    stopped again), and its result files checked."""
    from workbook.selftest import CheckFailed

    def cluster(command: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(SLURM_CLUSTER), command], stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=120)
    program = bd.lesson_program("08", "heavy_map")
    if not program.exists():
        raise CheckFailed(f"{program} is not built")
    started = False
    if cluster("status").returncode != 0:
        up = cluster("start")
        if up.returncode != 0:
            raise CheckFailed(f"the test cluster did not start:\n{up.stdout[-2000:]}")
        started = True
    try:
        conf = cluster("env").stdout.strip().split("=", 1)[1]
        env = dict(os.environ, SLURM_CONF=conf)
        cpus = len(os.sched_getaffinity(0))
        repeat = 3
        with tempfile.TemporaryDirectory(prefix="workbook-slurm-check-") as tmp:
            os.chmod(tmp, 0o755)
            proc = subprocess.run(
                ["sbatch", "--wait", f"--cpus-per-task={cpus}", "--time=00:10:00",
                 f"--output={tmp}/job-%j.log",
                 f"--export=ALL,PROGRAM={program},OUT={tmp},REPEAT={repeat},N=20000000",
                 str(SLURM_SWEEP)], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
            logs = sorted(Path(tmp).glob("job-*.log"))
            log = logs[0].read_text() if logs else ""
            if proc.returncode != 0:
                raise CheckFailed(f"sbatch --wait failed ({proc.returncode}): {proc.stdout}\n"
                                  f"{log[-2000:]}")
            job = re.search(r"Submitted batch job (\d+)", proc.stdout)
            if not job:
                raise CheckFailed(f"sbatch said: {proc.stdout}")
            job = job.group(1)
            files = {e: Path(tmp) / f"strong-scaling-{job}.{e}" for e in ("csv", "txt", "machine")}
            missing = [str(p.name) for p in files.values() if not p.exists()]
            if missing:
                raise CheckFailed(f"job {job} left no {', '.join(missing)}:\n{log[-2000:]}")
            wanted = sorted({1 << k for k in range(cpus.bit_length()) if 1 << k < cpus} | {cpus})
            rows = _csv_rows(files["csv"])
            for p in wanted:
                runs = [r for r in rows if r["threads"] == str(p) and r["label"] == "square"]
                if len(runs) != repeat or not all(float(r["seconds"]) > 0 for r in runs):
                    raise CheckFailed(f"job {job}: {files['csv'].name} holds {len(runs)} runs "
                                      f"at {p} threads, not {repeat}")
            summary = files["txt"].read_text().splitlines()
            if len(summary) != len(wanted) + 1 or "efficiency" not in summary[0]:
                raise CheckFailed(f"job {job}: the summary is not one line per team size:\n"
                                  + "\n".join(summary))
            said = f"SLURM_CPUS_PER_TASK={cpus} OMP_NUM_THREADS={cpus} OMP_PROC_BIND=close " \
                   "OMP_PLACES=cores"
            if said not in log:
                raise CheckFailed(f"job {job}'s log does not say `{said}`:\n{log[-2000:]}")
            if not re.search(r"OMP_PROC_BIND\s*=\s*'close'", log, re.I):
                raise CheckFailed(f"job {job}: the runtime did not report OMP_PROC_BIND "
                                  f"close (OMP_DISPLAY_ENV):\n{log[-2000:]}")
            last = summary[-1].split()
    finally:
        if started:
            cluster("stop")
    return (f"slurm: job {job} ran the sweep on {cpus} CPUs ({', '.join(map(str, wanted))} "
            f"threads, {repeat} runs each; {last[1]} threads: {last[2]} s, "
            f"efficiency {last[-1]})" + ("; the test cluster was started and stopped"
                                         if started else ""))
