/*
 * shared_memory.c - OpenMP threads SHARE memory.
 *
 * The threads of a team are not copies: they all use the one registry and
 * the one `offset` of this process. A change made before the region, or
 * inside it by one thread (then a barrier), is seen by every thread.
 */
#include "fork_pool.h"

#include <omp.h>
#include <stdio.h>

static long offset = 100;

static long cube(long x)
{
    return x * x * x;
}

static long late(long x)
{
    return x + 1;
}

int main(void)
{
    int team = 0, found = 0, saw = 0;

    /* Changed before the team starts, as broken_pool.c registered "cube"
     * after its fork. Here there is no copy to miss it. */
    register_task("cube", cube);
    offset = 1000;

    /* shared(offset) is the default for a variable declared outside the
     * region; it is written here to say so. */
    #pragma omp parallel shared(offset) reduction(+:found, saw)
    {
        if (find_task("cube"))
            found++;
        if (offset == 1000)
            saw++;
        #pragma omp single
        team = omp_get_num_threads();
    }
    printf("%d of %d threads found the task \"cube\"\n", found, team);
    printf("%d of %d threads saw offset = 1000\n", saw, team);

    /* One thread registers a task inside the region. The barrier at the end
     * of `single` makes every other thread wait until it is done; after it,
     * they all find the new task in the same, shared registry. */
    found = 0;
    #pragma omp parallel reduction(+:found)
    {
        #pragma omp single
        register_task("late", late);
        if (find_task("late"))
            found++;
    }
    printf("%d of %d threads found \"late\", registered inside the region by one thread\n",
           found, team);
    return 0;
}
