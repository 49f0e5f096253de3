"""The fix that works with every start method: both functions defined at
the top level of the module, before the __main__ block, so that a worker
that starts afresh (spawn, forkserver) defines them again when it imports
this file.

    python3 lessons/05-copied-vs-shared/python/module_level.py [fork|spawn|forkserver]
"""
import multiprocessing
import sys

TIMEOUT = 2  # seconds


def square(x):
    return x * x


def cube(x):
    return x * x * x


if __name__ == "__main__":
    if len(sys.argv) > 1:
        multiprocessing.set_start_method(sys.argv[1])
    print(f"Start method: {multiprocessing.get_start_method()}", flush=True)
    numbers = [1, 2, 3, 4, 5]
    with multiprocessing.Pool(2) as pool:
        print(f"Square result: {pool.map(square, numbers)}", flush=True)
        try:
            print(f"Cube result: {pool.map_async(cube, numbers).get(TIMEOUT)}", flush=True)
        except multiprocessing.TimeoutError:
            print(f"Cube result: no answer after {TIMEOUT} s", flush=True)
