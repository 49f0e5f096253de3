#!/usr/bin/env bash
# The figures lessons/08-performance-lab/README.md quotes, measured again in
# one run, with both compilers, on whatever machine this is:
#
#   bench/reproduce.sh [OUT]        (default: bench/results)
#
# It builds lesson 08 in build/bench-gcc and build/bench-clang (or under
# $BENCH_BUILD), then, for each compiler: ./workbook bench on heavy_map,
# uneven_map, counters and tutorial_map (with the tutorial's Python beside
# it), and the programs that print their own tables: break_even (three
# times, and once with OMP_WAIT_POLICY=passive), overheads (with
# OMP_WAIT_POLICY unset, active and passive), one_run (four times) and
# machine (bound to cores); and, where the script may make a cgroup (as
# root), machine and heavy_map under a CPU quota of one CPU. Every output
# goes to a file in OUT, the machine's description to OUT/machine.txt, and
# the figures the lesson quotes to OUT/summary.txt. Let the machine be
# otherwise idle while it runs (about two and a half minutes on 2 CPUs):
# every figure is a median, but another program's load still moves them.
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
    # The Python that ./workbook bench runs the tutorial's script with.
    echo "python: $(/usr/bin/python3 --version 2>/dev/null || python3 --version)"
    uname -sr
} > "$out/machine.txt"
cat "$out/machine.txt"

# A CPU quota of one CPU's worth of time (100 ms in every 100 ms), in a cgroup
# of its own: what machine sees there, and heavy_map on 1 and 2 threads. It
# needs the right to make a cgroup with the cpu controller (root, cgroup v1 or
# v2); elsewhere the file says that it was not measured.
quota() {
    local file=$1 dir=$2 cg=""
    if [ -w /sys/fs/cgroup/cpu ] && [ -e /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then
        cg=/sys/fs/cgroup/cpu/workbook-bench-$$
        mkdir "$cg" && { { echo 100000 > "$cg/cpu.cfs_period_us" \
            && echo 100000 > "$cg/cpu.cfs_quota_us"; } || { rmdir "$cg"; cg=""; }; } || cg=""
    elif [ -w /sys/fs/cgroup/cgroup.subtree_control ] \
            && grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
        echo +cpu > /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null || true
        cg=/sys/fs/cgroup/workbook-bench-$$
        mkdir "$cg" && { echo "100000 100000" > "$cg/cpu.max" || { rmdir "$cg"; cg=""; }; } \
            || cg=""
    fi
    if [ -z "$cg" ]; then
        echo "not measured: this script may not make a cgroup with a CPU quota here" > "$file"
        return 0
    fi
    # shellcheck disable=SC2016
    OMP_NUM_THREADS=2 sh -c 'echo $$ > "$1/cgroup.procs" && shift && "$1/lessons/lesson-08-machine" &&
        "$1/lessons/lesson-08-heavy_map"' sh "$cg" "$dir" > "$file" 2>&1 || true
    rmdir "$cg" 2>/dev/null || true
}

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
    for file in "$out/08-tutorial_map-$compiler".*; do     # .csv, and .png or .svg
        mv "$file" "$out/08-tutorial_map-1000000-$compiler.${file##*.}"
    done
    bench tutorial_map --threads 1,2 --repeat 5 -- 5000 > "$out/tutorial_map-5000-$compiler.txt"
    for run in 1 2 3; do
        OMP_NUM_THREADS=2 "$dir/lessons/lesson-08-break_even" > "$out/break_even-$compiler-$run.txt"
    done
    OMP_NUM_THREADS=2 OMP_WAIT_POLICY=passive "$dir/lessons/lesson-08-break_even" \
        > "$out/break_even-passive-$compiler.txt"
    OMP_NUM_THREADS=2 "$dir/lessons/lesson-08-overheads" > "$out/overheads-$compiler.txt"
    for policy in active passive; do
        OMP_NUM_THREADS=2 OMP_WAIT_POLICY=$policy "$dir/lessons/lesson-08-overheads" \
            > "$out/overheads-$policy-$compiler.txt"
    done
    for run in 1 2 3 4; do
        OMP_NUM_THREADS=2 "$dir/lessons/lesson-08-one_run" > "$out/one_run-$compiler-$run.txt"
    done
    OMP_NUM_THREADS=2 OMP_PROC_BIND=close OMP_PLACES=cores "$dir/lessons/lesson-08-machine" \
        > "$out/machine-$compiler.txt"
    quota "$out/quota-$compiler.txt" "$dir"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"
python3 bench/summary.py "$out" | tee "$out/summary.txt"
