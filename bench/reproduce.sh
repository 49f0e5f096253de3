#!/usr/bin/env bash
# The figures lessons/08-performance-lab/README.md quotes, measured again in
# one run, with both compilers, on whatever machine this is:
#
#   bench/reproduce.sh [OUT]        (default: bench/results)
#
# It builds lesson 08 in build/bench-gcc and build/bench-clang (or under
# $BENCH_BUILD), then, for each compiler: ./workbook bench on heavy_map,
# uneven_map, counters and tutorial_map (with the tutorial's Python beside
# it), and the programs that print their own tables (break_even, overheads,
# with OMP_WAIT_POLICY unset and passive, machine). Every output goes to a
# file in OUT, the machine's description to OUT/machine.txt, and the
# figures the lesson quotes to OUT/summary.txt. Let the machine be otherwise
# idle while it runs (about two minutes on 2 CPUs): every figure is a
# median, but another program's load still moves them.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench/results}
build=${BENCH_BUILD:-build/bench}
mkdir -p "$out"
rm -f "$out"/*.csv "$out"/*.png "$out"/*.svg "$out"/*.txt

{
    echo "measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(hostname)"
    lscpu | grep -E '^(Model name|CPU\(s\)|Thread\(s\) per core|Core\(s\) per socket|Socket\(s\)|L2 cache|L3 cache)' || true
    echo "CPUs usable: $(nproc); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "cgroup CPU quota: $(cat /sys/fs/cgroup/cpu.max 2>/dev/null || cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us 2>/dev/null || echo unknown)"
    echo "cache line: $(getconf LEVEL1_DCACHE_LINESIZE 2>/dev/null || echo unknown) bytes"
    gcc --version | head -1
    clang --version | head -1
    echo "libgomp: $(dpkg-query -W -f='${Version}' libgomp1 2>/dev/null || echo unknown)," \
         "libomp: $(dpkg-query -W -f='${Package} ${Version}' 'libomp5-*' 2>/dev/null | head -1 || echo unknown)"
    python3 --version
    uname -sr
} > "$out/machine.txt"
cat "$out/machine.txt"

for compiler in gcc clang; do
    dir=$build-$compiler
    cmake -S . -B "$dir" -G Ninja -DCMAKE_C_COMPILER="$compiler" \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$dir" --target lesson-08-heavy_map lesson-08-uneven_map lesson-08-counters \
        lesson-08-tutorial_map lesson-08-break_even lesson-08-overheads lesson-08-machine \
        lesson-08-one_run >/dev/null
    bench() { local program=$1; shift; ./workbook bench 08 "$program" --build-dir "$dir" --out "$out" "$@"; }
    echo "== $compiler"
    bench heavy_map --threads 1,2,4 --repeat 7 > "$out/heavy_map-$compiler.txt"
    bench uneven_map --threads 1,2 --repeat 5 > "$out/uneven_map-$compiler.txt"
    bench counters --threads 1,2 --repeat 9 > "$out/counters-$compiler.txt"
    bench tutorial_map --threads 1,2 --repeat 5 -- 1000000 > "$out/tutorial_map-1000000-$compiler.txt"
    mv "$out/08-tutorial_map-$compiler.csv" "$out/08-tutorial_map-1000000-$compiler.csv"
    mv "$out/08-tutorial_map-$compiler.png" "$out/08-tutorial_map-1000000-$compiler.png"
    bench tutorial_map --threads 1,2 --repeat 5 -- 5000 > "$out/tutorial_map-5000-$compiler.txt"
    for run in 1 2 3; do
        OMP_NUM_THREADS=2 "$dir/lessons/lesson-08-break_even" > "$out/break_even-$compiler-$run.txt"
    done
    OMP_NUM_THREADS=2 "$dir/lessons/lesson-08-overheads" > "$out/overheads-$compiler.txt"
    OMP_NUM_THREADS=2 OMP_WAIT_POLICY=passive "$dir/lessons/lesson-08-overheads" \
        > "$out/overheads-passive-$compiler.txt"
    OMP_NUM_THREADS=2 "$dir/lessons/lesson-08-one_run" > "$out/one_run-$compiler.txt"
    OMP_NUM_THREADS=2 OMP_PROC_BIND=close OMP_PLACES=cores "$dir/lessons/lesson-08-machine" \
        > "$out/machine-$compiler.txt"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"
python3 bench/summary.py "$out" | tee "$out/summary.txt"
