/*
 * Race driver for exercise 05 (see cmake/Race.cmake): built with
 * -fsanitize=thread and run by ./workbook race 05 as `driver THREADS`.
 *
 * Part 1 forks worker processes (fork_pool.c). fork() is safe only in a
 * process that has no other thread yet (lessons/05-copied-vs-shared/
 * unsafe_fork_after_parallel.c), under ThreadSanitizer too, so the pool
 * runs first, before the OpenMP runtime starts a thread.
 */
#include "sharing.h"

#include <omp.h>
#include <stdlib.h>

#define ITEMS 400

/* Pure, so that the driver itself never races. */
static long plus_one(long x)
{
    return x + 1;
}

int main(int argc, char **argv)
{
    int threads = argc > 1 ? atoi(argv[1]) : 2;
    if (threads < 1)
        threads = 1;

    /* Room past the end for a loop that runs one item too far. */
    static long in[ITEMS + 8], a[ITEMS + 8], b[ITEMS + 8];
    for (long i = 0; i < ITEMS; i++)
        in[i] = i + 1;
    (void)squares_and_cubes(in, a, b, 20, threads);

    omp_set_dynamic(0);
    omp_set_num_threads(threads);
    running_counts(100, ITEMS, threads, a);
    (void)map_keep_last(plus_one, in, b, ITEMS, threads);
    return 0;
}
