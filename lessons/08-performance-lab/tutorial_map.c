/*
 * tutorial_map.c - the tutorial's pool.py in C, with a stopwatch.
 *
 * The tutorial maps square() over 1..5000 with a Pool and adds the
 * squares up with reduce(). This program does the same sum three ways,
 * and times each after a warm-up (median of 9 runs):
 *
 *   serial     one plain loop
 *   parallel   #pragma omp parallel for reduction(+:total), on the team
 *   if clause  the same loop with if(n >= 5000): parallel only when there
 *              are enough items to pay for the team (break_even.c
 *              measures where that is)
 *
 * python/pool_map.py times the tutorial's own Python program on the same
 * n; `./workbook bench 08 tutorial_map` runs both and prints the ratio:
 * bench-python: python/pool_map.py pool=parallel pool-map=parallel serial=serial
 *
 * Run it:    ./workbook run 08 tutorial_map -t 2
 *            ./workbook run 08 tutorial_map -t 2 -- 1000000
 */
#include "stopwatch.h"

#include <omp.h>
#include <stdio.h>

#define RUNS 9
#define WORTH_IT 5000       /* items from which the team pays off (break_even.c) */
/* Up to 3 million items the sum of the squares fits in a long long. */

static long long square(long long x)
{
    return x * x;
}

/* Through a volatile pointer, so that the compiler keeps the loop and
 * calls square once per item, as Python does. */
static long long (*volatile f)(long long) = square;

static long long map_serial(long long n)
{
    long long total = 0;
    for (long long x = 1; x <= n; x++)
        total += f(x);
    return total;
}

static long long map_parallel(long long n)
{
    long long total = 0;
    #pragma omp parallel for reduction(+:total)
    for (long long x = 1; x <= n; x++)
        total += f(x);
    return total;
}

static long long map_if(long long n)
{
    long long total = 0;
    #pragma omp parallel for reduction(+:total) if(n >= WORTH_IT)
    for (long long x = 1; x <= n; x++)
        total += f(x);
    return total;
}

static const struct {
    const char *name;
    long long (*map)(long long n);
} versions[] = {{"serial", map_serial}, {"parallel", map_parallel}, {"if-clause", map_if}};
#define VERSIONS (sizeof versions / sizeof versions[0])

int main(int argc, char **argv)
{
    int repeat = stopwatch_repeat(&argc, argv);
    long long n = stopwatch_number(argc, argv, 1, "tutorial_map", "N", 1, 3000000, 5000);
    int runs = repeat ? repeat : RUNS;
    double seconds[VERSIONS][1000];
    long long total[VERSIONS];

    double until = omp_get_wtime() + STOPWATCH_WARM_UP;   /* the warm-up */
    do {
        for (size_t v = 0; v < VERSIONS; v++)
            (void)versions[v].map(n);
    } while (omp_get_wtime() < until);
    for (int r = 0; r < runs; r++) {
        for (size_t v = 0; v < VERSIONS; v++) {
            double start = omp_get_wtime();
            total[v] = versions[v].map(n);
            seconds[v][r] = omp_get_wtime() - start;
        }
    }
    if (repeat) {                                    /* timed by ./workbook bench */
        for (size_t v = 0; v < VERSIONS; v++)
            stopwatch_print_runs(versions[v].name, seconds[v], runs);
        return 0;
    }

    printf("Number of cores available equals %d\n", omp_get_num_procs());
    printf("The sum of the square of the first %lld integers is %lld\n", n, total[0]);
    printf("Median of %d runs after a warm-up, with %d thread%s:\n", runs,
           omp_get_max_threads(), omp_get_max_threads() == 1 ? "" : "s");
    for (size_t v = 0; v < VERSIONS; v++) {
        struct spread s = spread_of(seconds[v], runs);
        printf("  %-10s %12.2f us  (min %.2f, max %.2f)%s\n", versions[v].name,
               s.median * 1e6, s.min * 1e6, s.max * 1e6,
               total[v] == total[0] ? "" : "  WRONG sum");
    }
    return 0;
}
