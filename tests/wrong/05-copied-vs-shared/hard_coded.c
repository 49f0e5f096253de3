/*
 * Wrong program: answers the tutorial's example instead of computing.
 * expect-fail: pool_squares_and_cubes pool_work_in_workers running_counts_firstprivate running_counts_race_free map_keep_last_value map_keep_last_team
 */
#include "sharing.h"

int squares_and_cubes(const long *in, long *squares, long *cubes, int n, int workers)
{
    (void)in;
    (void)workers;
    for (int i = 0; i < n; i++) {
        squares[i] = (i + 1) * (i + 1);
        cubes[i] = (i + 1) * (i + 1) * (i + 1);
    }
    return 0;
}

void running_counts(long start, long n, int threads, long *out)
{
    (void)threads;
    for (long i = 0; i < n; i++)
        out[i] = start + 1 + i % 5;
}

long map_keep_last(task_fn f, const long *in, long *out, long n, int threads)
{
    (void)f;
    (void)threads;
    for (long i = 0; i < n; i++)
        out[i] = in[i] * in[i];
    return n > 0 ? in[n - 1] * in[n - 1] : 0;
}
