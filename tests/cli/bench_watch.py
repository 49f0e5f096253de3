"""How long a student waits: from saving a file to seeing its verdict in
./workbook's watch mode. Prints figures; asserts nothing (machines differ).

Run: python3 tests/cli/bench_watch.py [SAVES] [EXERCISE]   (default 15, 01)
"""
from __future__ import annotations

import os
import statistics
import sys
import time

from sandbox import Sandbox, Terminal

KEYS = r"keys: \[n\]ext"


def main() -> int:
    saves = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    number = sys.argv[2] if len(sys.argv) > 2 else "01"
    box = Sandbox()
    try:
        topic = next(p.name for p in box.path("exercises").glob(f"{number}-*"))
        solved = sorted(box.path(f"solutions/{topic}").glob("*.c"))[0]
        target = box.path(f"exercises/{topic}/{solved.name}")
        box.path(".workbook").mkdir(exist_ok=True)
        box.path(".workbook/state.json").write_text(
            '{"version": 1, "current": "%s", "hints": {}, "gave_up": {}, "scores": {}}' % number)
        screen = Terminal(box)
        screen.read_until(KEYS, timeout=600)
        waits = []
        for i in range(saves):
            mark = screen.mark()
            text = solved.read_text() + f"\n/* save {i} */\n"
            tmp = target.with_name(target.name + ".tmp")
            tmp.write_text(text)
            saved = time.monotonic()
            os.replace(tmp, target)
            shown = screen.read_until(KEYS, since=mark)
            waits.append(shown - saved)
            time.sleep(0.3)
        screen.press("q")
        screen.finish()
    finally:
        box.close()
    print(f"exercise {number}, {saves} saves: save -> verdict on screen "
          f"median {statistics.median(waits):.2f} s, min {min(waits):.2f} s, "
          f"max {max(waits):.2f} s (load average {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
