/*
 * pool_chunks.c - why the tutorial's trace comes in runs of 3.
 *
 * Python's Pool.map does not send the items to its workers one by one: it
 * cuts them into chunks first. Given no chunksize, CPython picks
 *
 *     chunksize, extra = divmod(len(items), len(pool) * 4)
 *     if extra: chunksize += 1
 *
 * that is about four chunks per worker, rounded up. For the tutorial's 20
 * items on 2 workers that is 20 / 8 = 2.5, so 3. A worker that is ready
 * takes the next chunk from a shared queue, first come, first served: in
 * OpenMP, schedule(monotonic: dynamic, chunksize). This program computes
 * the same chunk size and runs the tutorial's map with that schedule, so
 * its trace shows the same runs of 3 (1-3 on one worker, 4-6 on the
 * other, ...); which worker takes which chunk changes from run to run.
 *
 * Run:   ./workbook run 04 pool_chunks                (nprocs = 2)
 *        ./workbook run 04 pool_chunks -- 4           (nprocs = 4: chunks of 2)
 *        ./workbook run 04 pool_chunks -t 4           (the same, with -t)
 */
#define _POSIX_C_SOURCE 200809L   /* for nanosleep() */
#include "division.h"
#include "read_number.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define FIRST 1
#define LAST 20
#define ITEMS (LAST - FIRST + 1)
#define MAX_WORKERS 36   /* the threads a division row can show: 0-9, a-z */

/* Pool.map's chunk size: items / (4 * workers), rounded up; 0 for no items. */
static long pool_chunksize(long items, int workers)
{
    long per = 4L * workers;
    return items / per + (items % per != 0);
}

static long long square(long long x)
{
    /* A Python worker spends time receiving each chunk and printing; this
     * short pause plays that part, so that the threads take turns. */
    struct timespec pause = {0, 2000000L};
    nanosleep(&pause, NULL);
    printf("Worker %d calculating square of %lld\n", omp_get_thread_num(), x);
    return x * x;
}

int main(int argc, char **argv)
{
    /* The tutorial's nprocs = 2. A count after -- wins; without one, -t
     * (which sets OMP_NUM_THREADS) is honoured. */
    long nprocs = 2;
    if (argc > 1) {
        if (!read_number("pool_chunks", "number of workers", argv[1], 1, MAX_WORKERS, &nprocs))
            return 2;
    } else if (getenv("OMP_NUM_THREADS")) {
        nprocs = omp_get_max_threads();
        if (nprocs > MAX_WORKERS) {
            fprintf(stderr, "pool_chunks: at most %d workers, and OMP_NUM_THREADS asks "
                    "for %ld.\n", MAX_WORKERS, nprocs);
            return 2;
        }
    }

    printf("Pool.map's chunk size, ceil(items / (4 * workers)):\n");
    printf("   items  workers  chunksize\n");
    static const long table[][2] = {{20, 1}, {20, 2}, {20, 4}, {20, 8}, {5000, 2}, {5000, 4}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        printf("  %6ld  %7ld  %9ld\n", table[i][0], table[i][1],
               pool_chunksize(table[i][0], (int)table[i][1]));

    int workers = (int)nprocs;
    int chunk = (int)pool_chunksize(ITEMS, workers);
    printf("\nNumber of workers equals %d, so chunks of %d item%s\n", workers, chunk,
           chunk == 1 ? "" : "s");

    long long result[ITEMS];
    int owner[ITEMS];
    /* monotonic: asks for a plain first-come, first-served queue of chunks,
     * which is what Pool.map has. Since OpenMP 5.0 a plain
     * schedule(dynamic, chunk) means nonmonotonic: the runtime may hand out
     * the chunks in any order, and clang's starts each thread on its own
     * block of chunks and lets idle threads steal (see the README). */
    #pragma omp parallel for num_threads(workers) schedule(monotonic: dynamic, chunk)
    for (long long x = FIRST; x <= LAST; x++) {
        result[x - FIRST] = square(x);
        owner[x - FIRST] = omp_get_thread_num();
    }

    long long total = 0;
    for (int i = 0; i < ITEMS; i++)
        total += result[i];
    printf("The sum of the squares of %d to %d is %lld\n", FIRST, LAST, total);
    printf("\nWho did what:\n");
    print_division_by_thread(owner, ITEMS, workers);
    return 0;
}
