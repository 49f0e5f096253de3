"""What one short-lived Python pool costs: start Pool(2), map two items,
close it, with each start method. The median of 7 tries, in milliseconds.

    python3 lessons/06-several-pools/python/pool_cost.py
"""
import multiprocessing
import statistics
import time

TRIES = 7


def square(x):
    return x * x


def one_pool(method):
    start = time.perf_counter()
    with multiprocessing.get_context(method).Pool(2) as pool:
        pool.map(square, [1, 2])
    return time.perf_counter() - start


if __name__ == "__main__":
    print(f"Start a Pool(2), map 2 items, close it (median of {TRIES} tries):")
    for method in ("fork", "forkserver", "spawn"):
        median = statistics.median(one_pool(method) for _ in range(TRIES))
        print(f"  {method:<11} {median * 1e3:6.1f} ms")
