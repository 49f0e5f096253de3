"""./workbook submit and ./workbook grade, driven as a student and an
instructor would, in a private copy: a small class of real, partial,
damaged and hostile submissions, and every report made from it.

Run: python3 -m unittest -v tests/cli/test_grade.py   (a few minutes)
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import sys

from sandbox import REPO, Sandbox

sys.path.insert(0, str(REPO / "tools"))

SCHEMAS = REPO / "tests" / "schemas"
MAP = "exercises/02-parallel-map/parallel_map.c"


def setUpModule():
    global box, work, out, results
    box = Sandbox()
    work = Path(tempfile.mkdtemp(prefix="workbook-class-"))
    out = work / "grades"
    _make_class()
    started = time.monotonic()
    results = box.run("grade", *sorted(str(p) for p in (work / "class").iterdir()),
                      "--out", str(out), "-j", "2")
    results.seconds = time.monotonic() - started


def tearDownModule():
    box.close()
    shutil.rmtree(work, ignore_errors=True)


def _make_class() -> None:
    """Eight hand-ins, as instructors receive them."""
    cls = work / "class"
    cls.mkdir()
    solutions = sorted((REPO / "solutions").glob("*/*.c"))
    # alice: a clone of the workbook with every exercise solved.
    alice = cls / "alice"
    for source in solutions:
        target = alice / "exercises" / source.parent.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
    # bob: only the map, handed in as the bare file.
    (cls / "bob").mkdir()
    shutil.copy(REPO / "solutions/02-parallel-map/parallel_map.c", cls / "bob")
    # carol: ./workbook submit, after solving 01 in her copy.
    shutil.copy(REPO / "solutions/01-how-many-workers/workers.c",
                box.path("exercises/01-how-many-workers/workers.c"))
    made = box.run("submit", "--name", "carol")
    assert made.returncode == 0, made.stderr
    shutil.move(box.path("submission-carol.tar.gz"), cls / "submission-carol.tar.gz")
    box.restore()
    # dave: a zip with a link, a path that climbs out, another exercise's
    # file in the wrong folder and a file that is no exercise's.
    with zipfile.ZipFile(cls / "dave.zip", "w") as z:
        z.writestr(MAP, (REPO / "solutions/02-parallel-map/parallel_map.c").read_text())
        z.writestr("../../escape.c", "int x;\n")
        z.writestr("notes.txt", "hello\n")
        link = zipfile.ZipInfo("exercises/01-how-many-workers/workers.c")
        link.external_attr = (0o120777 << 16)
        z.writestr(link, "/etc/passwd")
    # erin: "a zip" that is not one.
    (cls / "erin.zip").write_bytes(b"this is not a zip file\n")
    # frank: a tar whose map defines a main of its own.
    hostile = (REPO / "tests/hostile/02-parallel-map/defines_main.c").read_bytes()
    with tarfile.open(cls / "frank.tar.gz", "w:gz") as tar:
        info = tarfile.TarInfo(MAP)
        info.size = len(hostile)
        tar.addfile(info, io.BytesIO(hostile))
    # gina: the same folder as bob, handed in twice under another name.
    shutil.copytree(cls / "bob", cls / "gina")
    # henry: a map that does not compile, with markup in its error.
    (cls / "henry").mkdir()
    (cls / "henry" / "parallel_map.c").write_text(
        '#error "<script>alert(1)</script>"\n')


def _records() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in (out / "submissions").glob("*.json")}


class Grade(unittest.TestCase):
    def test_the_batch_ends_well_and_writes_every_report(self):
        self.assertEqual(results.returncode, 0, results.stdout + results.stderr)
        self.assertNotIn("Traceback", results.stderr)
        for name in ("gradebook.csv", "results.junit.xml", "results.tap", "report.html"):
            self.assertIn(f"wrote {out / name}", results.stdout)
        print(f"\n  graded 8 submissions at -j2 in {results.seconds:.1f} s")

    def test_gradebook_has_every_student_with_the_right_total(self):
        rows = list(csv.DictReader((out / "gradebook.csv").read_text().splitlines()))
        by = {row["student"]: row for row in rows}
        self.assertEqual(set(by), {"(possible)", "alice", "bob", "carol", "dave", "erin",
                                   "frank", "gina", "henry"})
        possible = int(by["(possible)"]["total"])
        self.assertEqual(by["alice"]["total"], str(possible), by["alice"])
        self.assertEqual(by["alice"]["status"], "graded")
        # bob: the map's exercise only; the rest were not handed in.
        self.assertEqual(by["bob"]["total"], by["bob"]["02-parallel-map"])
        self.assertEqual(by["bob"]["02-parallel-map"], by["(possible)"]["02-parallel-map"])
        self.assertIn("not handed in: 01, 03", by["bob"]["status"])
        self.assertEqual(by["gina"]["total"], by["bob"]["total"])
        self.assertEqual(by["carol"]["01-how-many-workers"],
                         by["(possible)"]["01-how-many-workers"])
        self.assertEqual(by["carol"]["02-parallel-map"], "0", "02 was handed in as shipped")
        self.assertEqual(by["dave"]["02-parallel-map"], by["(possible)"]["02-parallel-map"])
        self.assertEqual(by["dave"]["01-how-many-workers"], "0", "a link is not a file")
        self.assertEqual(by["erin"]["total"], "0")
        self.assertIn("not graded: ", by["erin"]["status"])
        self.assertIn("./workbook submit", by["erin"]["status"])
        self.assertEqual(by["frank"]["02-parallel-map"], "0")
        self.assertIn("refused by the symbol policy: 02-parallel-map", by["frank"]["status"])

    def test_left_out_entries_are_listed_with_their_reason(self):
        ignored = dict(_records()["dave"]["ignored"])
        self.assertIn("../../escape.c", ignored)
        self.assertIn("notes.txt", ignored)
        self.assertIn("exercises/01-how-many-workers/workers.c", ignored)
        self.assertIn("link", ignored["exercises/01-how-many-workers/workers.c"])
        self.assertFalse((work / "escape.c").exists() or (out / "escape.c").exists())

    def test_jobs_get_two_cpus_each_while_there_are_enough(self):
        from unittest import mock
        from workbook import batch
        for cpus, jobs, groups in ((1, 1, [[0]]), (2, 1, [[0, 1]]), (2, 2, [[0, 1]]),
                                   (3, 2, [[0, 1, 2]]), (4, 2, [[0, 2], [1, 3]]),
                                   (4, 4, [[0, 2], [1, 3]]),
                                   (16, 8, [[k, k + 8] for k in range(8)])):
            with mock.patch.object(batch.os, "sched_getaffinity", lambda _: set(range(cpus))):
                self.assertEqual(batch.cpu_groups(jobs), groups, (cpus, jobs))
        with mock.patch.object(batch.os, "sched_getaffinity", lambda _: {0, 1}):
            with self.assertRaisesRegex(batch.BatchError, "use -j 2 or fewer"):
                batch.cpu_groups(3)

    def test_a_whole_submission_is_graded_as_each_exercise_alone(self):
        """A grade of several exercises runs each one's instruments while the
        next one builds and runs its graded tests. Known-wrong programs still
        fail what their headers name, the solutions beside them lose nothing,
        and each exercise's records reach on_exercise once, complete."""
        from workbook import selftest, tree
        t = tree.GradingTree(work / "whole-tree")
        handed_in = {"01-how-many-workers": "solution",
                     "02-parallel-map": "shared_tmp",             # the race check only
                     "03-who-did-what": "small_line_buffer",      # the memory check only
                     "04-changing-workers": "solution",
                     "05-copied-vs-shared": "fixed_workers",      # a graded test
                     "07-races-and-reduction": "local_bins_leak",  # the memory check only
                     "08-performance-lab": "solution"}
        files, expected = {}, {}
        for topic, what in handed_in.items():
            name = t.student[topic][0]
            source = (REPO / "solutions" / topic / Path(name).name if what == "solution"
                      else REPO / "tests" / "wrong" / topic / f"{what}.c")
            files[name] = source.read_bytes()
            expected[topic] = (set() if what == "solution"
                               else set(selftest.wrong_program_expectations(source)))
        t.put(files, missing="absent")
        chosen = [ex for ex in t.wb.exercises if ex.topic in handed_in]
        seen: list[str] = []
        whole = t.grade(chosen, on_exercise=lambda topic, records: seen.append(
            (topic, [r.test for r in records])))
        alone = {ex.topic: t.grade([ex])[ex.topic] for ex in chosen}
        self.assertEqual(sorted(seen), sorted(
            (topic, [r.test for r in whole[topic].records]) for topic in handed_in))
        self.assertEqual(list(whole), [ex.topic for ex in chosen])
        for ex in chosen:
            for graded, how in ((whole, "in the whole submission"), (alone, "alone")):
                records = {r.test: r for r in graded[ex.topic].records}
                self.assertEqual(set(records), {test.name for test in ex.tests})
                failed = {name for name, r in records.items() if not r.passed}
                if expected[ex.topic]:
                    self.assertLessEqual(expected[ex.topic], failed, (ex.topic, how, {
                        name: r.message for name, r in records.items()}))
                else:
                    self.assertEqual(failed, set(), (ex.topic, how, {
                        name: records[name].message for name in failed}))

    def test_a_second_run_keeps_what_was_graded(self):
        started = time.monotonic()
        again = box.run("grade", *sorted(str(p) for p in (work / "class").iterdir()),
                        "--out", str(out))
        seconds = time.monotonic() - started
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("8 submission(s) already graded with this workbook: kept", again.stdout)
        print(f"\n  resume of 8 graded submissions: {seconds:.1f} s")

    def test_junit_and_tap_say_the_same_as_the_records(self):
        records = _records()
        tests = sum(len(r["tests"]) for r in records.values())
        root = ET.fromstring((out / "results.junit.xml").read_bytes())
        self.assertEqual(root.tag, "testsuites")
        self.assertEqual(int(root.get("tests")), tests)
        self.assertEqual(len(root.findall("testsuite")), len(records))
        failed = sum(1 for r in records.values() for t in r["tests"]
                     if t["status"] in ("failed", "rejected"))
        self.assertEqual(int(root.get("failures")), failed)
        try:
            from lxml import etree
        except ImportError:
            self.fail("python3-lxml is needed to check the JUnit XML against its schema")
        schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "junit.xsd")))
        document = etree.parse(str(out / "results.junit.xml"))
        self.assertTrue(schema.validate(document), schema.error_log)

        tap = (out / "results.tap").read_text().splitlines()
        self.assertEqual(tap[:2], ["TAP version 13", f"1..{tests}"])
        self.assertEqual(sum(1 for l in tap if l.startswith(("ok ", "not ok "))), tests)

    def test_html_report_is_escaped_and_works_in_a_browser(self):
        page = (out / "report.html").read_text()
        self.assertNotIn("<script>alert", page)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", page)
        browser = shutil.which("chromium")
        self.assertIsNotNone(browser, "chromium is needed to check the HTML report")
        # Click alice's first cell and read what the page shows.
        probe = work / "probe.html"
        probe.write_text(page.replace(
            "</body>", "<script>document.querySelector('td.cell').click();</script></body>"))
        dom = subprocess.run([browser, "--headless=new", "--no-sandbox", "--disable-gpu",
                              "--dump-dom", probe.as_uri()], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, timeout=120,
                             stdin=subprocess.DEVNULL).stdout
        self.assertIn('data-shown="alice/01-how-many-workers/', dom)
        self.assertEqual(dom.count('class="cell '), 8 * sum(
            1 for _ in json.loads((out / "submissions" / "alice.json").read_text())["tests"]))
        self.assertIn("8 submission(s)", dom)
        self.assertIn("known mistakes it catches", dom)
        # A picture of the page, kept from the test run for a human to look at.
        shot = REPO / "build" / "test-artifacts" / "class-report.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([browser, "--headless=new", "--no-sandbox", "--disable-gpu",
                        f"--screenshot={shot}", "--window-size=1400,1000",
                        (out / "report.html").as_uri()], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=120, stdin=subprocess.DEVNULL)
        self.assertGreater(shot.stat().st_size, 10000, "the screenshot is empty")
        print(f"\n  screenshot of the report: {shot}")

    def test_gradescope_results_follow_the_specification(self):
        import jsonschema
        from workbook import reports
        schema = json.loads((SCHEMAS / "gradescope-results.schema.json").read_text())
        for name, record in _records().items():
            with self.subTest(student=name):
                made = reports.gradescope(record)
                jsonschema.validate(made, schema)
                self.assertEqual(made["score"], record["earned"])
                self.assertEqual(sum(t["max_score"] for t in made["tests"]),
                                 record["possible"])


    def test_gradescope_autograder_runs_as_gradescope_runs_it(self):
        import jsonschema
        schema = json.loads((SCHEMAS / "gradescope-results.schema.json").read_text())
        made = box.run("gradescope", "--out", str(work / "autograder.zip"))
        self.assertEqual(made.returncode, 0, made.stderr)
        root = work / "autograder"
        with zipfile.ZipFile(work / "autograder.zip") as z:
            names = z.namelist()
            self.assertIn("setup.sh", names)
            self.assertIn("run_autograder", names)
            self.assertFalse([n for n in names if n.startswith("workbook/solutions/")],
                             "the autograder must not carry the solutions")
            for info in z.infolist():   # as unzip does, with each file's mode
                path = Path(z.extract(info, root / "source"))
                if info.external_attr >> 16:
                    path.chmod((info.external_attr >> 16) & 0o777)
        env = dict(os.environ, AUTOGRADER_ROOT=str(root), WORKBOOK_SKIP_APT="1")
        setup = subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env,
                               stdin=subprocess.DEVNULL, capture_output=True, text=True,
                               timeout=900)
        self.assertEqual(setup.returncode, 0, setup.stdout + setup.stderr)
        (root / "submission").mkdir()
        shutil.copy(REPO / "solutions/02-parallel-map/parallel_map.c", root / "submission")
        for cpus in (None, "0"):
            with self.subTest(cpus=cpus or "all"):
                results = root / "results" / "results.json"
                results.unlink(missing_ok=True)
                shutil.rmtree(root / "grades" / "submissions", ignore_errors=True)
                command = ["bash", str(root / "source" / "run_autograder")]
                if cpus:
                    command = ["taskset", "-c", cpus, *command]
                started = time.monotonic()
                ran = subprocess.run(command, env=env, stdin=subprocess.DEVNULL,
                                     capture_output=True, text=True, timeout=600)
                seconds = time.monotonic() - started
                self.assertEqual(ran.returncode, 0, ran.stdout + ran.stderr)
                made = json.loads(results.read_text())
                jsonschema.validate(made, schema)
                exercise = [t for t in made["tests"] if t["name"].startswith("02-")]
                possible = sum(t["max_score"] for t in exercise)
                if cpus is None:
                    self.assertEqual(made["score"], possible, made["output"])
                    print(f"\n  Gradescope run of one submission: {seconds:.1f} s")
                else:
                    # One CPU: a test that needs two at once gets no point
                    # and says why, never a wrong verdict.
                    skipped = [t for t in exercise if "needs 2 CPUs" in t["output"]]
                    self.assertTrue(skipped, made)
                    self.assertEqual(made["score"],
                                     possible - sum(t["max_score"] for t in skipped))


if __name__ == "__main__":
    unittest.main()
