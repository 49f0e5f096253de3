/*
 * Wrong program: the student, who met reduction in exercise 02, keeps "the
 * value of the last item" with reduction(max:last): each thread keeps the
 * largest value it saw and the largest of those comes out. That is
 * f(in[n - 1]) only when f(in[i]) grows with i, and the 0 `last` starts
 * from takes part in the max. The header asks for f(in[n - 1]) whatever f
 * and in are. The test's inputs rise or fall, from anywhere between
 * -100000 and 100000: falling, the max is the first value; all negative,
 * it is the 0.
 * expect-fail: map_keep_last_value
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
    #pragma omp parallel for schedule(static) num_threads(threads) reduction(max:last)
    for (long i = 0; i < n; i++) {
        last = f(in[i]);
        out[i] = last;
    }
    return last;
}
