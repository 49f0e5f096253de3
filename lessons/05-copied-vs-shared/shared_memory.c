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

    /* default(none) makes us name every variable the region uses: offset
     * and team are shared, one of each for the whole team (the default for
     * variables declared outside, written out here), and found and saw are
     * counted per thread and added up at the end (lesson 07). */
    #pragma omp parallel default(none) shared(offset, team) reduction(+:found, saw)
    {
        if (find_task("cube"))
            found++;
        if (offset == 1000)
            saw++;
        #pragma omp single
        team = omp_get_num_threads();
    }
    const char *threads = team == 1 ? "thread" : "threads";
    printf("%d of %d %s found the task \"cube\"\n", found, team, threads);
    printf("%d of %d %s saw offset = 1000\n", saw, team, threads);

    /* One thread registers a task inside the region. The barrier at the end
     * of `single` makes every other thread wait until it is done; after it,
     * they all find the new task in the same, shared registry. */
    found = 0;
    #pragma omp parallel default(none) reduction(+:found)
    {
        #pragma omp single
        register_task("late", late);
        if (find_task("late"))
            found++;
    }
    printf("%d of %d %s found \"late\", registered inside the region by one thread\n",
           found, team, threads);
    return 0;
}
