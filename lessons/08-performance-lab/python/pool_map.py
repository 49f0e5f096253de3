"""The tutorial's pool.py with a stopwatch: how long does its map take?

    python3 lessons/08-performance-lab/python/pool_map.py [N] [--processes P]

Times, after a warm-up, the median of several runs of:

  pool        the tutorial's program: start a Pool, pool.map(square, 1..N),
              stop the pool, then reduce() the list of results
  pool map    pool.map alone, in a pool started beforehand
  serial      reduce() over map(square, 1..N) in this one process

`./workbook bench 08 tutorial_map` runs this script beside the C program
with the same N and prints how many times slower Python is.
"""
import argparse
import os
import statistics
import time
from functools import reduce
from multiprocessing import Pool


def square(x):
    """Function to return the square of the argument"""
    return x * x


def whole_program(n, processes):
    """The tutorial's lines, pool start and stop included."""
    with Pool(processes=processes) as pool:
        result = pool.map(square, range(1, n + 1))
    return reduce(lambda x, y: x + y, result)


def serial(n):
    return reduce(lambda x, y: x + y, map(square, range(1, n + 1)))


def timed(function, runs):
    """(seconds of each run, the last result), after one warm-up run."""
    function()
    seconds, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - start)
    return seconds, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=5000)
    parser.add_argument("--processes", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=0,
                        help="print 'time LABEL SECONDS' lines for ./workbook bench")
    args = parser.parse_args()
    n, runs = args.n, args.repeat or 5
    processes = args.processes or len(os.sched_getaffinity(0))

    with Pool(processes=processes) as pool:
        times = {
            "pool": timed(lambda: whole_program(n, processes), runs),
            "pool-map": timed(lambda: reduce(lambda x, y: x + y,
                                             pool.map(square, range(1, n + 1))), runs),
            "serial": timed(lambda: serial(n), runs),
        }
    if args.repeat:
        for label, (seconds, _) in times.items():
            for s in seconds:
                print(f"time {label} {s:.9f}")
        return
    print(f"The sum of the square of the first {n} integers is {times['serial'][1]}")
    print(f"Median of {runs} runs after a warm-up, with {processes} worker processes:")
    names = {"pool": "pool", "pool-map": "pool map", "serial": "serial"}
    for label, (seconds, result) in times.items():
        print(f"  {names[label]:<10} {statistics.median(seconds) * 1e6:12.0f} us  "
              f"(min {min(seconds) * 1e6:.0f}, max {max(seconds) * 1e6:.0f})"
              + ("" if result == times["serial"][1] else "  WRONG sum"))


if __name__ == "__main__":
    main()
