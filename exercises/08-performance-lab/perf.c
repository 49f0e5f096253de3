/*
 * Exercise 08 - the performance lab.
 *
 * Read lessons/08-performance-lab/README.md first. Then replace each TODO
 * below, and check your work with:   ./workbook check 08
 * To see what your code's speed looks like (shown, never graded):
 *                                     ./workbook bench --exercise 08
 */
#include "perf.h"

#include <omp.h>
#include <stdlib.h>

struct timing measure(work_fn work, void *arg, int repeat, clock_fn now)
{
    struct timing t = {0.0, 0.0, 0.0};
    /* TODO: call work(arg) once, untimed (the warm-up). Then time `repeat`
     * runs, each between two readings of now(), keep the times in an
     * array (malloc, and free it), sort them (qsort) and fill in t: the
     * median (for an even count, the mean of the two middle times), the
     * smallest and the largest. The lesson's stopwatch.c shows how. */
    (void)work;
    (void)arg;
    (void)repeat;
    (void)now;
    return t;
}

long long map_sum(map_fn f, long long first, long long last)
{
    long long total = 0;
    /* TODO: a parallel loop over x from first to last (both included)
     * doing total += f(x), with reduction(+:total), and an if(...) clause
     * that starts the team only when the loop has PERF_BREAK_EVEN items
     * or more (the lesson's tutorial_map and break_even). */
    (void)f;
    (void)first;
    (void)last;
    return total;
}

long long tally(long n, tally_fn step, long long *per_thread)
{
    long long total = 0;
    /* TODO: in a parallel region, give each thread a partial of its own,
     * starting at 0, that shares no cache line with another thread's (a
     * variable declared inside the region is on that thread's own stack;
     * an array of partials needs each one padded to PERF_CACHE_LINE bytes).
     * Share the items with `#pragma omp for` and call step(i, &partial).
     * Then store the partial in per_thread[omp_get_thread_num()] and add it
     * to total safely (reduction(+:total) on the region, or atomic). */
    (void)n;
    (void)step;
    (void)per_thread;
    return total;
}
