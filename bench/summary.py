"""The figures lessons/08-performance-lab/README.md quotes, from the files
bench/reproduce.sh wrote:   python3 bench/summary.py bench/results
"""
import csv
import re
import statistics
import sys
from pathlib import Path

out = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/results")


def runs(name, compiler, label, threads, source="c"):
    with open(out / f"08-{name}-{compiler}.csv", newline="") as f:
        return [float(r["seconds"]) for r in csv.DictReader(f)
                if (r["source"], r["label"], r["threads"]) == (source, label, str(threads))]


def med(xs):
    return statistics.median(xs)


def spread(xs):
    return f"{100 * (max(xs) - min(xs)) / med(xs):.0f} %"


def line(text):
    print(text)


for compiler in ("gcc", "clang"):
    line(f"== {compiler}")
    one, two, four = (runs("heavy_map", compiler, "square", p) for p in (1, 2, 4))
    line(f"heavy_map, 1e8 squares: {med(one):.4f} s on 1 thread (spread {spread(one)}), "
         f"{med(two):.4f} s on 2 (spread {spread(two)}): speedup {med(one) / med(two):.2f}, "
         f"efficiency {med(one) / med(two) / 2:.2f}; on 4 threads {med(four):.4f} s, "
         f"efficiency {med(one) / med(four) / 4:.2f}")
    for label in ("static", "cyclic", "dynamic", "guided"):
        a, b = runs("uneven_map", compiler, label, 1), runs("uneven_map", compiler, label, 2)
        line(f"uneven_map {label:<8} speedup at 2 threads {med(a) / med(b):.2f} "
             f"(efficiency {med(a) / med(b) / 2:.2f})")
    for p in (1, 2):
        side, pad, red = (runs("counters", compiler, l, p)
                          for l in ("side-by-side", "padded", "reduction"))
        line(f"counters at {p} thread{'s' if p > 1 else ''}: side by side {med(side):.4f} s "
             f"(spread {spread(side)}), padded {med(pad):.4f} s ({spread(pad)}), reduction "
             f"{med(red):.4f} s ({spread(red)}): side by side takes {med(side) / med(pad):.2f} "
             f"x padded, reduction {med(red) / med(pad):.2f} x")
    for n in (5000, 1000000):
        name = "tutorial_map" if n == 5000 else "tutorial_map-1000000"
        for p in (1, 2):
            pool = runs(name, compiler, "pool", p, "python")
            pyser = runs(name, compiler, "serial", p, "python")
            par, ser = runs(name, compiler, "parallel", p), runs(name, compiler, "serial", p)
            line(f"n = {n}, {p} worker{'s' if p > 1 else ''}: Python Pool {med(pool) * 1e3:.2f} ms "
                 f"/ C parallel {med(par) * 1e6:.1f} us = {med(pool) / med(par):.0f} x; Python "
                 f"serial {med(pyser) * 1e3:.2f} ms / C serial {med(ser) * 1e6:.1f} us = "
                 f"{med(pyser) / med(ser):.0f} x")
    for k in (1, 2, 3):
        text = (out / f"break_even-{compiler}-{k}.txt").read_text()
        line(f"break_even run {k}: " + re.search(r"^Break-even: .*$", text, re.M).group(0)
             + "; " + re.search(r"^The if clause, .*$", text, re.M).group(0))
    for policy in ("", "-passive"):
        text = (out / f"overheads{policy}-{compiler}.txt").read_text()
        costs = dict(re.findall(r"^(parallel|parallel for|\+ reduction|barrier|critical|atomic)"
                                r" +(-?[\d.]+) us$", text, re.M))
        line(f"overheads{' (OMP_WAIT_POLICY=passive)' if policy else ''}: "
             + ", ".join(f"{k} {v} us" for k, v in costs.items()))
