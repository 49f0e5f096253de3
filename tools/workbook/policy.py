"""The symbol policy: what a student's object files may define and call,
checked with binutils (readelf, objdump) before any of their code runs.

A test program links the student's objects with the graded tests, so a
function the student defines wins over the harness's, Criterion's, the C
library's or the OpenMP runtime's, and a constructor runs before main. An
exercise's objects may therefore:
  - define, as global symbols, only the functions its header declares
    (workbook.toml `api`); anything else must be `static`;
  - refer only to the functions and variables of the groups the exercise
    names in `calls` ([policy] in workbook.toml): OpenMP, the C library's
    pure, allocation and output functions, and for topic 05 the process
    calls and the lesson's pool;
  - have only the sections ordinary code has: no .init_array/.fini_array
    (constructors, destructors), no section of Criterion's test registry;
  - make no raw system call (a syscall instruction needs no symbol).
The race and memory checks build the same files with a sanitizer; there,
the file must preprocess to the same code as in the ordinary build, so that
no code can tell it is being checked (see same_code_when_instrumented()).

Objects do not show everything: the same rules are also checked on the
student's own lines of the preprocessed source (macros cannot hide a word
there): no inline assembly, no attribute that changes where code goes or
what the sanitizers see, no builtin that reads the stack's frames, and only
the headers an exercise needs (the C library's standard headers, OpenMP's,
the exercise's own; for topic 05 the process headers too). Code that walks
its own process's memory to reach the harness needs those (ELF and link
map headers, frame addresses, assembly); without them it has to be written
out by hand, which a reader of the file sees at once.

A violation is one sentence naming the file, the symbol and the rule.
"""
from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from workbook.meta import Exercise, Workbook

# Sections an ordinary C object has (prefixes). Anything else is refused.
ORDINARY_SECTIONS = (".text", ".data", ".bss", ".rodata", ".tbss", ".tdata", ".debug_",
                     ".zdebug_", ".rela.", ".rel.", ".note", ".comment", ".eh_frame",
                     ".group", ".symtab", ".strtab", ".shstrtab", ".llvm_addrsig",
                     ".symtab_shndx")
CONSTRUCTOR_SECTIONS = (".init_array", ".fini_array", ".ctors", ".dtors", ".preinit_array")
# Defined symbols the compilers make for OpenMP's `critical`: a lock, not code.
COMPILER_DEFINED = (".gomp_critical_user_*",)
# Instructions that enter the kernel without a function.
_SYSCALL = re.compile(r"\t(syscall|sysenter|int\s+\$0x80)\b")
_FUNCTION = re.compile(r"^[0-9a-f]+ <(?P<name>[^>]+)>:$")


class PolicyError(Exception):
    """The checker itself could not run (binutils missing, no archive)."""


@dataclass(frozen=True)
class Violation:
    file: str        # the source file the object came from, as the student names it
    symbol: str
    sentence: str    # the whole message, one sentence


def _tool(*args: str) -> str:
    try:
        proc = subprocess.run(list(args), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, errors="replace", timeout=60)
    except FileNotFoundError:
        raise PolicyError(f"{args[0]} is missing: install binutils "
                          "(sudo apt-get install binutils)") from None
    except subprocess.TimeoutExpired:
        raise PolicyError(f"{args[0]} did not finish on {args[-1]}") from None
    if proc.returncode != 0:
        raise PolicyError(f"{args[0]} could not read {args[-1]}: {proc.stderr.strip()[:300]}")
    return proc.stdout


_READELF_MEMBER = re.compile(r"^File: .*\((?P<member>[^()]+)\)$")
_OBJDUMP_MEMBER = re.compile(r"^(?P<member>\S+):\s+file format ")


def _by_member(text: str, header: re.Pattern) -> dict[str, list[str]]:
    """readelf/objdump output of an archive, cut per member object."""
    members: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        m = header.match(line)
        if m:
            current = m.group("member")
            members.setdefault(current, [])
        elif current:
            members[current].append(line)
    return members


def _source_name(member: str) -> str:
    """'parallel_map.c.o' -> 'parallel_map.c'."""
    return member[:-2] if member.endswith(".o") else member


