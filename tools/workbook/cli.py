"""./workbook: the student's and the maintainer's command line."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from workbook import build as wbuild
from workbook import lesson_run, meta, progress, report, sandbox, shipped, state, student, terminal
from workbook import tree, watch
from workbook import bench as wbench
from workbook.meta import ROOT

USAGE = """\
usage:
./workbook                  pick up where you left off: your progress, then every
                            save of the current exercise is built and graded
                            (keys: n next, p previous, h hint, l list,
                            c check all, x race check, r reset, q quit)
./workbook list             every exercise with its title, score and state
./workbook run NN [PROGRAM] [-t THREADS] [-- ARGS]
                            build and run lesson NN's programs
./workbook check [NN] [--json FILE] [--no-race]
                            grade exercise NN (or all); exit status 0 at full marks
./workbook hint NN          the next hint for exercise NN, one more each time
./workbook race NN          look for data races in exercise NN (ThreadSanitizer)
./workbook reset NN [--yes] put exercise NN back as shipped, keeping a backup
./workbook solution NN [--give-up]
                            the reference solution, once you have full marks
./workbook submit [--name ID]
                            one archive of your exercise files, to hand in
./workbook grade SUBMISSION... [-j N] [--out DIR] [--regrade NN] [--unsandboxed]
                            grade a class: folders, .zip, .tar(.gz) or submit archives;
                            gradebook.csv, JUnit XML, TAP and report.html in DIR
                            (--gradescope FILE: one submission's results.json)
./workbook grade --slurm SUBMISSION... [--out DIR] [--tasks K] [--cpus-per-task C]
                 [--sbatch "OPTIONS"] [--wait]
                            the same, as a Slurm job array; then:
./workbook grade --collect DIR
                            merge the tasks' results and write the reports
./workbook gradescope [--out ZIP]
                            the workbook as a Gradescope autograder zip
./workbook classroom CHECK_JSON...
                            GitHub Classroom's reporter line from check --json files
                            (.github/classroom/autograding.yml runs it)
./workbook bench NN [PROGRAM] [--threads LIST] [--repeat K] [-- ARGS]
./workbook bench --exercise NN [--threads LIST] [--repeat K]
                            time lesson NN's programs, or your exercise, on 1, 2, ...
                            threads: table, chart, CSV and picture in build/bench/
./workbook test [--repeat N]
                            the project's own test suite (maintainers)

Every command takes --compiler gcc|clang (or set WORKBOOK_COMPILER); NN is a
number such as 02. Colour is off with NO_COLOR or when output is not a terminal.
"""


def fail(message: str) -> int:
    print(f"workbook: {message}", file=sys.stderr)
    return 2


def cmd_watch(wb: meta.Workbook, bd: wbuild.BuildDir) -> int:
    if not sys.stdin.isatty():
        return watch.status_once(wb, bd, terminal.use_colour())
    return watch.Watch(wb, bd, terminal.use_colour(), terminal.can_redraw()).run()


def cmd_list(wb: meta.Workbook, bd: wbuild.BuildDir) -> int:
    marks = progress.scores(wb, bd)
    st = state.load()
    print(progress.table(wb, marks, st, progress.current(wb, st, marks), terminal.use_colour()))
    return 0


def cmd_run(wb: meta.Workbook, bd: wbuild.BuildDir, args) -> int:
    ex = wb.find(args.number)
    programs = wbuild.lesson_programs(ex.topic)
    if args.program:
        if args.program not in programs:
            return fail(f"lesson {ex.number} has no program '{args.program}'; "
                        f"it has: {', '.join(programs)}")
        programs = [args.program]
    wbuild.configure(bd)
    warnings = wbuild.build_lesson(bd, ex.topic, programs)
    notice = sandbox.notice_once()
    if notice:
        print(notice, file=sys.stderr)
    env = lesson_run.environment(dict(os.environ), args.threads)
    status = 0
    for program in programs:
        path = bd.lesson_program(ex.number, program)
        if len(programs) > 1:
            print(f"==> {path.relative_to(ROOT)}", flush=True)
        # To stderr, before the program's own output: a warning can explain
        # what it prints, and its output stays the program's alone.
        for line in report.warning_lines(warnings[program], f"{program}'s code"):
            print(line, file=sys.stderr, flush=True)
        status = max(status, _run_sandboxed(path, args.args, env))
    return status


def _run_sandboxed(path, program_args, env) -> int:
    """A lesson program (which a student may have changed) in the sandbox,
    its output straight to the terminal; Ctrl-C stops it."""
    with lesson_run.box(path, env) as box:
        box.start(lesson_run.argv(path, program_args), stdin=None)
        try:
            box.proc.wait()
        except KeyboardInterrupt:
            box.kill()
        code = box.finish()
    return code if code >= 0 else 128 - code


def cmd_check(wb: meta.Workbook, bd: wbuild.BuildDir, args) -> int:
    exercises = [wb.find(args.number)] if args.number else list(wb.exercises)
    graded = progress.grade(wb, bd, exercises)
    results = {topic: g.records for topic, g in graded.items()}
    colour = terminal.use_colour()
    for ex in exercises:
        print(report.exercise_block(ex, results[ex.topic], warnings=graded[ex.topic].warnings))
        print()
        suspects = progress.race_suspects(ex, results[ex.topic])
        if suspects and not args.no_race:
            print(f"A data race could explain {', '.join(r.test for r in suspects)}: "
                  "looking for one with ThreadSanitizer ...", flush=True)
            print(progress.look_for_races(wb, bd, ex, colour)[1])
            print()
    records = [r for rs in results.values() for r in rs]
    earned, possible = report.score(records)
    print(f"Total: {earned}/{possible}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"compiler": bd.compiler, "earned": earned, "possible": possible,
                       "tests": [r.as_dict() for r in records]}, f, indent=2)
    return 0 if earned == possible else 1


def cmd_hint(wb: meta.Workbook, args) -> int:
    print(student.next_hint(wb.find(args.number)))
    return 0


def cmd_reset(wb: meta.Workbook, args) -> int:
    ex = wb.find(args.number)
    if not args.yes:
        if not sys.stdin.isatty():
            return fail(f"reset replaces your files in exercises/{ex.topic}/: "
                        f"confirm with ./workbook reset {ex.number} --yes")
        if not student.ask(f"Put exercises/{ex.topic}/ back as shipped? "
                           "Your files are kept as a backup."):
            print("Nothing was reset.")
            return 1
    print(student.reset(ex))
    return 0


def cmd_solution(wb: meta.Workbook, bd: wbuild.BuildDir, args) -> int:
    ex = wb.find(args.number)
    earned, possible = progress.scores(wb, bd, [ex])[ex.number]
    print(student.solution(ex, earned, possible, args.give_up))
    return 0


def cmd_race(wb: meta.Workbook, bd: wbuild.BuildDir, args) -> int:
    wbuild.configure(wbuild.instruments_dir(bd))   # where the race program is built
    code, text = progress.look_for_races(wb, bd, wb.find(args.number), terminal.use_colour())
    if code == 2:
        print(f"workbook: {text}", file=sys.stderr)
    else:
        print(text)
    return code


def _shipped_exercises(bd: wbuild.BuildDir, wb: meta.Workbook) -> Path | None:
    """The exercise files as shipped (git), copied beside the test build: the
    self-test grades those, never the files a student may be editing."""
    folder = bd.path / "shipped-exercises"
    try:
        for ex in wb.exercises:
            _, files = shipped.files(ex)
            for name, content in files.items():
                if name.endswith(".c"):
                    target = folder / ex.topic / Path(name).name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    if not target.exists() or target.read_bytes() != content:
                        target.write_bytes(content)
    except shipped.NotShipped as e:
        print(f"workbook: {e}; the self-test grades exercises/ as it is", file=sys.stderr)
        return None
    return folder


def cmd_submit(wb: meta.Workbook, args) -> int:
    from workbook import handin
    path = handin.make_archive(wb, args.name)
    print(f"Your exercise files are in {path}\nHand in that one file; it holds nothing "
          "else of the workbook.")
    return 0


def cmd_grade(wb: meta.Workbook, compiler: str, args) -> int:
    from workbook import batch, reports
    reason = sandbox.unavailable()
    if reason and not args.unsandboxed:
        return fail(f"{reason}; grading a class runs every submission in the sandbox: "
                    "fix that, or add --unsandboxed to grade without it (on a machine "
                    "that holds nothing else of value)")
    from workbook import slurm
    try:
        if args.collect:
            out = Path(args.collect)
            records = slurm.collect(out.resolve())
            for path in reports.write_all(wb, records, out):
                print(f"wrote {path}")
            return 0
        if args.slurm_task is not None:
            slurm.run_task(Path(args.out).resolve(), args.slurm_task)
            return 0
    except slurm.SlurmError as e:
        return fail(str(e))
    if not args.submissions:
        return fail("give the submissions to grade: folders, .zip, .tar or .tar.gz files")
    if args.slurm:
        try:
            print(slurm.submit(wb, [Path(p) for p in args.submissions], Path(args.out),
                               compiler, args.tasks, args.cpus_per_task or slurm.cpus_default(),
                               args.sbatch or "", args.wait))
            if args.wait:
                records = slurm.collect(Path(args.out).resolve())
                for path in reports.write_all(wb, records, Path(args.out)):
                    print(f"wrote {path}")
        except slurm.SlurmError as e:
            return fail(str(e))
        return 0
    if args.gradescope and len(args.submissions) != 1:
        return fail("--gradescope writes the results of one submission: give exactly one")
    out = Path(args.out)
    try:
        records = batch.run([Path(p) for p in args.submissions], out, jobs=args.jobs,
                            compiler=compiler, regrade=args.regrade,
                            gradescope=Path(args.gradescope).resolve() if args.gradescope
                            else None)
    except (batch.BatchError, tree.TreeError) as e:
        return fail(str(e))
    for path in reports.write_all(wb, records, out):
        print(f"wrote {path}")
    if args.gradescope:
        wanted = str(Path(args.submissions[0]))
        mine = [r for r in records if r.get("source") == wanted]
        if not mine:
            return fail(f"no record of {wanted} was written in {out}: grade it again")
        target = Path(args.gradescope)
        batch.write_atomically(target, json.dumps(reports.gradescope(mine[-1]), indent=1))
        print(f"wrote {target}")
    return 0


def cmd_classroom(args) -> int:
    """The `result=...` line GitHub Classroom's reporter reads, from the
    files `./workbook check --json` wrote (one per exercise, or one for all)."""
    import base64
    from workbook import reports
    tests = []
    for name in args.results:
        try:
            checked = json.loads(Path(name).read_text())
            tests += checked["tests"]
        except (OSError, ValueError, KeyError, TypeError):
            return fail(f"{name} is not a file that ./workbook check --json wrote: run "
                        "./workbook check NN --json FILE first")
    encoded = base64.b64encode(json.dumps(reports.classroom({"tests": tests})).encode())
    print(f"result={encoded.decode()}")
    return 0


def cmd_gradescope(wb: meta.Workbook, args) -> int:
    from workbook import gradescope
    out = Path(args.out)
    gradescope.make_zip(out)
    print(f"wrote {out}: upload it as the autograder of a Gradescope programming "
          "assignment (Ubuntu or Debian base image, 2 CPUs or more so that the race "
          "tests run)")
    return 0


def cmd_test(args) -> int:
    """Build with every compiler, then run the self-test through CTest. Both
    builds come first: the race check of every build uses clang's."""
    wb = meta.load()
    wanted = wbuild.COMPILERS if args.compiler in (None, "all") else (args.compiler,)
    env = dict(os.environ)
    if args.repeat:
        env["WORKBOOK_REPEAT"] = str(args.repeat)
    builds = {}
    for compiler in wbuild.COMPILERS:
        plain = wbuild.build_dir(compiler, "test")
        bd = wbuild.BuildDir(plain.path, compiler, exercises=_shipped_exercises(plain, wb))
        print(f"== {compiler}: configure and build in {bd.path.relative_to(ROOT)}", flush=True)
        wbuild.configure(bd, strict=True)
        wbuild.build(bd)
        builds[compiler] = bd
    failed = []
    for compiler in wanted:
        print(f"== {compiler}: self-test", flush=True)
        code = subprocess.call(["ctest", "--test-dir", str(builds[compiler].path),
                                "--output-on-failure", "-j", str(os.cpu_count() or 2)],
                               env=env, cwd=ROOT, stdin=subprocess.DEVNULL)
        if code != 0:
            failed.append(compiler)
    if failed:
        print(f"self-test FAILED with {', '.join(failed)}")
        return 1
    print(f"self-test passed with {', '.join(wanted)}")
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse, with the short usage above instead of its generated help."""

    def format_help(self) -> str:
        return USAGE

    def error(self, message: str):
        print(f"workbook: {message}\n\n{USAGE}", file=sys.stderr)
        sys.exit(2)


def parse_args(argv: list[str]):
    parser = _Parser(prog="./workbook")
    parser.add_argument("--compiler", choices=[*wbuild.COMPILERS, "all"], default=None)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    sub.add_parser("list", usage="./workbook list")
    run = sub.add_parser("run", usage="./workbook run NN [PROGRAM] [-t THREADS] [-- ARGS]")
    run.add_argument("number")
    run.add_argument("program", nargs="?")
    run.add_argument("-t", "--threads", type=int)
    check = sub.add_parser("check", usage="./workbook check [NN] [--json FILE] [--no-race]")
    check.add_argument("number", nargs="?")
    check.add_argument("--json", metavar="FILE")
    check.add_argument("--no-race", action="store_true")
    hint = sub.add_parser("hint", usage="./workbook hint NN")
    hint.add_argument("number")
    race = sub.add_parser("race", usage="./workbook race NN")
    race.add_argument("number")
    reset = sub.add_parser("reset", usage="./workbook reset NN [--yes]")
    reset.add_argument("number")
    reset.add_argument("--yes", "-y", action="store_true")
    solution = sub.add_parser("solution", usage="./workbook solution NN [--give-up]")
    solution.add_argument("number")
    solution.add_argument("--give-up", action="store_true")
    submit = sub.add_parser("submit", usage="./workbook submit [--name ID]")
    submit.add_argument("--name", default="")
    grade = sub.add_parser("grade", usage="./workbook grade SUBMISSION... [-j N] [--out DIR] "
                           "[--regrade NN] [--unsandboxed]")
    grade.add_argument("submissions", nargs="*")
    grade.add_argument("-j", "--jobs", type=int, default=1)
    grade.add_argument("--out", default="grades")
    grade.add_argument("--regrade", action="append", metavar="NN")
    grade.add_argument("--unsandboxed", action="store_true")
    grade.add_argument("--gradescope", metavar="RESULTS_JSON")
    grade.add_argument("--slurm", action="store_true")
    grade.add_argument("--tasks", type=int)
    grade.add_argument("--cpus-per-task", type=int)
    grade.add_argument("--sbatch", metavar="OPTIONS")
    grade.add_argument("--wait", action="store_true")
    grade.add_argument("--collect", metavar="DIR")
    grade.add_argument("--slurm-task", type=int, help=argparse.SUPPRESS)
    room = sub.add_parser("classroom", usage="./workbook classroom CHECK_JSON...")
    room.add_argument("results", nargs="+")
    gs = sub.add_parser("gradescope", usage="./workbook gradescope [--out ZIP]")
    gs.add_argument("--out", default="build/gradescope-autograder.zip")
    bench = sub.add_parser("bench", usage="./workbook bench NN [PROGRAM] [--threads LIST] "
                           "[--repeat K] [-- ARGS] | --exercise NN")
    bench.add_argument("number", nargs="?")
    bench.add_argument("program", nargs="?")
    bench.add_argument("--exercise", metavar="NN")
    bench.add_argument("--threads", metavar="LIST")
    bench.add_argument("--repeat", type=int, default=5)
    bench.add_argument("--out", metavar="DIR")
    bench.add_argument("--build-dir", metavar="DIR")
    test = sub.add_parser("test", usage="./workbook test [--repeat N]")
    test.add_argument("--repeat", type=int, default=0)
    for p in sub.choices.values():
        p.add_argument("--compiler", choices=[*wbuild.COMPILERS, "all"], default=argparse.SUPPRESS)
    # Everything after "--" goes to the lesson program untouched.
    program_args = []
    if "--" in argv:
        cut = argv.index("--")
        argv, program_args = argv[:cut], argv[cut + 1:]
    args = parser.parse_args(argv)
    args.args = program_args
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        if args.command == "test":
            return cmd_test(args)
        wb = meta.load()
        compiler = args.compiler if args.compiler not in (None, "all") else wbuild.default_compiler()
        bd = wbuild.build_dir(compiler)
        if args.command == "grade" and args.jobs < 1:
            return fail("-j needs a number of jobs of 1 or more")
        if args.command == "run":
            if args.threads is not None and args.threads < 1:
                return fail("-t needs a thread count of 1 or more")
            return cmd_run(wb, bd, args)
        commands = {
            "check": lambda: cmd_check(wb, bd, args),
            "list": lambda: cmd_list(wb, bd),
            "hint": lambda: cmd_hint(wb, args),
            "race": lambda: cmd_race(wb, bd, args),
            "reset": lambda: cmd_reset(wb, args),
            "solution": lambda: cmd_solution(wb, bd, args),
            "submit": lambda: cmd_submit(wb, args),
            "grade": lambda: cmd_grade(wb, compiler, args),
            "gradescope": lambda: cmd_gradescope(wb, args),
            "classroom": lambda: cmd_classroom(args),
            "bench": lambda: wbench.main(wb, bd, args),
            None: lambda: cmd_watch(wb, bd),
        }
        return commands[args.command]()
    except (meta.MetadataError, wbuild.BuildError, shipped.NotShipped, student.Refused) as e:
        return fail(str(e))
    except KeyboardInterrupt:
        return 130
