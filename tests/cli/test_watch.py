"""./workbook's watch mode on a pseudo-terminal, as a student at a terminal
(or over ssh) uses it: resume, save and see the verdict, keys, quit.

Run: python3 -m unittest -v tests/cli/test_watch.py   (about a minute)
"""
from __future__ import annotations

import json
import os
import pty
import subprocess
import unittest

from sandbox import Sandbox, Terminal

WORKERS = "exercises/01-how-many-workers/workers.c"
SOLVED = "solutions/01-how-many-workers/workers.c"
KEYS = r"keys: \[n\]ext"


def setUpModule():
    global box
    box = Sandbox()


def tearDownModule():
    box.close()


def save(path, text: str) -> None:
    """Write as an editor does: to a new file, then renamed over the old."""
    tmp = path.with_name(path.name + ".swp~")
    tmp.write_text(text)
    os.replace(tmp, path)


class Watch(unittest.TestCase):
    def setUp(self):
        box.restore()

    def start(self, **env) -> Terminal:
        screen = Terminal(box, **env)
        self.addCleanup(screen.stop)
        screen.read_until(KEYS, timeout=600)
        return screen

    def test_save_regrades_keys_work_and_the_next_start_resumes(self):
        screen = self.start()
        self.assertIn("exercise 1 of 10", screen.plain())
        self.assertIn("0/9", screen.plain())
        self.assertIn("[n]ext [p]revious [h]int [l]ist [c]heck all [x] race check [r]eset [q]uit",
                      screen.plain())

        mark = screen.mark()
        save(box.path(WORKERS), box.path(SOLVED).read_text())
        screen.read_until(r"Full marks! Press n", since=mark)
        self.assertRegex(screen.since(mark), r"01 How many workers\?\s+9/9")
        self.assertIn("\x1b[H\x1b[2J", screen.seen[mark:], "a terminal gets a fresh screen")

        mark = screen.mark()
        screen.press("h")
        screen.read_until(r"Hint 1 of 3", since=mark)
        mark = screen.mark()
        screen.press("l")
        screen.read_until(r"Progress \[", since=mark)
        self.assertRegex(screen.since(mark), r"> 01 How many workers\?\s+9/9\s+done")

        mark = screen.mark()
        screen.press("n")
        screen.read_until(r"exercise 2 of 10.*\n(.*\n)*" + KEYS, since=mark)
        screen.press("q")
        self.assertEqual(screen.finish(), 0)
        self.assertIn("Bye.", screen.plain())
        saved = json.loads(box.path(".workbook/state.json").read_text())
        self.assertEqual(saved["current"], "02")
        self.assertEqual(saved["hints"], {"01": 1})

        again = self.start()
        self.assertIn("exercise 2 of 10", again.plain())
        again.press("q")
        self.assertEqual(again.finish(), 0)

    def test_a_save_during_the_build_is_graded_next(self):
        screen = self.start()
        mark = screen.mark()
        save(box.path(WORKERS), box.path(WORKERS).read_text() + "\n/* first save */\n")
        screen.read_until(r"checking exercise 01", since=mark)
        save(box.path(WORKERS), box.path(SOLVED).read_text())   # while it builds
        screen.read_until(r"Full marks!", since=mark)
        screen.press("q")
        self.assertEqual(screen.finish(), 0)

    def test_a_deleted_file_is_reported_and_its_return_noticed(self):
        screen = self.start()
        kept = box.path(WORKERS).read_text()
        mark = screen.mark()
        box.path(WORKERS).unlink()
        screen.read_until(r"workers\.c is missing: ./workbook reset 01", since=mark)
        self.assertIsNone(screen.proc.poll(), "watching goes on")
        mark = screen.mark()
        save(box.path(WORKERS), kept)
        screen.read_until(r"FAIL\s+0/1\s+cores_available_counts_cores", since=mark)
        screen.press("q")
        self.assertEqual(screen.finish(), 0)

    def test_editor_swap_files_do_not_start_a_grading(self):
        screen = self.start()
        mark = screen.mark()
        box.path("exercises/01-how-many-workers/.workers.c.swp").write_text("typing...")
        box.path("exercises/01-how-many-workers/workers.c~").write_text("backup")
        with self.assertRaises(AssertionError):
            screen.read_until(r"checking exercise", since=mark, timeout=2)
        save(box.path(WORKERS), box.path(SOLVED).read_text())
        screen.read_until(r"Full marks!", since=mark)
        screen.press("q")
        self.assertEqual(screen.finish(), 0)

    def test_reset_key_asks_and_restores(self):
        shipped = box.path(WORKERS).read_text()
        save(box.path(WORKERS), "/* my attempt */\n" + shipped)
        screen = self.start()
        mark = screen.mark()
        screen.press("r")
        screen.read_until(r"\[y/N\]", since=mark)
        screen.press("n")
        screen.read_until(r"Nothing was reset", since=mark)
        self.assertNotEqual(box.path(WORKERS).read_text(), shipped)
        mark = screen.mark()
        screen.press("r")
        screen.read_until(r"\[y/N\]", since=mark)
        screen.press("y")
        screen.read_until(r"How many workers\?\s+0/9", since=mark)
        self.assertEqual(box.path(WORKERS).read_text(), shipped)
        screen.press("q")
        self.assertEqual(screen.finish(), 0)

    def test_no_color_keeps_redrawing_without_colour(self):
        screen = self.start(NO_COLOR="1")
        screen.press("q")
        screen.finish()
        self.assertIn("\x1b[H\x1b[2J", screen.seen)
        self.assertNotRegex(screen.seen, r"\x1b\[(1|2|3\d)m")

    def test_output_to_a_file_has_no_escapes(self):
        """Keys from the terminal, the screen into a file (`./workbook | tee log`)."""
        master, slave = pty.openpty()
        log = box.path("watch.log")
        with open(log, "w") as out:
            proc = subprocess.Popen([str(box.path("workbook"))], cwd=box.root, stdin=slave,
                                    stdout=out, stderr=subprocess.STDOUT, env=box.env(),
                                    start_new_session=True)
        os.close(slave)
        try:
            for _ in range(600):
                if "keys: [n]ext" in log.read_text():
                    break
                subprocess.run(["sleep", "0.5"])
            save(box.path(WORKERS), box.path(SOLVED).read_text())
            for _ in range(120):
                if "Full marks" in log.read_text():
                    break
                subprocess.run(["sleep", "0.5"])
            os.write(master, b"q")
            self.assertEqual(proc.wait(timeout=30), 0)
        finally:
            if proc.poll() is None:
                proc.kill()
            os.close(master)
        text = log.read_text()
        self.assertIn("Full marks", text)
        self.assertNotIn("\x1b", text)
        self.assertGreaterEqual(text.count("checking exercise 01"), 2, "one verdict after another")


if __name__ == "__main__":
    unittest.main()
