"""The class report an instructor opens in a browser: one self-contained
HTML file (no network, no external script or style), made from the same
records as every other report.

- a summary: students, the median and mean total, a histogram of totals;
- per test, the pass rate, most failed first, with the failure messages
  students got most often (numbers masked, so that one mistake made with
  different inputs counts once) and the known-wrong programs of
  tests/wrong/ that fail it: what its failures usually mean;
- a grid, a row per student and a cell per test: a click on a cell shows
  that test's message under the grid (every cell also carries it as a
  tooltip, and each student has a section with every message, for a
  browser without scripts).

Every text that comes from a submission (ids, compiler output, messages)
is escaped: a student id or an error message is never markup.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from html import escape

from workbook.grading import PASSED
from workbook.meta import ROOT, Workbook

# Most common messages shown per test.
TOP_MESSAGES = 3
# Status -> the CSS class of its cell and the one-letter mark inside it.
MARKS = {"passed": ("ok", "✓"), "failed": ("fail", "✗"), "crashed": ("crash", "!"),
         "timed out": ("slow", "⌛"), "not built": ("unbuilt", "–"),
         "rejected": ("refused", "⊘"), "not run": ("skip", "?")}

STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 2px 6px; }
th.test { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: normal;
          white-space: nowrap; max-height: 16em; }
td.cell { text-align: center; cursor: pointer; min-width: 1.3em; }
td.ok { background: #d7f2d7; } td.fail { background: #f7d4d4; }
td.crash { background: #f2b8b8; } td.slow { background: #f8e2b8; }
td.unbuilt, td.refused { background: #ddd; } td.skip { background: #e6e6f8; }
td.num { text-align: right; } .bar { fill: #5a8fd0; }
#detail { border: 1px solid #999; padding: .6em; margin-top: 1em; min-height: 2.5em;
          white-space: pre-wrap; background: #fafafa; }
.muted { color: #666; }
"""

# A click on a cell shows its message: textContent, never innerHTML.
SCRIPT = """
document.addEventListener('click', function (e) {
  var cell = e.target.closest('td.cell');
  if (!cell) return;
  var box = document.getElementById('detail');
  box.textContent = cell.dataset.student + ' / ' + cell.dataset.test + ': ' +
    cell.dataset.status + (cell.dataset.message ? '\\n' + cell.dataset.message : '');
  box.dataset.shown = cell.dataset.student + '/' + cell.dataset.test;
});
"""


def _mask(message: str) -> str:
    """A message with its numbers and inputs masked, to count one mistake
    made on different inputs as one."""
    first = message.split(". Idea:")[0]
    return re.sub(r"-?\d+(\.\d+)?", "N", first)[:300]


