/*
 * fixed_pool.c - the two ways to mend broken_pool.c.
 *
 * A worker knows the tasks registered before it was forked. So either
 * register every task first, or start a new pool after registering.
 *
 * Prefer the first. It is the C twin of Python's "define your functions at
 * the top of the module": what every worker needs is set up before any
 * worker exists, so it holds however the workers are started. The second
 * works only because each worker is a copy of the parent taken at the
 * fork; in Python it fails under the spawn and forkserver start methods.
 */
#include "fork_pool.h"

#include <stdio.h>

static long square(long x)
{
    return x * x;
}

static long cube(long x)
{
    return x * x * x;
}

static const long r[] = {1, 2, 3, 4, 5};

/* Map `task` over r on `pool` and print the result; 0 on success. */
static int map_and_print(struct fork_pool *pool, const char *task, const char *label)
{
    long result[5];
    int status = pool_map(pool, task, r, result, 5);
    if (status == POOL_OK)
        print_list(label, result, 5);
    else
        printf("Error: %s\n", pool_error(pool));
    return status;
}

int main(void)
{
    int failed = 0;

    /* Fix 1: register everything, THEN fork. One pool does both maps. */
    puts("Fix 1 (prefer it): register both tasks, then start the pool");
    register_task("square", square);
    register_task("cube", cube);
    struct fork_pool *pool = pool_start(2);
    if (!pool)
        return 1;
    failed |= map_and_print(pool, "square", "Square result");
    failed |= map_and_print(pool, "cube", "Cube result");
    pool_stop(pool);

    /* Fix 2 (the tutorial's): one pool per map, each started after the task
     * it needs was registered. An empty registry first, as in a new run. */
    puts("Fix 2 (relies on the copy fork makes): a second pool, started after \"cube\" "
         "was registered");
    forget_all_tasks();
    register_task("square", square);
    pool = pool_start(2);
    if (!pool)
        return 1;
    failed |= map_and_print(pool, "square", "Square result");
    pool_stop(pool);

    register_task("cube", cube);
    pool = pool_start(2);   /* forked now: its workers' copies have "cube" */
    if (!pool)
        return 1;
    failed |= map_and_print(pool, "cube", "Cube result");
    pool_stop(pool);

    return failed ? 1 : 0;
}