@dataclass(frozen=True)
class _Symbol:
    name: str
    kind: str      # FUNC, OBJECT, NOTYPE, TLS, IFUNC, ...
    bind: str      # LOCAL, GLOBAL, WEAK, UNIQUE
    index: str     # UND, COM, ABS or a section number


def _symbols(lines: list[str]) -> list[_Symbol]:
    found = []
    for line in lines:
        parts = line.split()
        # Num: Value Size Type Bind Vis Ndx Name
        if len(parts) >= 8 and parts[0].endswith(":") and parts[0][:-1].isdigit():
            found.append(_Symbol(name=parts[7], kind=parts[3], bind=parts[4], index=parts[6]))
    return found


def _sections(lines: list[str]) -> list[str]:
    names = []
    for line in lines:
        m = re.match(r"^\s*\[\s*\d+\]\s+(\S+)", line)
        if m and m.group(1) not in ("NULL", "Name"):
            names.append(m.group(1))
    return names


def allowed_calls(wb: Workbook, ex: Exercise) -> tuple[str, ...]:
    patterns: list[str] = []
    for group in ex.calls:
        patterns += wb.policy[group]
    return tuple(patterns)


def _matches(name: str, patterns) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


def check_archive(wb: Workbook, ex: Exercise, archive: Path) -> list[Violation]:
    """Every rule the objects in `archive` (a static library) break."""
    if not archive.exists():
        raise PolicyError(f"{archive} is not built")
    symbols = _by_member(_tool("readelf", "-sW", str(archive)), _READELF_MEMBER)
    sections = _by_member(_tool("readelf", "-SW", str(archive)), _READELF_MEMBER)
    code = _by_member(_tool("objdump", "-d", "--no-show-raw-insn", str(archive)),
                      _OBJDUMP_MEMBER)
    api = set(ex.api)
    api_text = " and ".join(", ".join(ex.api).rsplit(", ", 1)) if ex.api else "nothing"
    calls = allowed_calls(wb, ex)
    groups = ", ".join(ex.calls)
    found: list[Violation] = []
    for member in sorted(set(symbols) | set(sections)):
        if not member:
            continue
        source = _source_name(member)
        for name in _sections(sections.get(member, [])):
            if name.startswith(CONSTRUCTOR_SECTIONS):
                found.append(Violation(source, name, (
                    f"{source} has a {name} section (a constructor or destructor): exercise "
                    "code may run only when the tests call it")))
            elif not name.startswith(ORDINARY_SECTIONS):
                found.append(Violation(source, name, (
                    f"{source} has a section named {name}: exercise code may have only "
                    "ordinary code and data sections, none of the test runner's")))
        for sym in _symbols(symbols.get(member, [])):
            if not sym.name or sym.kind in ("FILE", "SECTION"):
                continue
            if sym.index == "UND":
                if not _matches(sym.name, calls):
                    found.append(Violation(source, sym.name, (
                        f"{source} calls {sym.name}, which exercise {ex.number} does not "
                        f"allow: its code may call only {groups} functions "
                        "(workbook.toml [policy])")))
                continue
            if sym.kind == "IFUNC":
                # The loader calls an ifunc's resolver before main, static or not.
                found.append(Violation(source, sym.name, (
                    f"{source} has an indirect function (ifunc) {sym.name}, whose resolver "
                    "runs before main: exercise code may run only when the tests call it")))
                continue
            if sym.bind == "LOCAL" or _matches(sym.name, COMPILER_DEFINED):
                continue
            if sym.name in api and sym.kind == "FUNC":
                continue
            what = "main" if sym.name == "main" else sym.name
            kind = "the function" if sym.kind in ("FUNC", "IFUNC") else "the global variable"
            found.append(Violation(source, sym.name, (
                f"{source} defines {kind} {what}: an exercise file may define only "
                f"{api_text} (make anything else static)")))
        function = "?"
        for line in code.get(member, []):
            m = _FUNCTION.match(line)
            if m:
                function = m.group("name")
            elif _SYSCALL.search(line):
                found.append(Violation(source, function, (
                    f"{source} makes a raw system call in {function}: exercise code may "
                    f"reach the system only through the functions exercise {ex.number} allows")))
                break
    return found


