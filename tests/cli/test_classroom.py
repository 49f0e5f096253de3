"""The GitHub Classroom workflow (.github/classroom/autograding.yml), run
here as GitHub runs it: each exercise step's commands in a private copy,
with $GITHUB_OUTPUT a file, and what the grading reporter would read
checked against its format.

Run: python3 -m unittest -v tests/cli/test_classroom.py   (a few minutes)
"""
from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

from sandbox import REPO, Sandbox

WORKFLOW = REPO / ".github" / "classroom" / "autograding.yml"
SCHEMA = REPO / "tests" / "schemas" / "classroom-result.schema.json"


def _steps(text: str) -> list[tuple[str, str]]:
    """(id, shell commands) of each step with an id and a run block."""
    found = re.findall(r"\n        id: (\w+)\n        run: \|\n((?:          .*\n)+)", text)
    return [(step, "".join(line[10:] + "\n" for line in body.splitlines())) for step, body
            in found]


class Classroom(unittest.TestCase):
    def setUp(self):
        self.box = Sandbox()

    def tearDown(self):
        self.box.close()

    def test_workflow_steps_report_every_test_with_its_points(self):
        import jsonschema
        text = WORKFLOW.read_text()
        steps = _steps(text)
        numbers = [ex.split("-")[0] for ex in sorted(p.name for p in
                                                     (REPO / "exercises").iterdir())]
        self.assertEqual([s for s, _ in steps], [f"ex{n}" for n in numbers],
                         "one step per exercise, in order")
        runners = re.search(r"runners: (\S+)", text).group(1).split(",")
        self.assertEqual(runners, [s for s, _ in steps])
        for step, _ in steps:
            self.assertIn(f"{step.upper()}_RESULTS: ${{{{ steps.{step}.outputs.result }}}}",
                          text)
        # A student who solved 01 and nothing else.
        shutil.copy(REPO / "solutions/01-how-many-workers/workers.c",
                    self.box.path("exercises/01-how-many-workers/workers.c"))
        schema = json.loads(SCHEMA.read_text())
        with tempfile.NamedTemporaryFile("w+", suffix=".github-output") as output:
            for step, commands in steps[:2]:
                ran = subprocess.run(["bash", "-e", "-c", commands], cwd=self.box.root,
                                     env=self.box.env(GITHUB_OUTPUT=output.name),
                                     stdin=subprocess.DEVNULL, capture_output=True,
                                     text=True, timeout=900)
                self.assertEqual(ran.returncode, 0, f"{step}: {ran.stdout}{ran.stderr}")
            lines = Path(output.name).read_text().splitlines()
        self.assertEqual(len(lines), 2, lines)
        results = [json.loads(base64.b64decode(l.removeprefix("result="))) for l in lines]
        for result in results:
            jsonschema.validate(result, schema)
        solved, shipped = results
        self.assertEqual(solved["status"], "pass")
        self.assertEqual(sum(t["score"] for t in solved["tests"]), solved["max_score"])
        self.assertEqual(solved["max_score"], 9)
        self.assertEqual(shipped["status"], "fail")
        self.assertLess(sum(t["score"] for t in shipped["tests"]), shipped["max_score"])
        self.assertTrue(all(t["message"] for t in shipped["tests"] if t["status"] != "pass"))

    def test_a_file_that_is_not_check_output_is_one_sentence(self):
        bad = self.box.path("not-check.json")
        bad.write_text("[1, 2]")
        result = self.box.run("classroom", str(bad))
        self.assertEqual(result.returncode, 2)
        self.assertIn("is not a file that ./workbook check --json wrote", result.stderr)
        self.assertNotIn("Traceback", result.stderr)


if __name__ == "__main__":
    unittest.main()
