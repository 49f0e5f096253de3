"""./workbook's commands, driven as a student would, in a private copy.

Run: python3 -m unittest -v tests/cli/test_commands.py   (about a minute)
"""
from __future__ import annotations

import json
import re
import shutil
import unittest

from sandbox import ESCAPE, REPO, Sandbox, Terminal

WORKERS = "exercises/01-how-many-workers/workers.c"


def setUpModule():
    global box
    box = Sandbox()


def tearDownModule():
    box.close()


class Commands(unittest.TestCase):
    def setUp(self):
        box.restore()

    def assertOneSentence(self, result, *words):
        """A failed command: exit status 2, one line on stderr naming `words`
        (beside the progress lines that say what is being built)."""
        self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
        lines = [l for l in result.stderr.strip().splitlines()
                 if not l.startswith("building and grading")]
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertTrue(lines[0].startswith("workbook: "), lines[0])
        for word in words:
            self.assertIn(word, lines[0])
        self.assertNotIn("Traceback", result.stderr)

    def test_unknown_exercise_is_one_sentence(self):
        for command in (["hint", "42"], ["check", "42"], ["reset", "x", "--yes"],
                        ["solution", "0"], ["run", "99"], ["race", "19"]):
            with self.subTest(command=command):
                self.assertOneSentence(box.run(*command), "there is no exercise",
                                       "01, 02, 03, 04, 05, 06, 07, 08")

    def test_hints_come_one_level_per_call_and_are_remembered(self):
        first = box.run("hint", "01")
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertIn("Hint 1 of 3", first.stdout)
        self.assertNotIn("Hint 2 of 3", first.stdout)
        second = box.run("hint", "1")
        self.assertIn("Hint 2 of 3", second.stdout)
        self.assertNotIn("Hint 3 of 3", second.stdout)
        third = box.run("hint", "01-how-many-workers")
        self.assertIn("Hint 3 of 3", third.stdout)
        self.assertIn("That was the last hint", third.stdout)
        again = box.run("hint", "01")
        self.assertIn("Hint 3 of 3", again.stdout)
        self.assertEqual(box.run("hint", "02").stdout.count("Hint "), 1,
                         "each exercise has its own hint level")
        saved = json.loads(box.path(".workbook/state.json").read_text())
        self.assertEqual(saved["hints"], {"01": 3, "02": 1})

    def test_corrupt_state_is_set_aside_and_said(self):
        box.run("hint", "01")
        box.path(".workbook/state.json").write_text('{"version": 1, "hints": {"01": "lots"')
        result = box.run("hint", "01")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("was damaged", result.stdout)
        kept = sorted(box.path(".workbook").glob("state.json.corrupt-*"))
        self.assertEqual(len(kept), 1)
        self.assertIn(kept[0].name, result.stdout)
        self.assertIn("Hint 1 of 3", result.stdout, "a fresh state starts the hints again")
        self.assertEqual(json.loads(box.path(".workbook/state.json").read_text())["hints"],
                         {"01": 1})
        # Valid JSON of the wrong shape is just as untrustworthy.
        box.path(".workbook/state.json").write_text('[1, 2, 3]')
        self.assertIn("was damaged", box.run("hint", "01").stdout)

    def test_reset_asks_first_and_keeps_a_backup(self):
        shipped = box.path(WORKERS).read_text()
        box.path(WORKERS).write_text("/* my attempt */\n" + shipped)
        refused = box.run("reset", "01")
        self.assertOneSentence(refused, "--yes")
        self.assertTrue(box.path(WORKERS).read_text().startswith("/* my attempt */"))

        said_no = Terminal(box, "reset", "01")
        said_no.read_until(r"\[y/N\]")
        said_no.press("n\n")
        self.assertEqual(said_no.finish(), 1)
        self.assertIn("Nothing was reset", said_no.plain())
        self.assertTrue(box.path(WORKERS).read_text().startswith("/* my attempt */"))

        said_yes = Terminal(box, "reset", "01")
        said_yes.read_until(r"\[y/N\]")
        said_yes.press("y\n")
        self.assertEqual(said_yes.finish(), 0, said_yes.plain())
        self.assertEqual(box.path(WORKERS).read_text(), shipped)
        backup = re.search(r"kept in (\S+)/", said_yes.plain()).group(1)
        self.assertTrue(box.path(backup + "/workers.c").read_text().startswith("/* my attempt */"))

        again = box.run("reset", "01", "--yes")
        self.assertIn("already as shipped", again.stdout)

    def test_solution_opens_at_full_marks_or_on_giving_up(self):
        locked = box.run("solution", "01")
        self.assertOneSentence(locked, "0/9", "--give-up")
        self.assertNotIn("omp_get_num_procs", locked.stdout)

        shutil.copy(box.path("solutions/01-how-many-workers/workers.c"), box.path(WORKERS))
        earned = box.run("solution", "01")
        self.assertEqual(earned.returncode, 0, earned.stderr)
        self.assertIn("omp_get_num_procs", earned.stdout)
        self.assertNotIn("gave up", earned.stdout)

        box.restore()
        given_up = box.run("solution", "01", "--give-up")
        self.assertEqual(given_up.returncode, 0, given_up.stderr)
        self.assertIn("omp_get_num_procs", given_up.stdout)
        self.assertIn("01", json.loads(box.path(".workbook/state.json").read_text())["gave_up"])
        listed = box.run("list").stdout
        self.assertRegex(listed, r"01 How many workers\?.*0/9\s+gave up")

    def test_deleted_student_file_says_how_to_get_it_back(self):
        box.path(WORKERS).unlink()
        result = box.run("check", "01")
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"{WORKERS} is missing: ./workbook reset 01 puts the shipped file back",
                      " ".join(result.stdout.split()))
        self.assertNotIn("CMake", result.stdout + result.stderr)
        self.assertEqual(box.run("reset", "01", "--yes").returncode, 0)
        self.assertTrue(box.path(WORKERS).exists())

    def test_compile_error_shows_the_first_error_only(self):
        box.path(WORKERS).write_text(box.path(WORKERS).read_text() + "\nint broken(void) { return }\n")
        result = box.run("check", "01")
        self.assertEqual(result.returncode, 1)
        self.assertRegex(result.stdout, rf"your code does not compile: {WORKERS}:\d+:\d+: error:")
        self.assertEqual(result.stdout.count("error:"), 1, result.stdout)

    def test_run_shows_a_lesson_programs_warnings_every_time(self):
        team = "lessons/01-how-many-workers/team.c"
        shipped = box.path(team).read_text()
        self.addCleanup(box.path(team).write_text, shipped)
        box.path(team).write_text(shipped.replace("int main(void)\n{\n",
                                                  "int main(void)\n{\n    int unused_here;\n", 1))
        warning = re.compile(rf"^    {team}:\d+: unused variable .unused_here.", re.M)
        for attempt in ("compiled", "nothing left to compile"):
            with self.subTest(attempt=attempt):
                result = box.run("run", "01", "team", "-t", "2")
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertRegex(result.stderr, warning)
                self.assertIn("Thread 1 of 2 is running", result.stdout)
                self.assertNotIn("unused_here", result.stdout)

    def solved_but(self, old: str, new: str) -> None:
        """The solution of 01 with one change: a student's mistake."""
        text = box.path("solutions/01-how-many-workers/workers.c").read_text()
        self.assertIn(old, text)
        box.path(WORKERS).write_text(text.replace(old, new))

    def test_a_crash_names_its_signal_and_the_race_check_looks(self):
        # Every thread writes through a null pointer: a crash inside a team.
        self.solved_but("size = omp_get_num_threads();",
                        "size = omp_get_num_threads();\n        *(volatile int *)0 = size;")
        result = box.run("check", "01")
        self.assertEqual(result.returncode, 1)
        text = " ".join(result.stdout.split())
        self.assertIn("CRASH 0/1 team_size_is_requested", text)
        self.assertIn("team_size_is_requested crashed with SIGSEGV (a segmentation fault", text)
        self.assertIn("./workbook race 01 looks for threads", text)
        self.assertIn("A data race could explain", text)
        self.assertIn("Race check of exercises/01-how-many-workers/workers.c", text)
        self.assertIn("PASS 1/1 cores_available_counts_cores", text, "other tests unharmed")

    def test_a_hang_names_the_test_and_its_limit(self):
        self.solved_but("    snprintf(buf, size,",
                        "    while (size == 0)\n        ;\n    snprintf(buf, size,")
        result = box.run("check", "01", "--no-race")
        self.assertEqual(result.returncode, 1)
        text = " ".join(result.stdout.split())
        self.assertIn("TIMEOUT 0/1 describe_cores_never_overflows", text)
        self.assertIn("describe_cores_never_overflows did not finish within its limit of 10 s",
                      text)
        self.assertIn("PASS 1/1 describe_cores_follows_affinity", text, "other tests unharmed")
        # The instruments judge working code only: they wait for the hang's fix.
        self.assertIn("FAIL 0/1 no_data_race", text)
        self.assertIn("Total: 6/9", text)

    def test_piped_output_has_no_escapes(self):
        for command in (["list"], ["check", "01"], ["hint", "01"], ["--help"], []):
            with self.subTest(command=command):
                result = box.run(*command)
                self.assertNotIn("\x1b", result.stdout + result.stderr)

    def test_no_terminal_shows_the_status_once(self):
        result = box.run()   # standard input closed: nothing to read keys from
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Progress [", result.stdout)
        self.assertIn("Current: 01 How many workers?", result.stdout)
        self.assertIn("Run ./workbook in a terminal", result.stdout)

    def test_list_shows_every_exercise_with_score_and_state(self):
        shutil.copy(box.path("solutions/01-how-many-workers/workers.c"), box.path(WORKERS))
        listed = box.run("list")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        lines = [l for l in listed.stdout.splitlines() if re.match(r"[ >] \d\d ", l)]
        import tomllib
        exercises = tomllib.loads(box.path("workbook.toml").read_text())["exercise"]
        points = [sum(t["points"] for t in ex["test"]) for ex in exercises]
        self.assertEqual(len(lines), len(exercises))
        self.assertRegex(lines[0], rf"01 How many workers\?\s+{points[0]}/{points[0]}\s+done")
        self.assertRegex(lines[1], rf"02 A parallel map and a reduce\s+0/{points[1]}\s+to do")
        self.assertIn("Progress [###", listed.stdout)

    def test_colour_only_on_a_terminal_without_no_color(self):
        coloured = Terminal(box, "list")
        coloured.read_until("Progress")
        coloured.finish()
        self.assertIn("\x1b[", coloured.seen)
        plain = Terminal(box, "list", NO_COLOR="1")
        plain.read_until("Progress")
        plain.finish()
        self.assertNotIn("\x1b[", plain.seen)

    def test_help_is_the_readme_usage(self):
        result = box.run("--help")
        self.assertEqual(result.returncode, 0)
        readme = (REPO / "README.md").read_text()
        block = "\n".join("    " + line if line else "" for line in result.stdout.rstrip().splitlines())
        self.assertIn(block, readme, "README.md must show ./workbook --help word for word")
        self.assertFalse(ESCAPE.search(result.stdout))


if __name__ == "__main__":
    unittest.main()


class AmdahlFit(unittest.TestCase):
    """bench's fit of Amdahl's law, on timings made up to cover each case."""

    def setUp(self):
        import sys
        sys.path.insert(0, str(REPO / "tools"))
        from workbook import bench
        self.bench = bench

    def fitted(self, *medians: float) -> str:
        rows = self.bench.rows_of({t: [m] for t, m in enumerate(medians, 1)})
        return self.bench.amdahl(rows, cpus=len(medians))

    def test_a_speedup_gives_a_limit(self):
        self.assertRegex(self.fitted(1.0, 0.55), r"s = 0\.1000; it predicts 6\.4 x on 16 "
                                                 r"threads and at most 10\.0 x")

    def test_no_speedup_predicts_nothing(self):
        for medians in ((1.0, 1.0), (1.0, 1.15), (1.0, 2.0, 3.0)):
            with self.subTest(medians=medians):
                text = self.fitted(*medians)
                self.assertIn("no faster", text)
                self.assertNotIn("predicts", text.replace("predicts nothing", ""))
