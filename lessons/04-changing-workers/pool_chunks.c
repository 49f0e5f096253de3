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
 * takes the next chunk from a shared queue: OpenMP's dynamic schedule. This
 * program computes the same chunk size and runs the tutorial's map with
 * schedule(monotonic: dynamic, chunksize), so its trace shows the same
 * runs of 3 (1-3 on one worker, 4-6 on the other, ...).
 *
 * Run:   ./workbook run 04 pool_chunks                (nprocs = 2)
 *        ./workbook run 04 pool_chunks -- 4           (nprocs = 4: chunks of 2)
 */
#include "division.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define FIRST 1
#define LAST 20
#define ITEMS (LAST - FIRST + 1)

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
    int nprocs = argc > 1 ? atoi(argv[1]) : 2;
    if (nprocs < 1 || nprocs > 64) {
        fprintf(stderr, "usage: %s [number of workers, 1 to 64]\n", argv[0]);
        return 2;
    }

    printf("Pool.map's chunk size, ceil(items / (4 * workers)):\n");
    printf("   items  workers  chunksize\n");
    static const long table[][2] = {{20, 1}, {20, 2}, {20, 4}, {20, 8}, {5000, 2}, {5000, 4}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        printf("  %6ld  %7ld  %9ld\n", table[i][0], table[i][1],
               pool_chunksize(table[i][0], (int)table[i][1]));

    int chunk = (int)pool_chunksize(ITEMS, nprocs);
    printf("\nNumber of workers equals %d, so chunks of %d items\n", nprocs, chunk);

    long long result[ITEMS];
    int owner[ITEMS];
    /* monotonic: asks for a plain first-come, first-served queue of chunks,
     * which is what Pool.map has. Plain schedule(dynamic, chunk) allows the
     * runtime more freedom: clang's starts each thread on its own block of
     * chunks and lets idle threads steal (see the lesson's README). */
    #pragma omp parallel for num_threads(nprocs) schedule(monotonic: dynamic, chunk)
    for (long long x = FIRST; x <= LAST; x++) {
        result[x - FIRST] = square(x);
        owner[x - FIRST] = omp_get_thread_num();
    }

    long long total = 0;
    for (int i = 0; i < ITEMS; i++)
        total += result[i];
    printf("The sum of the squares of %d to %d is %lld\n", FIRST, LAST, total);
    printf("\nWho did what:\n");
    print_division_by_thread(owner, ITEMS, nprocs);
    return 0;
}
