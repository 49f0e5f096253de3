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
 *        ./workbook run 03 calculating_squares -t 4     (4 workers, too)
 */
#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define FIRST 1
#define LAST 20
#define MAX_WORKERS 64

static long long square(long long x)
{
    /* omp_get_thread_num() asks "which thread of the team am I?". Each
     * thread gets its own answer, so the line tells us who did this item. */
    printf("Worker %d calculating square of %lld\n", omp_get_thread_num(), x);
    return x * x;
}

/* A whole number from 1 to MAX_WORKERS, or -1. */
static int read_workers(const char *text)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno || end == text || *end != '\0' || value < 1 || value > MAX_WORKERS)
        return -1;
    return (int)value;
}

int main(int argc, char **argv)
{
    /* The tutorial sets nprocs = 2. A count after -- wins; without one,
     * -t (which sets OMP_NUM_THREADS) is honoured; with neither, 2. */
    int nprocs = 2;
    if (argc > 1) {
        nprocs = read_workers(argv[1]);
        if (nprocs < 0) {
            fprintf(stderr, "calculating_squares: the number of workers must be a whole "
                    "number from 1 to %d, not \"%s\".\n", MAX_WORKERS, argv[1]);
            return 2;
        }
    } else if (getenv("OMP_NUM_THREADS")) {
        nprocs = omp_get_max_threads();
        if (nprocs > MAX_WORKERS) {
            fprintf(stderr, "calculating_squares: at most %d workers, and OMP_NUM_THREADS "
                    "asks for %d.\n", MAX_WORKERS, nprocs);
            return 2;
        }
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
