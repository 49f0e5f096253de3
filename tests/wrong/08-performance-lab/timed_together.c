/*
 * Wrong program: measure times all the runs as one block and divides, the
 * way break_even.c times very short loops: that gives the mean of the
 * runs, and no smallest or largest time at all.
 * expect-fail: measure_median_and_spread
 * expect-message: measure_median_and_spread the runs were timed together
 */
#include "perf.h"

#include <omp.h>
#include <stdlib.h>

struct timing measure(work_fn work, void *arg, int repeat, clock_fn now)
{
    work(arg);
    double start = now();
    for (int r = 0; r < repeat; r++)
        work(arg);
    double each = (now() - start) / repeat;
    struct timing t = {each, each, each};
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
