"""Run broken_pool.py, two_pools.py and module_level.py with each of
Python's three start methods, and sum up what their cube maps gave.

    python3 lessons/05-copied-vs-shared/python/start_methods.py

fork copies the parent process, as it is at that moment. spawn starts a
fresh Python that imports the script again as a module named __mp_main__
(so the code under `if __name__ == "__main__":` does not run there), and
forkserver forks workers from such a fresh process. Run one script
yourself to see everything it prints, worker tracebacks included.
"""
import platform
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["broken_pool.py", "two_pools.py", "module_level.py"]
METHODS = ["fork", "spawn", "forkserver"]
SQUARES = "Square result: [1, 4, 9, 16, 25]"


def run(script, method):
    """The script's output lines (stdout and stderr together)."""
    proc = subprocess.run([sys.executable, str(HERE / script), method],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=60)
    return proc.stdout.splitlines()


def main():
    print(f"Python {platform.python_version()}: what the cube map of each script gave")
    print(f"{'script':<18}" + "".join(f"{m:<22}" for m in METHODS).rstrip())
    said = []
    for script in SCRIPTS:
        row = f"{script:<18}"
        for method in METHODS:
            lines = run(script, method)
            if SQUARES not in lines:
                row += f"{'(no squares!)':<22}"
                continue
            cube = next((l for l in lines if l.startswith("Cube result: ")), "Cube result: ?")
            row += f"{cube[len('Cube result: '):]:<22}"
            errors = [l for l in lines if l.startswith("AttributeError")]
            if errors:
                # The message names the script by its full path: keep the name only.
                said.append((method, script, re.sub(r"from '[^']*/", "from '", errors[0])))
        print(row.rstrip())
    print()
    print("What a worker printed when it could not find cube:")
    for method, script, error in said:
        print(f"  {method + ', ' + script + ':':<28}{error}")


if __name__ == "__main__":
    main()
