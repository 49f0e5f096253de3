/*
 * broken_pool.c - the tutorial's broken_pool.py, in C.
 *
 * The pool forks its two workers while the registry holds "square" only.
 * "cube" is registered afterwards: in this process, but not in the
 * workers, which are copies made earlier. The cube map fails.
 *
 * The function cube() itself is in the workers: it is compiled into the
 * program, which exists whole before main() starts. What they lack is the
 * registry entry, made at run time after the fork, just as Python's
 * `def cube` inside the __main__ block creates the function when that line
 * runs. fork_pool starts no OpenMP threads, so -t changes nothing here.
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

int main(void)
{
    const long r[] = {1, 2, 3, 4, 5};
    long result[5];

    register_task("square", square);

    /* fork() happens here: each worker gets a copy of this process's memory
     * as it is NOW, registry included. */
    struct fork_pool *pool = pool_start(2);
    if (!pool) {
        perror("pool_start");
        return 1;
    }

    if (pool_map(pool, "square", r, result, 5) == POOL_OK)
        print_list("Square result", result, 5);

    /* Too late for the workers: this changes the parent's registry only. */
    register_task("cube", cube);

    int status = pool_map(pool, "cube", r, result, 5);
    if (status == POOL_OK) {
        print_list("Cube result", result, 5);
    } else {
        printf("Error: %s\n", pool_error(pool));
        printf("The parent %s \"cube\" in its registry; the workers' copies do not.\n",
               find_task("cube") ? "has" : "does not have");
    }

    pool_stop(pool);
    /* End with a non-zero exit status when a map failed. (The Python script
     * is worse off: its workers print a traceback and its map waits for
     * ever, see python/broken_pool.py.) */
    return status == POOL_OK ? 0 : 1;
}
