/*
 * Exercise 04 - the same loop under four schedules.
 *
 * Read lessons/04-changing-workers/README.md first. Then replace each TODO
 * below, and check your work with:   ./workbook check 04
 */
#include "schedules.h"

#include <omp.h>

void run_with_schedule(item_fn f, long n, int threads, enum schedule_kind kind,
                       int chunk, int *owner)
{
    /* TODO: a loop over i from 0 to n - 1 that calls f(i) and stores
     * omp_get_thread_num() in owner[i], made parallel with
     * `#pragma omp parallel for`. Give the loop a team of `threads` with the
     * num_threads clause (not omp_set_num_threads, which would change the
     * caller's default), and the schedule that `kind` asks for:
     * static_split.c, static_chunks.c, dynamic_chunks.c and guided_chunks.c
     * in the lesson show each clause. A schedule clause is fixed when the
     * program is compiled, so write one loop per kind (a switch works). */
    (void)f;
    (void)n;
    (void)threads;
    (void)kind;
    (void)chunk;
    (void)owner;
}

long pool_chunksize(long n, int workers)
{
    /* TODO: Python's rule from pool_chunks.c in the lesson: n divided by
     * 4 * workers, rounded up (integer division rounds down, so add one
     * when there is a remainder). */
    (void)n;
    (void)workers;
    return 0;
}
