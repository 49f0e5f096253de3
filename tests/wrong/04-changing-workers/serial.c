/*
 * Wrong program: the loop is right but nothing is parallel (the pragmas
 * were left out), so every item is handled by the calling thread alone,
 * whatever the schedule and team size asked for.
 * expect-fail: static_blocks static_chunks_round_robin dynamic_chunks_on_demand guided_shrinking_chunks caller_default_unchanged
 */
#include "schedules.h"

#include <omp.h>

void run_with_schedule(item_fn f, long n, int threads, enum schedule_kind kind,
                       int chunk, int *owner)
{
    (void)threads, (void)kind, (void)chunk;
    for (long i = 0; i < n; i++) {
        f(i);
        owner[i] = omp_get_thread_num();
    }
}

long pool_chunksize(long n, int workers)
{
    long per = 4L * workers;
    return n / per + (n % per != 0);
}
