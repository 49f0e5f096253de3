"""Reports of a graded class, all made from the same records (batch.py):
a CSV gradebook, JUnit XML, TAP 13, Gradescope's results.json, and the
HTML report (html_report.py). None of them grades anything: they only
say what the records say.
"""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from workbook.grading import NOT_BUILT, NOT_RUN, PASSED, REJECTED
from workbook.meta import Workbook


def status_of(record: dict) -> str:
    """One word or phrase for the gradebook's status column."""
    tests = record["tests"]
    if record.get("problem"):
        return "not graded: " + record["problem"]
    missing = {r["exercise"] for r in tests if r["status"] == NOT_BUILT
               and r["message"].endswith("is not in the submission")}
    unbuilt = {r["exercise"] for r in tests if r["status"] == NOT_BUILT} - missing
    refused = {r["exercise"] for r in tests if r["status"] == REJECTED}
    not_run = [r for r in tests if r["status"] == NOT_RUN]
    parts = []
    if refused:
        parts.append("refused by the symbol policy: " + ", ".join(sorted(refused)))
    if unbuilt:
        parts.append("did not build: " + ", ".join(sorted(unbuilt)))
    if missing:
        parts.append("not handed in: " + ", ".join(ex[:2] for ex in sorted(missing)))
    if not_run:
        parts.append(f"{len(not_run)} test(s) not run for want of CPUs")
    return "; ".join(parts) or "graded"


def exercise_points(record: dict, topic: str) -> int:
    return sum(r["points"] for r in record["tests"] if r["exercise"] == topic)


