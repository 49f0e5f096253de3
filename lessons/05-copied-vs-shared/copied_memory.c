/*
 * copied_memory.c - a forked worker has a COPY of memory, taken at the fork.
 *
 * Two globals show it, one in each direction:
 *   - `offset` is changed by the parent after the fork: the workers still
 *     use the old value;
 *   - `calls` is counted up by the workers: the parent's own `calls` never
 *     moves.
 */
#define _POSIX_C_SOURCE 200809L   /* for getpid() */
#include "fork_pool.h"

#include <stdio.h>
#include <unistd.h>

static long offset = 100;
static long calls = 0;

static long add_offset(long x)
{
    calls++;              /* in the worker's copy of `calls` */
    return x + offset;    /* with the worker's copy of `offset` */
}

int main(void)
{
    const long items[] = {1, 2, 3};
    long result[3];

    register_task("add_offset", add_offset);
    struct fork_pool *pool = pool_start(2);
    if (!pool) {
        perror("pool_start");
        return 1;
    }
    pool_map(pool, "add_offset", items, result, 3);
    print_list("offset is 100, workers give", result, 3);

    offset = 1000;        /* in the parent only: the workers were forked already */
    pool_map(pool, "add_offset", items, result, 3);
    print_list("offset is 1000 in the parent, workers still give", result, 3);
    pool_stop(pool);

    /* A pool forked after the change copies the new value. */
    pool = pool_start(2);
    if (!pool) {
        perror("pool_start");
        return 1;
    }
    pool_map(pool, "add_offset", items, result, 3);
    print_list("a new pool, forked after the change, gives", result, 3);
    pool_stop(pool);

    const struct pool_tally *tally = pool_tally();
    int from_parent = 0;
    for (int i = 0; i < tally->workers; i++)
        if (tally->pid[i] == getpid())
            from_parent = 1;
    printf("%ld results came back from %d worker processes%s.\n", tally->results,
           tally->workers, from_parent ? ", one of them this one" : ", none of them this one");
    printf("Each result was a call of add_offset in a worker, counted in the worker's\n"
           "own copy of `calls`: the parent's `calls` is still %ld.\n", calls);
    return 0;
}
