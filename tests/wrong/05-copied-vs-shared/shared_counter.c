/*
 * Wrong program: shared(counter) instead of firstprivate(counter): the whole
 * team counts on one counter (and races on it).
 * expect-fail: running_counts_firstprivate running_counts_race_free
 * expect-race: yes
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
    long counter = start;
    #pragma omp parallel for schedule(static) num_threads(threads) shared(counter)
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
