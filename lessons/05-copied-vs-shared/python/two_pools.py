"""The tutorial's fix, retold: a second pool, started after cube is
defined. It relies on the workers being copies of this process.

    python3 lessons/05-copied-vs-shared/python/two_pools.py [fork|spawn|forkserver]
"""
import multiprocessing
import sys

TIMEOUT = 2  # seconds


def square(x):
    return x * x


if __name__ == "__main__":
    if len(sys.argv) > 1:
        multiprocessing.set_start_method(sys.argv[1])
    print(f"Start method: {multiprocessing.get_start_method()}", flush=True)
    numbers = [1, 2, 3, 4, 5]
    with multiprocessing.Pool(2) as pool:
        print(f"Square result: {pool.map(square, numbers)}", flush=True)

    def cube(x):
        return x * x * x

    with multiprocessing.Pool(2) as pool:
        try:
            print(f"Cube result: {pool.map_async(cube, numbers).get(TIMEOUT)}", flush=True)
        except multiprocessing.TimeoutError:
            print(f"Cube result: no answer after {TIMEOUT} s", flush=True)
