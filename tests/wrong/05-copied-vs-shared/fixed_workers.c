/*
 * Wrong program: the pool always starts 4 workers, "one per core, like
 * Pool()", whatever `workers` says. Both tasks are registered before the
 * fork, every result comes from a worker and the pool is stopped: the
 * answers are right. But the header asks for a pool of `workers` workers,
 * and the tests never count the workers that answered (pool_tally()
 * records them: with n >= workers every worker of the solution's pool
 * gets a chunk).
 * expect-fail: pool_work_in_workers
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
    (void)workers;   /* one worker per core, as Pool() does */
    register_task("square", square);
    register_task("cube", cube);

    struct fork_pool *pool = pool_start(4);
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
    /* firstprivate: each thread gets its own counter, a copy of `start`
     * taken when the team starts, just as fork() gives each worker a copy
     * of memory. private would leave each copy unset; shared would make all
     * threads count on one counter. */
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
