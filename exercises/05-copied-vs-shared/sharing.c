/*
 * Exercise 05 - copied or shared.
 *
 * Read lessons/05-copied-vs-shared/README.md first. Then fix part 1 and
 * replace each TODO of parts 2 and 3. Check your work with:
 *     ./workbook check 05
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

/* Part 1. This is broken_pool.py in C, and it is broken the same way: run
 * the tests and read the message about the cubes. TODO: fix it, in one of
 * the two ways the lesson shows (lessons/05-copied-vs-shared/fixed_pool.c).
 * Keep the work in the workers: computing the answers here, in the parent
 * process, earns no points. */
int squares_and_cubes(const long *in, long *squares, long *cubes, int n, int workers)
{
    register_task("square", square);

    struct fork_pool *pool = pool_start(workers);
    if (!pool)
        return POOL_BAD_CALL;
    int status = pool_map(pool, "square", in, squares, n);

    register_task("cube", cube);
    if (status == POOL_OK)
        status = pool_map(pool, "cube", in, cubes, n);
    pool_stop(pool);
    return status;
}

/* Part 2. TODO: a counter that starts at `start`, and a loop over i from 0
 * to n - 1 whose body adds one to the counter and then stores it in out[i].
 * Make the loop parallel with `threads` threads and schedule(static), and
 * choose the data-sharing clause that gives each thread its own counter
 * starting at `start` (lessons/05-copied-vs-shared/threads_firstprivate.c). */
void running_counts(long start, long n, int threads, long *out)
{
    (void)start;
    (void)n;
    (void)threads;
    (void)out;
}

/* Part 3. TODO: `long last = 0;` and a loop over i from 0 to n - 1 whose
 * body is `last = f(in[i]); out[i] = last;`. Make it parallel with
 * `threads` threads and schedule(static), with the clause that leaves in
 * `last`, after the loop, the value of the final iteration
 * (lessons/05-copied-vs-shared/threads_lastprivate.c). Then return last. */
long map_keep_last(task_fn f, const long *in, long *out, long n, int threads)
{
    (void)f;
    (void)in;
    (void)out;
    (void)n;
    (void)threads;
    return 0;
}
