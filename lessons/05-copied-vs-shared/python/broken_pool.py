"""The tutorial's broken_pool.py, retold: cube is defined after the pool
started, so the workers may not have it.

    python3 lessons/05-copied-vs-shared/python/broken_pool.py [fork|spawn|forkserver]

With no argument, Python's default start method is used. A worker that
cannot find cube prints an AttributeError and dies; the pool starts a new
worker, but the lost chunk's answer never comes, so pool.map would wait
for ever. map_async(...).get(TIMEOUT) lets the script end and say so.
"""
import multiprocessing
import sys

TIMEOUT = 2  # seconds


def square(x):
    return x * x


if __name__ == "__main__":
    if len(sys.argv) > 1:
        multiprocessing.set_start_method(sys.argv[1])
    # flush=True: the lines keep their place among the workers' messages,
    # which go to stderr, also when the output goes to a pipe or a file.
    print(f"Start method: {multiprocessing.get_start_method()}", flush=True)
    numbers = [1, 2, 3, 4, 5]
    with multiprocessing.Pool(2) as pool:
        print(f"Square result: {pool.map(square, numbers)}", flush=True)

        def cube(x):
            return x * x * x

        try:
            print(f"Cube result: {pool.map_async(cube, numbers).get(TIMEOUT)}", flush=True)
        except multiprocessing.TimeoutError:
            print(f"Cube result: no answer after {TIMEOUT} s", flush=True)
