/*
 * Hostile: deadlocks with OpenMP's own locks: every thread of a team
 * takes lock A then lock B, or B then A, by its parity, and thread 0 also
 * sets a non-recursive lock it already holds. Nothing ever returns: the
 * time limits must stop every test, and the grader must go on to the
 * next.
 * expect: no points
 */
#include "schedules.h"

#include <omp.h>

static void deadlock(int threads)
{
    static omp_lock_t a, b;
    omp_init_lock(&a);
    omp_init_lock(&b);
    #pragma omp parallel num_threads(threads > 1 ? threads : 2)
    {
        int me = omp_get_thread_num();
        if (me % 2 == 0) {
            omp_set_lock(&a);
            #pragma omp barrier
            omp_set_lock(&b);
        } else {
            omp_set_lock(&b);
            #pragma omp barrier
            omp_set_lock(&a);
        }
        if (me == 0)
            omp_set_lock(&a);
    }
}

void run_with_schedule(item_fn f, long n, int threads, enum schedule_kind kind, int chunk,
                       int *owner)
{
    (void)f, (void)n, (void)kind, (void)chunk, (void)owner;
    deadlock(threads);
}

long pool_chunksize(long n, int workers)
{
    (void)n;
    deadlock(workers);
    return 0;
}