# Headers an exercise file may include itself (its own and the lesson's too).
STANDARD_HEADERS = {"assert.h", "complex.h", "ctype.h", "errno.h", "fenv.h", "float.h",
                    "inttypes.h", "iso646.h", "limits.h", "math.h", "stdalign.h",
                    "stdarg.h", "stdatomic.h", "stdbool.h", "stddef.h", "stdint.h",
                    "stdio.h", "stdlib.h", "stdnoreturn.h", "string.h", "tgmath.h",
                    "time.h", "omp.h", "sys/types.h"}
PROCESS_HEADERS = {"unistd.h", "sys/wait.h"}
# Words of a student's own preprocessed lines that no exercise needs.
_FORBIDDEN_WORDS = {
    "asm": "inline assembly", "__asm": "inline assembly", "__asm__": "inline assembly",
    "__builtin_frame_address": "a builtin that reads the stack's frames",
    "__builtin_return_address": "a builtin that reads the stack's frames",
    "__builtin_extract_return_addr": "a builtin that reads the stack's frames",
    "__builtin_longjmp": "a builtin that jumps between functions",
    "__builtin_setjmp": "a builtin that jumps between functions",
}
_FORBIDDEN_ATTRIBUTES = {"constructor", "destructor", "section", "no_sanitize",
                         "no_sanitize_address", "no_sanitize_thread", "no_sanitize_memory",
                         "no_sanitize_undefined", "naked", "ifunc", "alias", "weakref",
                         "used", "retain", "visibility", "init_priority", "cleanup",
                         "target_clones", "symver", "externally_visible"}
_MARKER = re.compile(r'^# (?P<line>\d+) "(?P<file>[^"]*)"(?P<flags>(?: \d)*)\s*$')
_WORD = re.compile(r"[A-Za-z_]\w*")


_ATTRIBUTE_START = re.compile(r"\b__attribute(?:__)?\s*\(|\[\s*\[")


def _attribute_lists(text: str) -> list[str]:
    """The insides of every GNU `__attribute__((...))` (any spelling and
    spacing) and every C23 `[[...]]`, brackets balanced: a regular
    expression that expects one exact form is passed by another."""
    found = []
    for m in _ATTRIBUTE_START.finditer(text):
        opening = text[m.end() - 1]
        closing = ")" if opening == "(" else "]"
        depth, i = 1, m.end()
        while i < len(text) and depth:
            if text[i] == opening:
                depth += 1
            elif text[i] == closing:
                depth -= 1
            i += 1
        found.append(text[m.end():i])
    return found


def _own_lines_and_includes(text: str, source: Path) -> tuple[list[str], list[str]]:
    """(the lines preprocessed from `source` itself, the files it included
    directly) from `cc -E` output with its line markers."""
    own, included, stack = [], [], []
    mine = False
    for line in text.splitlines():
        m = _MARKER.match(line)
        if not m:
            if mine:
                own.append(line)
            continue
        flags = m.group("flags").split()
        name = m.group("file")
        if "1" in flags:            # entering a file
            if stack and stack[-1] == str(source) and not name.startswith("<"):
                included.append(name)
            stack.append(name)
        elif "2" in flags and stack:  # back in the includer
            stack.pop()
        elif not stack or stack[-1] != name:
            stack = stack[:-1] + [name] if stack else [name]
        mine = bool(stack) and Path(stack[-1]).name == source.name and \
            Path(stack[-1]).resolve() == source.resolve()
    return own, included


def _header_name(path: str, include: list[Path]) -> str:
    """'/usr/include/x86_64-linux-gnu/sys/wait.h' -> 'sys/wait.h'."""
    p = Path(path)
    for folder in include:
        try:
            return str(p.resolve().relative_to(folder.resolve()))
        except (ValueError, OSError):
            pass
    parts = p.parts
    for anchor in ("include", "x86_64-linux-gnu", "aarch64-linux-gnu"):
        if anchor in parts:
            rest = parts[len(parts) - 1 - parts[::-1].index(anchor) + 1:]
            if rest and rest[0] not in ("x86_64-linux-gnu", "aarch64-linux-gnu"):
                return "/".join(rest)
    return p.name


def strip_comments(text: str) -> str:
    """C source without its comments (string and character literals kept),
    backslash-newlines joined: the lines the preprocessor sees."""
    text = text.replace("\\\n", "")
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(" " + "\n" * text.count("\n", i, j))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        else:
            out.append(c)
            i += 1
    return "".join(out)