def gradebook_csv(wb: Workbook, records: list[dict]) -> str:
    """One row per student: id, each exercise's points, total, status."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *[ex.topic for ex in wb.exercises], "total", "possible",
                     "status"])
    writer.writerow(["(possible)", *[ex.points for ex in wb.exercises], wb.points,
                     wb.points, ""])
    for record in records:
        writer.writerow([record["student"],
                         *[exercise_points(record, ex.topic) for ex in wb.exercises],
                         record["earned"], record["possible"], status_of(record)])
    return out.getvalue()


def junit_xml(wb: Workbook, records: list[dict]) -> str:
    """A <testsuite> per student, a <testcase> per test with its points in
    <properties>; failures and crashes as <failure>/<error>, tests that
    could not run as <skipped>."""
    suites = ET.Element("testsuites", name="OpenMP workbook")
    total = failures = errors = 0
    for record in records:
        tests = record["tests"]
        suite = ET.SubElement(suites, "testsuite", name=record["student"],
                              tests=str(len(tests)))
        props = ET.SubElement(suite, "properties")
        for key in ("earned", "possible", "source", "compiler"):
            ET.SubElement(props, "property", name=key, value=str(record.get(key, "")))
        s_fail = s_err = s_skip = 0
        seconds = 0.0
        for r in tests:
            case = ET.SubElement(suite, "testcase", classname=f"{record['student']}."
                                 f"{r['exercise']}", name=r["test"], time=f"{r['duration']:.3f}")
            seconds += r["duration"]
            cp = ET.SubElement(case, "properties")
            ET.SubElement(cp, "property", name="points", value=str(r["points"]))
            ET.SubElement(cp, "property", name="possible", value=str(r["possible"]))
            ET.SubElement(cp, "property", name="status", value=r["status"])
            if r["status"] == PASSED:
                continue
            if r["status"] == NOT_RUN:
                ET.SubElement(case, "skipped", message=r["message"][:1000])
                s_skip += 1
            elif r["status"] in ("failed", REJECTED):
                f = ET.SubElement(case, "failure", message=r["message"][:1000], type=r["status"])
                f.text = r["message"]
                s_fail += 1
            else:
                e = ET.SubElement(case, "error", message=r["message"][:1000], type=r["status"])
                e.text = r["message"]
                s_err += 1
        suite.set("failures", str(s_fail))
        suite.set("errors", str(s_err))
        suite.set("skipped", str(s_skip))
        suite.set("time", f"{seconds:.3f}")
        total += len(tests)
        failures += s_fail
        errors += s_err
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", str(errors))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _tap_text(text: str) -> str:
    return json.dumps(text)   # a YAML double-quoted scalar is a JSON string


def tap(records: list[dict]) -> str:
    """TAP version 13: one line per test of every student, with a YAML block."""
    lines = ["TAP version 13"]
    tests = [(record, r) for record in records for r in record["tests"]]
    lines.append(f"1..{len(tests)}")
    for n, (record, r) in enumerate(tests, 1):
        ok = "ok" if r["status"] == PASSED else "not ok"
        directive = " # SKIP needs more CPUs" if r["status"] == NOT_RUN else ""
        lines.append(f"{ok} {n} - {record['student']} {r['exercise']}/{r['test']}{directive}")
        lines += ["  ---", f"  status: {r['status']}", f"  points: {r['points']}",
                  f"  possible: {r['possible']}", f"  duration: {r['duration']}"]
        if r["message"]:
            lines.append(f"  message: {_tap_text(r['message'])}")
        lines.append("  ...")
    return "\n".join(lines) + "\n"


def gradescope(record: dict, exercises=None) -> dict:
    """Gradescope's results.json for one submission (its test fields)."""
    chosen = [r for r in record["tests"] if exercises is None or r["exercise"] in exercises]
    tests = []
    for r in chosen:
        number = f"{r['exercise'][:2]}.{sum(1 for t in tests if t['tags'][0] == r['exercise']) + 1}"
        tests.append({
            "name": f"{r['exercise']}: {r['test']}", "number": number,
            "score": r["points"], "max_score": r["possible"],
            "status": "passed" if r["status"] == PASSED else "failed",
            "output": (f"{r['checks']}\n\n{r['message']}" if r["message"] else r["checks"]),
            "tags": [r["exercise"], r["status"]], "visibility": "visible",
        })
    output = [f"{sum(r['points'] for r in chosen)}/{sum(r['possible'] for r in chosen)} "
              f"points, graded by the OpenMP workbook ({record.get('compiler', '')})"]
    if record.get("problem"):
        output.append(record["problem"])
    if record.get("ignored"):
        output.append("Left out of the submission: " + "; ".join(
            f"{name} ({why})" for name, why in record["ignored"][:20]))
    return {"score": sum(r["points"] for r in chosen),
            "execution_time": round(record.get("seconds", 0.0)),
            "output": "\n".join(output), "visibility": "visible",
            "stdout_visibility": "hidden", "tests": tests}


def classroom(checked: dict) -> dict:
    """GitHub Classroom's autograding reporter format (what its command
    graders put, base64-encoded, in a step's `result` output) from the JSON
    that `./workbook check --json` writes: one entry per test, with points."""
    tests = checked.get("tests", [])
    failed = [t for t in tests if t["status"] != PASSED]
    return {
        "version": 1,
        "status": "fail" if failed else "pass",
        "max_score": sum(t["possible"] for t in tests),
        "tests": [{"name": f"{t['exercise']}: {t['test']}",
                   "status": "pass" if t["status"] == PASSED else (
                       "error" if t["status"] in (NOT_BUILT, REJECTED) else "fail"),
                   "score": t["points"],
                   "message": (t["message"] or t["checks"])[:2000],
                   "test_code": f"./workbook check {t['exercise'][:2]}",
                   "filename": "", "line_no": 0,
                   "execution_time": f"{t['duration']:.2f}s"} for t in tests],
    }


def write_all(wb: Workbook, records: list[dict], out: Path) -> list[Path]:
    """Every report of a batch into `out`; the files written."""
    from workbook import batch, html_report
    written = []
    for name, text in (("gradebook.csv", gradebook_csv(wb, records)),
                       ("results.junit.xml", junit_xml(wb, records)),
                       ("results.tap", tap(records)),
                       ("report.html", html_report.page(wb, records))):
        batch.write_atomically(out / name, text)
        written.append(out / name)
    return written
