/*
 * Wrong program: measure takes seconds[repeat / 2] as the median whatever
 * the number of runs: right for an odd count, but for an even count the
 * median is the mean of the two middle times.
 * expect-fail: measure_median_and_spread
 * expect-message: measure_median_and_spread is the larger of the two middle times
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
    work(arg);
    for (int r = 0; r < repeat; r++) {
        double start = now();
        work(arg);
        seconds[r] = now() - start;
    }
    qsort(seconds, (size_t)repeat, sizeof *seconds, by_value);
    t.min = seconds[0];
    t.max = seconds[repeat - 1];
    t.median = seconds[repeat / 2];
    free(seconds);
    return t;
}

long long map_sum(map_fn f, long long first, long long last)
{
    long long total = 0;
    long long items = last < first ? 0 : last - first + 1;
    /* Below the break-even the if clause makes the region a team of one:
     * the calling thread runs the loop alone and no thread is woken. */
    #pragma omp parallel for reduction(+:total) if(items >= PERF_BREAK_EVEN)
    for (long long x = first; x <= last; x++)
        total += f(x);
    return total;
}

long long tally(long n, tally_fn step, long long *per_thread)
{
    long long total = 0;
    #pragma omp parallel reduction(+:total)
    {
        /* Declared inside the region: on this thread's own stack, far from
         * every other thread's partial, so no cache line is shared. */
        long long partial = 0;
        #pragma omp for
        for (long i = 0; i < n; i++)
            step(i, &partial);
        per_thread[omp_get_thread_num()] = partial;
        total += partial;
    }
    return total;
}
