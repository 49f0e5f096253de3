/*
 * Wrong program: the counter is an `int` ("it only counts items"), although
 * start is a long. For a start beyond INT_MAX - n (start = 3000000000, or
 * any negative start below INT_MIN) the copy taken by firstprivate is
 * already truncated, and every out[i] is wrong. The test counts from
 * start = 3000000000 and more: each out[i] is the right count cut to 32
 * bits.
 * expect-fail: running_counts_firstprivate
 * expect-message: running_counts_firstprivate cut to 32 bits
 */
#include "sharing.h"

#include <omp.h>

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
    /* Both tasks are registered BEFORE the pool forks its workers, so each
     * worker's copy of the registry holds both. (The other fix: stop the
     * first pool, register "cube", and start a second pool for the cubes.) */
    register_task("square", square);
    register_task("cube", cube);

    struct fork_pool *pool = pool_start(workers);
    if (!pool)
        return POOL_BAD_CALL;
    int status = pool_map(pool, "square", in, squares, n);
    if (status == POOL_OK)
        status = pool_map(pool, "cube", in, cubes, n);
    pool_stop(pool);
    return status;
}

void running_counts(long start, long n, int threads, long *out)
{
    int counter = start;
    #pragma omp parallel for schedule(static) num_threads(threads) firstprivate(counter)
    for (long i = 0; i < n; i++) {
        counter++;
        out[i] = counter;
    }
}

long map_keep_last(task_fn f, const long *in, long *out, long n, int threads)
{
    long last = 0;
    /* lastprivate: each thread works on its own `last`; when the loop ends,
     * the copy of the thread that ran the final iteration is copied out. */
    #pragma omp parallel for schedule(static) num_threads(threads) lastprivate(last)
    for (long i = 0; i < n; i++) {
        last = f(in[i]);
        out[i] = last;
    }
    return last;
}
