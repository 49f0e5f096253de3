"""Reading C source around a race that TSan reported: which variable, which
OpenMP construct, and which lesson's fix (used by race.py).

TSan gives a line and a column. clang puts the column of a write on its
operator (`total += f(x)`: the `+=`; `counts[b]++`: the `++`) and the column
of a read on the expression (`values[i]`) or its member (`best.value`: the
`value`), so the variable is the expression to the left of an operator, or
the one the column is in. The construct is the innermost `#pragma omp`
whose statement holds the line; the fix follows from how the variable is
used there. It is a heuristic over the student's text, not a compiler: it
names the usual fix for the usual shape, and says what to change.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from workbook.meta import ROOT

_IDENT = re.compile(r"[A-Za-z_]\w*")
_PRAGMA = re.compile(r"^\s*#\s*pragma\s+omp\s+(?P<words>.*?)\s*$")
# Directives that stand alone: they govern no statement.
_STANDALONE = {"barrier", "flush", "taskwait", "taskyield", "threadprivate", "declare",
               "requires", "cancel", "cancellation", "end"}
# Directives that order threads rather than share out work.
_SYNC = {"critical", "atomic", "ordered"}
_WORKSHARING = {"for", "sections", "single", "master", "masked", "loop", "taskloop",
                "distribute", "task"}
_OPEN, _CLOSE = "([{", ")]}"


@dataclass(frozen=True)
class Pragma:
    line: int         # 1-based line of the #pragma
    end: int          # last line of the statement it governs
    text: str         # the pragma, stripped
    words: list[str]  # directive and clause names

    @property
    def directive(self) -> str:
        return self.words[0] if self.words else ""


def _blank(text: str) -> str:
    """The text with comments, strings and characters turned into spaces
    (newlines kept), so that brackets and semicolons in them do not count."""
    out, i, n = list(text), 0, len(text)

    def clear(a: int, b: int) -> None:
        for k in range(a, min(b, n)):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            clear(i, j)
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            clear(i, j)
            i = j
        elif text[i] in "\"'":
            j = i + 1
            while j < n and text[j] != text[i] and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            clear(i + 1, j)
            i = j + 1
        else:
            i += 1
    return "".join(out)


def _match(code: str, i: int) -> int:
    """Index of the bracket that closes the one at i (len(code) if none)."""
    depth = 0
    for j in range(i, len(code)):
        if code[j] in _OPEN:
            depth += 1
        elif code[j] in _CLOSE:
            depth -= 1
            if depth == 0:
                return j
    return len(code)


def _skip_space(code: str, i: int) -> int:
    while i < len(code) and code[i].isspace():
        i += 1
    return i


def _statement_end(code: str, i: int) -> int:
    """Index of the last character of the C statement starting at or after i."""
    i = _skip_space(code, i)
    if i >= len(code):
        return len(code) - 1
    if code[i] == "#":                       # a nested or combined pragma
        j = code.find("\n", i)
        return _statement_end(code, len(code) if j < 0 else j)
    if code[i] == "{":
        return _match(code, i)
    keyword = re.match(r"(for|while|if|switch|do|else)\b", code[i:])
    if keyword:
        word, j = keyword.group(1), i + len(keyword.group(1))
        if word in ("do", "else"):
            end = _statement_end(code, j)
            if word == "do":
                end = code.find(";", end + 1)
            return end
        end = _statement_end(code, _match(code, code.find("(", j)) + 1)
        if word == "if":
            k = _skip_space(code, end + 1)
            if re.match(r"else\b", code[k:]):
                end = _statement_end(code, k + 4)
        return end
    depth = 0
    for j in range(i, len(code)):
        if code[j] in _OPEN:
            depth += 1
        elif code[j] in _CLOSE:
            depth -= 1
        elif code[j] == ";" and depth == 0:
            return j
    return len(code) - 1


class SourceFile:
    """One C file: its lines and the extent of each OpenMP construct."""

    def __init__(self, path: Path):
        try:
            text = path.read_text(errors="replace")
        except OSError:
            text = ""
        self.lines = text.splitlines()
        code = _blank(text)
        starts = [0]
        for k, c in enumerate(code):
            if c == "\n":
                starts.append(k + 1)
        self._starts = starts
        self.pragmas = []
        for number, line in enumerate(code.splitlines(), 1):
            m = _PRAGMA.match(line)
            if not m:
                continue
            words = re.findall(r"[A-Za-z_]\w*", m.group("words"))
            end = number
            if words and words[0] not in _STANDALONE:
                begin = starts[number] if number < len(starts) else len(code)
                end = self._line_of(_statement_end(code, begin))
            self.pragmas.append(Pragma(number, end, self.lines[number - 1].strip(), words))

    def _line_of(self, index: int) -> int:
        lo, hi = 0, len(self._starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._starts[mid] <= index:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    def line(self, number: int | None) -> str:
        if not number or not 1 <= number <= len(self.lines):
            return ""
        return self.lines[number - 1]

    def governing(self, number: int) -> list[Pragma]:
        """The constructs whose statement holds line `number`, innermost first."""
        return sorted((p for p in self.pragmas if p.line < number <= p.end),
                      key=lambda p: -p.line)

    def construct(self, number: int) -> Pragma | None:
        """The innermost construct that shares out work (not critical/atomic)."""
        for p in self.governing(number):
            if p.directive not in _SYNC:
                return p
        return None

    def protected(self, number: int) -> bool:
        return any(p.directive in _SYNC for p in self.governing(number))

    def function_end(self, number: int) -> int:
        """The line of the '}' closing the function that holds line `number`."""
        for k in range(number, len(self.lines) + 1):
            if self.lines[k - 1].startswith("}"):
                return k
        return len(self.lines)


# --- The variable at a line and column -----------------------------------------

def _open_of(s: str, k: int) -> int:
    """Index of the bracket that opens the one that closes at k."""
    depth = 0
    for j in range(k, -1, -1):
        if s[j] in _CLOSE:
            depth += 1
        elif s[j] in _OPEN:
            depth -= 1
            if depth == 0:
                return j
    return 0


def _expr_before(s: str, end: int) -> str:
    """The postfix expression (a, a[i], a.b, p->b ...) that ends just before end."""
    k = end
    while k > 0 and s[k - 1].isspace():
        k -= 1
    stop = k
    while k > 0:
        c = s[k - 1]
        if c in ")]":
            k = _open_of(s, k - 1)
        elif c.isalnum() or c == "_":
            while k > 0 and (s[k - 1].isalnum() or s[k - 1] == "_"):
                k -= 1
            if k > 0 and s[k - 1] == ".":
                k -= 1
            elif k > 1 and s[k - 2:k] == "->":
                k -= 2
            else:
                break
        else:
            break
    return s[k:stop].strip()


def _expr_after(s: str, start: int) -> tuple[int, int]:
    """(start, end) of the name at start and its [..], .b and ->b suffixes."""
    m = _IDENT.match(s, start)
    if not m:
        return start, start
    j = m.end()
    while j < len(s):
        if s[j] == "[":
            j = _match(s, j) + 1
        elif s[j] == "." and _IDENT.match(s, j + 1):
            j = _IDENT.match(s, j + 1).end()
        elif s.startswith("->", j) and _IDENT.match(s, j + 2):
            j = _IDENT.match(s, j + 2).end()
        else:
            break
    return start, j


_ASSIGN = re.compile(r"(?<![=!<>+\-*/%&|^])(=|[-+*/%&|^]=|<<=|>>=)(?!=)")


def _variable_of_line(s: str, write: bool, hint: str) -> str:
    """The variable of a line when the report gives no column (gcc's
    ThreadSanitizer prints none): a write is the assignment's left side or
    the operand of ++/--; a read is the variable the other thread's line
    writes (`hint`), by its base name, when this line uses it."""
    assign = _ASSIGN.search(s)
    if write and assign:
        return _expr_before(s, assign.start()) or "?"
    step = re.search(r"(\+\+|--)", s)
    if write and step:
        return variable_at(s, step.start() + 1, write, hint)
    base = _IDENT.match(hint)
    if base and re.search(rf"\b{re.escape(base.group(0))}\b", s):
        return base.group(0)
    right = s[assign.end():] if assign else s
    for name in _IDENT.finditer(right):
        if not right[name.end():].lstrip().startswith("("):
            return name.group(0)
    return "?"


def variable_at(s: str, column: int, write: bool = False, hint: str = "") -> str:
    """The variable accessed at a 1-based column of source line s. A write
    whose column is not on an operator (clang puts a struct copy on its right
    side) is the assignment's left side; a read at a call is the argument
    named `hint` (the other thread's variable), else the first argument.
    Column 0 (not known) is judged from the whole line."""
    if not s:
        return "?"
    if column <= 0:
        return _variable_of_line(s, write, hint)
    i = min(max(column - 1, 0), max(len(s) - 1, 0))
    if s[i].isalnum() or s[i] == "_":
        while i > 0 and (s[i - 1].isalnum() or s[i - 1] == "_"):
            i -= 1
        assign = _ASSIGN.search(s, 0, i)
        if write and assign:
            return _expr_before(s, assign.start()) or "?"
        name = _IDENT.match(s, i)
        if name and s[name.end():].lstrip().startswith("("):
            opening = s.index("(", name.end())
            args = _IDENT.findall(s[opening + 1:_match(s, opening)])
            base = _IDENT.match(hint)
            if base and base.group(0) in args:
                return hint
            return args[0] if args else name.group(0)
        start, end = _expr_after(s, i)
        if start > 0 and (s[start - 1] == "." or s[max(start - 2, 0):start] == "->"):
            base = _expr_before(s, start - (1 if s[start - 1] == "." else 2))
            start = s.rfind(base, 0, start) if base else start
        return s[start:end].strip() or "?"
    if s.startswith(("++", "--"), i):
        before = s[:i].rstrip()
        if before and (before[-1].isalnum() or before[-1] in "_])"):
            return _expr_before(s, i) or "?"
        j = _skip_space(s, i + 2)
        start, end = _expr_after(s, j)
        return s[start:end] or "?"
    return _expr_before(s, i) or "?"


# --- The lesson and the fix ----------------------------------------------------

@dataclass
class Advice:
    variable: str
    loop_line: int | None
    loop: str
    lesson: str
    fix: str


def _lesson(number: str) -> str:
    """The lesson folder of topic `number`, e.g. '07-races-and-reduction'."""
    found = sorted((ROOT / "lessons").glob(f"{number}-*"))
    return found[0].name if found else number


_UPDATE = r"\s*(\+\+|--|[-+*/|&^]=)"


def _update_operator(source: str, variable: str) -> str:
    """'+', '-', '*' ... when the line updates variable in place, else ''."""
    v = re.escape(variable)
    m = (re.search(v + _UPDATE, source) or re.search(r"(\+\+|--)\s*" + v, source))
    if m:
        return {"++": "+", "--": "-"}.get(m.group(1), m.group(1)[:1])
    m = re.search(v + r"\s*=\s*" + v + r"\s*([-+*|&^])", source)
    return m.group(1) if m else ""


def advise(src: SourceFile, line: int, column: int, write: bool,
           other: tuple[int, int, bool] | None, topic_number: str) -> Advice:
    """What the race at line:column is on, where, and how the lessons fix it.
    other: (line, column, write) of the other thread's access, when known."""
    source = src.line(line)
    hint = variable_at(src.line(other[0]), other[1], other[2]) if other else ""
    variable = variable_at(source, column, write, hint)
    other_line = other[0] if other and other[0] != line else None
    base_match = _IDENT.match(variable)
    base = base_match.group(0) if base_match else variable
    loop = src.construct(line)
    other_loop = src.construct(other_line) if other_line else None
    at = f"line {loop.line}" if loop else "its loop"

    def advice(lesson: str, fix: str) -> Advice:
        return Advice(variable, loop.line if loop else None, loop.text if loop else "",
                      _lesson(lesson), fix)

    uses = re.compile(r"\b" + re.escape(base) + r"\b")
    body = range(loop.line + 1, loop.end + 1) if loop else range(line, line + 1)
    elsewhere = any(uses.search(src.line(k)) for k in body if k != line)
    tested = any(re.search(r"\bif\s*\(", src.line(k)) and uses.search(src.line(k))
                 for k in range(body.start, line + 1))
    guarded = src.protected(line) or (other_line is not None and src.protected(other_line))
    after = loop and any(uses.search(src.line(k))
                         for k in range(loop.end + 1, src.function_end(line) + 1))
    operator = _update_operator(source, variable)
    shared = loop and re.search(r"shared\s*\([^)]*\b" + re.escape(base) + r"\b", loop.text)
    instead = f" instead of shared({base})" if shared else ""
    member = "." in variable or "->" in variable
    subscripted = "[" in variable

    nowait = [p for p in (loop, other_loop) if p and "nowait" in p.words]
    if nowait:
        return advice("06", f"remove `nowait` from the pragma of line {nowait[0].line}: "
                            "the barrier at the end of that loop keeps every thread out of "
                            "the next one until all its values are written.")
    if loop and other_loop and other_loop.line != loop.line:
        if "master" in (loop.directive, other_loop.directive):
            where = loop.line if loop.directive == "master" else other_loop.line
            return advice("06", f"use `#pragma omp single` instead of `master` on line {where}: "
                                "single ends with a barrier and master does not, so the other "
                                f"threads read `{base}` before it is written.")
        return advice("06", f"put a barrier between the code that writes `{base}` and the "
                            "code that reads it: no `nowait`, or `#pragma omp barrier`.")
    if loop and loop.directive == "parallel" and not _WORKSHARING & set(loop.words):
        after_pragma = next((src.line(k).strip() for k in range(loop.line + 1, loop.end + 1)
                             if src.line(k).strip()), "")
        if after_pragma.startswith("for"):
            return advice("02", f"write `#pragma omp parallel for` on line {loop.line}: "
                                "`parallel` alone makes every thread run the whole loop, "
                                "`parallel for` shares its items among them.")
        if not operator and not tested and not guarded:
            return advice("01", f"let one thread store `{variable}`: put "
                                "`#pragma omp single` on the line above it.")
    if member or tested or guarded:
        return advice("07", f"put the test and every assignment of `{base}` in one "
                            "`#pragma omp critical` block: atomic guards one variable only, and "
                            f"a test outside the block acts on a `{base}` another thread may "
                            "have just changed.")
    if operator and not subscripted:
        if elsewhere:
            return advice("05", f"add firstprivate({base}) to the pragma of {at}{instead}: each "
                                "thread then counts on a copy of its own that starts at the "
                                "value from before the loop.")
        return advice("07" if topic_number == "07" else "02",
                      f"add reduction({operator}:{base}) to the pragma of {at}: each thread "
                      "updates a private copy, and the copies are combined once when the "
                      "loop ends.")
    if operator:
        return advice("07", f"put `#pragma omp atomic` on the line above, so that each "
                            f"update of `{variable}` happens as a whole: two threads may hit "
                            "the same element at once.")
    if not subscripted:
        if after:
            return advice("05", f"add lastprivate({base}) to the pragma of {at}{instead}: each "
                                "thread then works on a copy of its own, and the copy from "
                                "the final iteration is kept after the loop.")
        return advice("05", f"declare `{base}` inside the loop body (or add private({base}) "
                            f"to the pragma of {at}), so that each thread has its own.")
    if other_line:
        return advice("06", f"write `{base}` in one `#pragma omp for` loop and read it in a "
                            "second one, in the same parallel region: the barrier between the "
                            "loops makes every value ready before any thread reads it.")
    return advice("07", f"protect `{variable}` with `#pragma omp critical`, or give each "
                        "thread a copy of its own.")
