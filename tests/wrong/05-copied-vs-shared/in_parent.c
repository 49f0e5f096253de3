/*
 * Wrong program: no pool at all; the parent process computes the squares and
 * cubes itself. The answers are right, but no worker did the work.
 * expect-fail: pool_work_in_workers
 */
#include "sharing.h"

int squares_and_cubes(const long *in, long *squares, long *cubes, int n, int workers)
{
    (void)workers;
    for (int i = 0; i < n; i++) {
        squares[i] = in[i] * in[i];
        cubes[i] = in[i] * in[i] * in[i];
    }
    return 0;
}

void running_counts(long start, long n, int threads, long *out)
{
    long counter = start;
    #pragma omp parallel for schedule(static) num_threads(threads) firstprivate(counter)
    for (long i = 0; i < n; i++) {
        counter++;
        out[i] = counter;
    }
}

long map_keep_last(task_fn f, const long *in, long *out, long n, int threads)
{
    long last = 0;
    #pragma omp parallel for schedule(static) num_threads(threads) lastprivate(last)
    for (long i = 0; i < n; i++) {
        last = f(in[i]);
        out[i] = last;
    }
    return last;
}
