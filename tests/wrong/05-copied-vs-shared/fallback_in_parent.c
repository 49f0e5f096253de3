/*
 * Wrong program: keeps the broken order, and when the cube map fails it
 * computes the cubes in the parent instead of fixing the order.
 * expect-fail: pool_work_in_workers
 */
#include "sharing.h"

static long square(long x)
{
    return x * x;
}

static long cube(long x)
{
    return x * x * x;
}

int squares_and_cubes(const long *in, long *squares, long *cubes, int n, int workers)
{
    register_task("square", square);
    struct fork_pool *pool = pool_start(workers);
    if (!pool)
        return POOL_BAD_CALL;
    int status = pool_map(pool, "square", in, squares, n);
    register_task("cube", cube);
    if (status == POOL_OK && pool_map(pool, "cube", in, cubes, n) != POOL_OK)
        for (int i = 0; i < n; i++)
            cubes[i] = cube(in[i]);
    pool_stop(pool);
    return status;
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