def _histogram(totals: list[int], possible: int) -> str:
    """An inline SVG bar chart of the totals in tenths of the possible."""
    bins = [0] * 10
    for total in totals:
        bins[min(9, total * 10 // max(possible, 1))] += 1
    width, height, most = 36, 120, max(bins) or 1
    parts = [f'<svg width="{width * 10 + 20}" height="{height + 40}" role="img" '
             f'aria-label="histogram of totals">']
    for i, count in enumerate(bins):
        h = round(height * count / most)
        x = 10 + i * width
        parts.append(f'<rect class="bar" x="{x}" y="{height - h + 10}" width="{width - 4}" '
                     f'height="{h}"><title>{count} student(s)</title></rect>')
        parts.append(f'<text x="{x + width / 2 - 2}" y="{height - h + 6}" font-size="11" '
                     f'text-anchor="middle">{count}</text>')
        low = possible * i // 10
        parts.append(f'<text x="{x + width / 2 - 2}" y="{height + 26}" font-size="10" '
                     f'text-anchor="middle">{low}+</text>')
    parts.append("</svg>")
    return "".join(parts)


_EXPECT_FAIL = re.compile(r"expect-fail:\s*(.+)")


def known_mistakes(wb: Workbook) -> dict[tuple[str, str], list[str]]:
    """(topic, test) -> the known-wrong programs of tests/wrong/ that must
    fail it, by name: what a failure of that test usually means."""
    found: dict[tuple[str, str], list[str]] = {}
    for ex in wb.exercises:
        for program in sorted((ROOT / "tests" / "wrong" / ex.topic).glob("*.c")):
            head = "\n".join(program.read_text(errors="replace").splitlines()[:40])
            for m in _EXPECT_FAIL.finditer(head):
                for test in m.group(1).replace(",", " ").split():
                    found.setdefault((ex.topic, test), []).append(program.stem)
    return found


def page(wb: Workbook, records: list[dict]) -> str:
    tests = [(ex.topic, t.name) for ex in wb.exercises for t in ex.tests]
    totals = [r["earned"] for r in records]
    by_test: dict[tuple[str, str], list[dict]] = {key: [] for key in tests}
    for record in records:
        for r in record["tests"]:
            by_test.setdefault((r["exercise"], r["test"]), []).append(r)

    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           "<title>OpenMP workbook: class report</title>",
           f"<style>{STYLE}</style></head><body>",
           "<h1>OpenMP workbook: class report</h1>"]
    if records:
        out.append(f'<p id="summary">{len(records)} submission(s), graded out of '
                   f"{wb.points}: median {statistics.median(totals):g}, mean "
                   f"{statistics.mean(totals):.1f}, lowest {min(totals)}, highest "
                   f"{max(totals)}.</p>")
        out.append(_histogram(totals, wb.points))
    else:
        out.append('<p id="summary">No submission graded yet.</p>')

    out.append("<h2>Tests, most failed first</h2>")
    out.append('<table id="tests"><tr><th>test</th><th>passed</th><th>pass rate</th>'
               "<th>most frequent failures (numbers masked)</th>"
               "<th>known mistakes it catches (tests/wrong/)</th></tr>")
    mistakes = known_mistakes(wb)
    rows = []
    for key in by_test:
        results = by_test[key]
        passed = sum(1 for r in results if r["status"] == PASSED)
        rate = passed / len(results) if results else 1.0
        messages = Counter(_mask(r["message"]) for r in results
                           if r["status"] != PASSED and r["message"])
        rows.append((rate, key, passed, len(results), messages.most_common(TOP_MESSAGES)))
    for rate, (topic, name), passed, count, common in sorted(rows, key=lambda x: x[0]):
        listed = "".join(f"<li>{n} × {escape(m)}</li>" for m, n in common)
        out.append(f'<tr data-test="{escape(topic)}/{escape(name)}"><td>{escape(topic)} '
                   f"<b>{escape(name)}</b></td><td class=\"num\">{passed}/{count}</td>"
                   f'<td class="num">{rate:.0%}</td><td><ul>{listed}</ul></td>'
                   f"<td>{escape(', '.join(mistakes.get((topic, name), [])))}</td></tr>")
    out.append("</table>")

    out.append("<h2>Every student, every test</h2>")
    out.append('<p class="muted">✓ passed, ✗ failed, ! crashed, ⌛ timed out, – not built, '
               "⊘ refused by the symbol policy, ? not run (too few CPUs). Click a cell for "
               "its message.</p>")
    out.append('<table id="grid"><tr><th>student</th><th>total</th>')
    out += [f'<th class="test" title="{escape(t)}/{escape(n)}">{escape(t[:2])} {escape(n)}</th>'
            for t, n in tests]
    out.append("</tr>")
    for record in records:
        student = escape(record["student"])
        found = {(r["exercise"], r["test"]): r for r in record["tests"]}
        out.append(f'<tr><td><a href="#s-{student}">{student}</a></td>'
                   f'<td class="num">{record["earned"]}/{record["possible"]}</td>')
        for topic, name in tests:
            r = found.get((topic, name))
            status = r["status"] if r else "not run"
            css, mark = MARKS.get(status, ("fail", "✗"))
            message = r["message"] if r else (record.get("problem") or "no record")
            out.append(f'<td class="cell {css}" data-student="{student}" '
                       f'data-test="{escape(topic)}/{escape(name)}" '
                       f'data-status="{escape(status)}" data-message="{escape(message)}" '
                       f'title="{escape(status)}: {escape(message[:300])}">{mark}</td>')
        out.append("</tr>")
    out.append('</table><div id="detail" aria-live="polite">Click a cell of the grid.</div>')

    out.append("<h2>Each student</h2>")
    for record in records:
        student = escape(record["student"])
        out.append(f'<details id="s-{student}"><summary>{student}: {record["earned"]}/'
                   f'{record["possible"]} <span class="muted">({escape(record["source"])})'
                   "</span></summary>")
        if record.get("problem"):
            out.append(f"<p>{escape(record['problem'])}</p>")
        if record.get("ignored"):
            out.append("<p>Left out: " + escape("; ".join(
                f"{n} ({why})" for n, why in record["ignored"][:50])) + "</p>")
        out.append("<ul>")
        for r in record["tests"]:
            if r["status"] != PASSED:
                out.append(f"<li>{escape(r['exercise'])} <b>{escape(r['test'])}</b>: "
                           f"{escape(r['status'])}. {escape(r['message'])}</li>")
        out.append("</ul></details>")
    out.append(f"<script>{SCRIPT}</script></body></html>")
    return "\n".join(out) + "\n"
