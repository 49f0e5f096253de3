/*
 * Wrong program: every function is right but nothing is parallel (the
 * student left the pragmas out "to get it right first"): the answers are
 * right, and the team tests fail.
 * expect-fail: map_sum_team_from_break_even tally_results tally_own_cache_lines
 * expect-message: map_sum_team_from_break_even none of the ranges
 * expect-message: tally_own_cache_lines in a team of 1 thread
 */
#include "perf.h"

#include <omp.h>
#include <stdlib.h>

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct timing measure(work_fn work, void *arg, int repeat, clock_fn now)
{
    struct timing t = {0.0, 0.0, 0.0};
    double *seconds = malloc((size_t)repeat * sizeof *seconds);
    if (!seconds)
        return t;
    work(arg);                       /* the warm-up: starts threads, fills caches */
    for (int r = 0; r < repeat; r++) {
        double start = now();
        work(arg);
        seconds[r] = now() - start;
    }
    qsort(seconds, (size_t)repeat, sizeof *seconds, by_value);
    t.min = seconds[0];
    t.max = seconds[repeat - 1];
    t.median = repeat % 2 ? seconds[repeat / 2]
                          : (seconds[repeat / 2 - 1] + seconds[repeat / 2]) / 2;
    free(seconds);
    return t;
}

long long map_sum(map_fn f, long long first, long long last)
{
    long long total = 0;
    for (long long x = first; x <= last; x++)
        total += f(x);
    return total;
}

long long tally(long n, tally_fn step, long long *per_thread)
{
    long long partial = 0;
    for (long i = 0; i < n; i++)
        step(i, &partial);
    per_thread[0] = partial;
    return partial;
}
