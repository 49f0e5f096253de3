/*
 * calculating_squares.c - who squared which number?
 *
 * The tutorial's second pool.py prints a line from inside square() so that
 * you can see which worker did each item. Here the workers are the threads
 * of an OpenMP team, and a thread's name is its thread number,
 * omp_get_thread_num(): 0 for the first thread, 1 for the next, and so on.
 *
 * Run:   ./workbook run 03 calculating_squares          (2 workers)
 *        ./workbook run 03 calculating_squares -- 4     (4 workers)
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define FIRST 1
#define LAST 20

static long long square(long long x)
{
    /* omp_get_thread_num() asks "which thread of the team am I?". Each
     * thread gets its own answer, so the line tells us who did this item. */
    printf("Worker %d calculating square of %lld\n", omp_get_thread_num(), x);
    return x * x;
}

int main(int argc, char **argv)
{
    /* The tutorial sets nprocs = 2; here you may pass another count. */
    int nprocs = argc > 1 ? atoi(argv[1]) : 2;
    if (nprocs < 1) {
        fprintf(stderr, "usage: %s [number of workers, at least 1]\n", argv[0]);
        return 2;
    }
    printf("Number of workers equals %d\n", nprocs);

    long long result[LAST - FIRST + 1];

    /* num_threads(nprocs) is Pool(processes=nprocs): a team of that size.
     * schedule(static) cuts the 20 items into one block per thread, in
     * thread order (static_blocks.c shows this in detail). */
    #pragma omp parallel for num_threads(nprocs) schedule(static)
    for (long long x = FIRST; x <= LAST; x++)
        result[x - FIRST] = square(x);

    /* The reduce runs after the team has finished, on one thread. */
    long long total = 0;
    for (int i = 0; i < LAST - FIRST + 1; i++)
        total += result[i];

    /* An honest label: this run sums 1..20, not "the first 5000 integers". */
    printf("The sum of the squares of %d to %d is %lld\n", FIRST, LAST, total);
    return 0;
}
