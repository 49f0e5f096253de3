/*
 * heavy_map.c - strong scaling: the same map on 1, 2, ... threads.
 *
 * The tutorial's map, the sum of x*x, over a large n (100 million items by
 * default: about a sixth of a second on one thread, long enough to time
 * well).
 * The problem stays the same size and the team grows: that is *strong
 * scaling*. For each team size p from 1 to the number of threads asked for
 * (-t), the program times the loop after a warm-up, 5 times, and prints
 *
 *   speedup     S(p) = T(1) / T(p)    how many times faster than 1 thread
 *   efficiency  E(p) = S(p) / p       the share of the p threads' time
 *                                     that went into useful work (1 is ideal)
 *
 * from the median times. Then it fits Amdahl's law to what it measured:
 * if a share s of the run cannot be parallel, S(p) = 1 / (s + (1 - s) / p),
 * and the s that fits the measured speedups best (least squares on
 * 1/S(p) - 1/p = s (1 - 1/p), over the team sizes no larger than the
 * number of CPUs) says how far more threads could take this loop.
 *
 * Run it:    ./workbook run 08 heavy_map -t 2
 *            ./workbook run 08 heavy_map -t 4 -- 20000000
 *            ./workbook bench 08 heavy_map
 */
#include "stopwatch.h"

#include <omp.h>
#include <stdio.h>

#define RUNS 5
#define MAX_TEAM 64

static unsigned long long square(unsigned long long x)
{
    return x * x;
}

/* Through a volatile pointer: the compiler cannot turn the loop into a
 * formula, so every item costs one call, as in the tutorial. */
static unsigned long long (*volatile work)(unsigned long long) = square;

static unsigned long long sum_of_squares(long long n, int threads)
{
    unsigned long long sum = 0;
    #pragma omp parallel for num_threads(threads) reduction(+:sum)
    for (long long x = 1; x <= n; x++)
        sum += work((unsigned long long)x);
    return sum;
}

/* Warm-up, then `runs` timed runs with a team of `threads`. */
static void time_runs(long long n, int threads, double *seconds, int runs)
{
    double until = omp_get_wtime() + STOPWATCH_WARM_UP;   /* the warm-up */
    do
        (void)sum_of_squares(n / 10 + 1, threads);
    while (omp_get_wtime() < until);
    for (int r = 0; r < runs; r++) {
        double start = omp_get_wtime();
        unsigned long long sum = sum_of_squares(n, threads);
        seconds[r] = omp_get_wtime() - start;
        if (sum != squares_mod_2_64((unsigned long long)n))
            printf("WRONG sum %llu\n", sum);
    }
}

int main(int argc, char **argv)
{
    int repeat = stopwatch_repeat(&argc, argv);
    /* At most 2e9 items: each square still fits in 64 bits (the sum wraps). */
    long long n = stopwatch_number(argc, argv, 1, "heavy_map", "N", 1000, 2000000000,
                                   100000000);
    int most = omp_get_max_threads();
    if (most > MAX_TEAM)
        most = MAX_TEAM;

    if (repeat) {           /* timed by ./workbook bench: this team size only */
        double seconds[1000];
        time_runs(n, most, seconds, repeat);
        stopwatch_print_runs("square", seconds, repeat);
        return 0;
    }

    printf("The sum of x*x for x = 1..%lld on 1 to %d thread%s (%d CPU%s here)\n", n, most,
           most == 1 ? "" : "s", omp_get_num_procs(), omp_get_num_procs() == 1 ? "" : "s");
    printf("%7s %9s %9s %9s %8s %8s %11s\n", "threads", "median", "min", "max", "spread",
           "speedup", "efficiency");
    double base = 0, sxy = 0, sxx = 0;
    for (int p = 1; p <= most; p++) {
        double seconds[RUNS];
        time_runs(n, p, seconds, RUNS);
        struct spread s = spread_of(seconds, RUNS);
        if (p == 1)
            base = s.median;
        double speedup = base / s.median;
        printf("%7d %7.4f s %7.4f s %7.4f s %7.1f %% %7.2f x %11.2f\n", p, s.median, s.min,
               s.max, spread_percent(s), speedup, speedup / p);
        if (p > 1 && p <= omp_get_num_procs()) {
            double x = 1.0 - 1.0 / p, y = 1.0 / speedup - 1.0 / p;
            sxy += x * y;
            sxx += x * x;
        }
    }
    if (sxx == 0) {
        /* Two lines, as when there is a fit: the output keeps its shape. */
        if (omp_get_num_procs() == 1)
            printf("Amdahl's law: nothing to fit on 1 CPU, where every team shares it\n"
                   "(on a machine with more CPUs, the teams that fit on them are fitted)\n");
        else
            printf("Amdahl's law needs a team of 2 or more: nothing to fit\n"
                   "(try -t 2, or as many threads as CPUs)\n");
        return 0;
    }
    double serial = sxy / sxx;
    printf("Amdahl's law fitted to teams of 2 to %d: serial share s = %.4f\n",
           most < omp_get_num_procs() ? most : omp_get_num_procs(), serial);
    if (serial <= 0) {
        printf("(s <= 0: the runs were faster than perfect scaling allows; no limit "
               "can be read from them)\n");
        return 0;
    }
    if (serial >= 1) {
        /* Slower on a team than on one thread: not a serial share at all,
         * but threads that did not get a CPU each (another program, a quota). */
        printf("(s >= 1: the team was no faster than one thread; the threads did not "
               "each get a CPU, and no limit can be read from them)\n");
        return 0;
    }
    printf("It predicts %.1f x on 16 threads, %.1f x on 64, and never more than %.0f x\n",
           1 / (serial + (1 - serial) / 16), 1 / (serial + (1 - serial) / 64), 1 / serial);
    return 0;
}