# `#line 1 "x"`, its GNU form `# 1 "x"`, and both spelled with the digraph %:
_LINE_DIRECTIVE = re.compile(r"^[ \t]*(#|%:)[ \t]*(line\b|[0-9])", re.MULTILINE)


def check_sources(ex: Exercise, sources, include: list[Path], compiler: str,
                  openmp_flag: str) -> list[Violation]:
    """The source-level rules, on each file's preprocessed text."""
    found: list[Violation] = []
    for source in sources:
        try:
            text = strip_comments(Path(source).read_text(errors="replace"))
        except OSError:
            continue
        if _LINE_DIRECTIVE.search(text):
            # The rules below find the student's own lines by the line
            # markers of the preprocessed text; #line would forge them.
            found.append(Violation(Path(source).name, "#line", (
                f"{Path(source).name} has a #line directive: exercise code may not say it "
                "is another file, or lines other than its own")))
    if found:
        return found
    allowed = STANDARD_HEADERS | (PROCESS_HEADERS if "process" in ex.calls else set())
    own_headers = {p.name for folder in include for p in Path(folder).glob("*.h")}
    for source in sources:
        source = Path(source)
        args = [compiler, "-E", openmp_flag, *[f"-I{p}" for p in include], str(source)]
        proc = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, errors="replace",
                              timeout=60)
        if proc.returncode != 0:
            continue   # the build reports the compile error itself
        own, included = _own_lines_and_includes(proc.stdout, source)
        for header in included:
            name = _header_name(header, include)
            exercise_header = Path(header).suffix == ".h" and Path(name).name in own_headers
            if name not in allowed and not exercise_header:
                if not header.startswith("/usr/"):
                    name = os.path.relpath(header, source.parent)
                found.append(Violation(source.name, name, (
                    f"{source.name} includes {name}: exercise {ex.number} may include only "
                    "its own headers, omp.h and the C library's standard headers"
                    + (" (and unistd.h, sys/wait.h)" if "process" in ex.calls else ""))))
        words = _WORD.findall("\n".join(own))
        for word in words:
            if word in _FORBIDDEN_WORDS:
                found.append(Violation(source.name, word, (
                    f"{source.name} uses {word}, {_FORBIDDEN_WORDS[word]}: exercise code "
                    "is plain C and OpenMP")))
                break
        for attrs in _attribute_lists("\n".join(own)):
            for word in _WORD.findall(attrs):
                if word.strip("_") in _FORBIDDEN_ATTRIBUTES:
                    found.append(Violation(source.name, word, (
                        f"{source.name} uses the attribute {word.strip('_')}: exercise code "
                        "may not decide where its code goes or what the checks see")))
                    break
    return found


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# Results by digest: unchanged objects and sources are not inspected twice.
_cache: dict[tuple, list[Violation]] = {}
OPENMP_FLAG = {"gcc": "-fopenmp", "clang": "-fopenmp=libomp"}


def check(wb: Workbook, ex: Exercise, archive: Path, sources=(), include=(),
          compiler: str = "gcc") -> list[Violation]:
    """Every rule the objects in `archive` and the files `sources` break."""
    key = (ex.number, digest(archive), compiler,
           tuple(digest(Path(p)) for p in sources if Path(p).exists()))
    if key not in _cache:
        _cache[key] = check_archive(wb, ex, archive) + check_sources(
            ex, sources, list(include), compiler, OPENMP_FLAG.get(compiler, "-fopenmp"))
    return _cache[key]


def same_code_when_instrumented(compiler: str, source: Path, include: list[Path],
                                ordinary: list[str], instrumented: list[str]) -> str:
    """'' when `source` preprocesses to the same text with the ordinary
    build's flags and with an instrument's (sanitizer) flags, else one
    sentence: code that can tell it runs under ThreadSanitizer or
    AddressSanitizer could behave only while it is watched."""
    def preprocess(flags: list[str]) -> str:
        args = [compiler, "-E", "-P", *flags, *[f"-I{p}" for p in include], str(source)]
        proc = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, errors="replace",
                              timeout=60)
        return proc.stdout if proc.returncode == 0 else ""
    if preprocess(ordinary) != preprocess(instrumented):
        return (f"{source.name} preprocesses to other code under the race or memory check: "
                "exercise code may not depend on how it is built")
    return ""
