"""./workbook: the student's and the maintainer's command line."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from workbook import build as wbuild
from workbook import grading, meta, report
from workbook.meta import ROOT

USAGE = """\
usage:
./workbook                      build everything and show where you stand
./workbook run NN [PROGRAM] [-t THREADS] [-- ARGS]
                                build and run lesson NN's programs
./workbook check [NN] [--json FILE]
                                grade your exercise NN (or all of them)
./workbook test                 run the project's own test suite (maintainers)

Options for every command: --compiler gcc|clang (or WORKBOOK_COMPILER).
"""


def fail(message: str) -> int:
    print(f"workbook: {message}", file=sys.stderr)
    return 2


def _grade(wb: meta.Workbook, bd: wbuild.BuildDir, exercises) -> dict:
    """Build each exercise's graded tests and run them: topic -> records."""
    wbuild.configure(bd)
    results = {}
    for ex in exercises:
        print(f"building and grading exercise {ex.number} ...", file=sys.stderr, flush=True)
        error = wbuild.try_build(bd, f"grade-{ex.number}-exercise")
        binary = None if error else bd.grader(ex.number, "exercise")
        if error:
            error = f"your code does not compile: {error}"
        results[ex.topic] = grading.grade_exercise(ex, binary, wb.threads, error)
    return results


def cmd_status(wb: meta.Workbook, bd: wbuild.BuildDir) -> int:
    print(f"Building the workbook with {bd.compiler} in {bd.path.relative_to(ROOT)} ...")
    wbuild.configure(bd)
    wbuild.build(bd, [f"lesson-{ex.number}-{p}" for ex in wb.exercises
                      for p in wbuild.lesson_programs(ex.topic)])
    results = _grade(wb, bd, wb.exercises)
    earned = sum(r.points for rs in results.values() for r in rs)
    print()
    for ex in wb.exercises:
        print(report.exercise_block(ex, results[ex.topic], verbose=False))
    print()
    print("Progress " + report.progress_bar(earned, wb.points))
    todo = [ex for ex in wb.exercises if report.score(results[ex.topic])[0] < ex.points]
    if not todo:
        print("Every exercise is at full marks. Well done!")
        return 0
    ex = todo[0]
    print(f"\nNext: {ex.number} {ex.title}\n"
          f"  read   lessons/{ex.topic}/README.md\n"
          f"  try    ./workbook run {ex.number}\n"
          f"  edit   exercises/{ex.topic}/\n"
          f"  check  ./workbook check {ex.number}")
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
    wbuild.build(bd, [f"lesson-{ex.number}-{p}" for p in programs])
    env = dict(os.environ)
    if args.threads:
        env["OMP_NUM_THREADS"] = str(args.threads)
    status = 0
    for program in programs:
        path = bd.lesson_program(ex.number, program)
        if len(programs) > 1:
            print(f"==> {path.relative_to(ROOT)}", flush=True)
        status = max(status, subprocess.call([str(path), *args.args], env=env))
    return status


def cmd_check(wb: meta.Workbook, bd: wbuild.BuildDir, args) -> int:
    exercises = [wb.find(args.number)] if args.number else list(wb.exercises)
    results = _grade(wb, bd, exercises)
    for ex in exercises:
        print(report.exercise_block(ex, results[ex.topic]))
        print()
    records = [r for rs in results.values() for r in rs]
    earned, possible = report.score(records)
    print(f"Total: {earned}/{possible}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"compiler": bd.compiler, "earned": earned, "possible": possible,
                       "tests": [r.as_dict() for r in records]}, f, indent=2)
    return 0 if earned == possible else 1


def cmd_test(args) -> int:
    """Build with every compiler and run the self-test through CTest."""
    compilers = wbuild.COMPILERS if args.compiler in (None, "all") else (args.compiler,)
    env = dict(os.environ)
    if args.repeat:
        env["WORKBOOK_REPEAT"] = str(args.repeat)
    failed = []
    for compiler in compilers:
        bd = wbuild.build_dir(compiler, "test")
        print(f"== {compiler}: configure and build in {bd.path.relative_to(ROOT)}", flush=True)
        wbuild.configure(bd, strict=True)
        wbuild.build(bd)
        print(f"== {compiler}: self-test", flush=True)
        code = subprocess.call(["ctest", "--test-dir", str(bd.path), "--output-on-failure",
                                "-j", str(os.cpu_count() or 2)], env=env, cwd=ROOT,
                               stdin=subprocess.DEVNULL)
        if code != 0:
            failed.append(compiler)
    if failed:
        print(f"self-test FAILED with {', '.join(failed)}")
        return 1
    print(f"self-test passed with {', '.join(compilers)}")
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
    run = sub.add_parser("run", usage="./workbook run NN [PROGRAM] [-t THREADS] [-- ARGS]")
    run.add_argument("number")
    run.add_argument("program", nargs="?")
    run.add_argument("-t", "--threads", type=int)
    check = sub.add_parser("check", usage="./workbook check [NN]")
    check.add_argument("number", nargs="?")
    check.add_argument("--json", metavar="FILE",
                       help="also write one result record per test to FILE")
    test = sub.add_parser("test", usage="./workbook test [--repeat N]")
    test.add_argument("--repeat", type=int, default=0,
                      help="grade every solution N times (CI uses 20)")
    for p in (run, check, test):
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
        if args.command == "run":
            if args.threads is not None and args.threads < 1:
                return fail("-t needs a thread count of 1 or more")
            return cmd_run(wb, bd, args)
        if args.command == "check":
            return cmd_check(wb, bd, args)
        return cmd_status(wb, bd)
    except (meta.MetadataError, wbuild.BuildError) as e:
        return fail(str(e))
    except KeyboardInterrupt:
        return 130
