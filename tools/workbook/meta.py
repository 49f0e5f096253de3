"""workbook.toml: titles, points, hints, thread counts and timeouts.

Every tool reads the metadata through this module, so that the student's
CLI, the instructor's grader and the project's self-test agree on it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11: Debian's python3-tomli
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
META_FILE = ROOT / "workbook.toml"


class MetadataError(Exception):
    """workbook.toml is missing, malformed, or disagrees with itself."""


# Tests that are not Criterion tests but a run of an instrument over the
# student's code (workbook.grading runs them): ThreadSanitizer's race check,
# AddressSanitizer and LeakSanitizer's memory check.
INSTRUMENTS = ("race", "memory")


@dataclass(frozen=True)
class TestMeta:
    name: str
    points: int
    checks: str
    races: bool = False    # a data race in the student's code can fail this test
    instrument: str = ""   # "" (a Criterion test) or one of INSTRUMENTS


@dataclass(frozen=True)
class Exercise:
    number: str
    slug: str
    title: str
    timeout: int
    hints: tuple[str, ...]
    tests: tuple[TestMeta, ...]
    api: tuple[str, ...] = ()     # the functions the student's file defines
    calls: tuple[str, ...] = ()   # the [policy] groups its code may call

    @property
    def criterion_tests(self) -> tuple[TestMeta, ...]:
        return tuple(t for t in self.tests if not t.instrument)

    def instrument_test(self, instrument: str) -> TestMeta | None:
        return next((t for t in self.tests if t.instrument == instrument), None)

    @property
    def topic(self) -> str:
        """The folder name used in lessons/, exercises/, solutions/, tests/."""
        return f"{self.number}-{self.slug}"

    @property
    def suite(self) -> str:
        """The Criterion suite name: the slug with underscores."""
        return self.slug.replace("-", "_")

    @property
    def points(self) -> int:
        return sum(t.points for t in self.tests)


@dataclass(frozen=True)
class Workbook:
    threads: tuple[int, ...]
    exercises: tuple[Exercise, ...] = field(default_factory=tuple)
    # [policy]: group name -> symbol patterns an exercise's code may refer to
    policy: dict[str, tuple[str, ...]] = field(default_factory=dict)
    memory_mb: int = 2048   # [grading] memory limit of one sandboxed run

    @property
    def points(self) -> int:
        return sum(e.points for e in self.exercises)

    def find(self, key: str) -> Exercise:
        """An exercise by number ("2", "02") or topic ("02-parallel-map")."""
        key = key.strip()
        for ex in self.exercises:
            if key in (ex.number, ex.topic, ex.slug) or (key.isdigit() and int(key) == int(ex.number)):
                return ex
        known = ", ".join(e.number for e in self.exercises)
        raise MetadataError(f"there is no exercise '{key}': the exercises are {known} "
                            "(./workbook list shows them)")


def _require(table: dict, key: str, kind: type, where: str):
    if key not in table:
        raise MetadataError(f"{where}: '{key}' is missing")
    value = table[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise MetadataError(f"{where}: '{key}' should be a {kind.__name__}, not {value!r}")
    return value


def _optional(table: dict, key: str, kind: type, default, where: str):
    return _require(table, key, kind, where) if key in table else default


def parse(data: dict) -> Workbook:
    grading = data.get("grading", {})
    threads = tuple(_require(grading, "threads", list, "[grading]"))
    if not threads or not all(isinstance(t, int) and 1 <= t <= 64 for t in threads):
        raise MetadataError("[grading] threads must be a list of counts from 1 to 64")
    memory_mb = _optional(grading, "memory_mb", int, 2048, "[grading]")
    policy = {}
    for group, patterns in data.get("policy", {}).items():
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise MetadataError(f"[policy] {group} must be a list of symbol names")
        policy[group] = tuple(patterns)
    exercises = []
    for i, raw in enumerate(data.get("exercise", [])):
        where = f"[[exercise]] #{i + 1}"
        number = _require(raw, "number", str, where)
        where = f"exercise {number}"
        tests = []
        for t in raw.get("test", []):
            name = _require(t, "name", str, where)
            here = f"{where}, test {name}"
            instrument = _optional(t, "instrument", str, "", here)
            if instrument and instrument not in INSTRUMENTS:
                raise MetadataError(f"{here}: instrument must be one of {', '.join(INSTRUMENTS)}")
            tests.append(TestMeta(name=name,
                                  points=_require(t, "points", int, here),
                                  checks=_require(t, "checks", str, here),
                                  races=_optional(t, "races", bool, False, here),
                                  instrument=instrument))
        calls = tuple(_optional(raw, "calls", list, [], where))
        unknown = [g for g in calls if g not in policy]
        if unknown:
            raise MetadataError(f"{where}: calls names {unknown}, which [policy] does not define")
        exercises.append(Exercise(
            number=number,
            slug=_require(raw, "slug", str, where),
            title=_require(raw, "title", str, where),
            timeout=_require(raw, "timeout", int, where),
            hints=tuple(_require(raw, "hints", list, where)),
            tests=tuple(tests),
            api=tuple(_require(raw, "api", list, where)),
            calls=calls,
        ))
    exercises.sort(key=lambda e: e.number)
    numbers = [e.number for e in exercises]
    if len(set(numbers)) != len(numbers):
        raise MetadataError(f"two exercises share a number: {numbers}")
    return Workbook(threads=threads, exercises=tuple(exercises), policy=policy,
                    memory_mb=memory_mb)


def load(path: Path = META_FILE) -> Workbook:
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise MetadataError(f"{path} is missing; it lists the exercises") from None
    except tomllib.TOMLDecodeError as e:
        raise MetadataError(f"{path} is not valid TOML: {e}") from None
    return parse(data)
