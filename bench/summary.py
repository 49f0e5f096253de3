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
            pool_map = runs(name, compiler, "pool-map", p, "python")
            line(f"n = {n}, {p} worker{'s' if p > 1 else ''}: Python Pool {med(pool) * 1e3:.2f} ms "
                 f"/ C parallel {med(par) * 1e6:.1f} us = {med(pool) / med(par):.0f} x; Python "
                 f"serial {med(pyser) * 1e3:.2f} ms / C serial {med(ser) * 1e6:.1f} us = "
                 f"{med(pyser) / med(ser):.0f} x; Python pool.map alone {med(pool_map) * 1e3:.2f} "
                 f"ms (starting and stopping the pool: {(med(pool) - med(pool_map)) * 1e3:.1f} "
                 f"ms), whole Pool / Python serial = {med(pool) / med(pyser):.1f} x")
    for k in (1, 2, 3):
        text = (out / f"break_even-{compiler}-{k}.txt").read_text()
        line(f"break_even run {k}: " + re.search(r"^Break-even: .*$", text, re.M).group(0)
             + "; " + re.search(r"^The if clause, .*$", text, re.M).group(0))
    text = (out / f"break_even-passive-{compiler}.txt").read_text()
    line("break_even with OMP_WAIT_POLICY=passive: "
         + re.search(r"^Break-even: .*$", text, re.M).group(0))
    for policy in ("", "active", "passive"):
        text = (out / f"overheads{'-' + policy if policy else ''}-{compiler}.txt").read_text()
        costs = dict(re.findall(r"^(parallel|parallel for|\+ reduction|barrier|critical|atomic)"
                                r" +(-?[\d.]+) us$", text, re.M))
        line(f"overheads{f' (OMP_WAIT_POLICY={policy})' if policy else ''}: "
             + ", ".join(f"{k} {v} us" for k, v in costs.items()))
    for k in (1, 2, 3, 4):
        text = (out / f"one_run-{compiler}-{k}.txt").read_text()
        us = [float(v) for v in re.findall(r"^run +\d+ +([\d.]+) us", text, re.M)]
        late = med(us[9:])
        line(f"one_run run {k}: run 1 took {us[0] / med(us[1:]):.1f} x the median of runs 2-15; "
             f"runs 2 and 3 took {us[1] / late:.1f} and {us[2] / late:.1f} x the median of "
             f"runs 10-15")
    text = (out / f"quota-{compiler}.txt").read_text()
    if text.startswith("not measured"):
        line("under a CPU quota of 1 CPU: " + text.strip())
    else:
        seen = {k: re.search(rf"^{re.escape(k)} +(.*)$", text, re.M).group(1)
                for k in ("omp_get_num_procs()", "CPU quota", "omp_get_max_threads()")}
        two = re.search(r"^ +2 .* ([\d.]+) x +[\d.]+$", text, re.M)
        line(f"under a CPU quota of 1 CPU: omp_get_num_procs() {seen['omp_get_num_procs()']}, "
             f"quota seen: {seen['CPU quota']}, default team {seen['omp_get_max_threads()']}; "
             f"heavy_map on 2 threads {two.group(1) if two else '?'} x as fast as on 1")
