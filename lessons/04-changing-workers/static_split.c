/*
 * static_split.c - how schedule(static) divides the items as the number of
 * threads changes: the tutorial's exercise, for 1 to 8 workers at once.
 *
 * schedule(static) with no chunk size cuts the items into one block per
 * thread, in thread order, as evenly as it can: when the items do not
 * divide evenly, the first threads get one item more. The division depends
 * only on the number of items and of threads, so it is the same on every
 * run, with gcc and with clang.
 *
 * Run:   ./workbook run 04 static_split              (items 1 to 20)
 *        ./workbook run 04 static_split -- 21        (items 1 to 21)
 *        ./workbook run 04 static_split -t 4         (the last part with 4 threads)
 */
#include "division.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_ITEMS 200

int main(int argc, char **argv)
{
    long items = argc > 1 ? atol(argv[1]) : 20;
    if (items < 1 || items > MAX_ITEMS) {
        fprintf(stderr, "usage: %s [number of items, 1 to %d]\n", argv[0], MAX_ITEMS);
        return 2;
    }
    int owner[MAX_ITEMS];   /* owner[x - 1]: the thread that handled item x */

    printf("schedule(static): who handles each of the items 1 to %ld\n", items);
    for (int threads = 1; threads <= 8; threads++) {
        /* num_threads(threads) sets the team size of this loop only. */
        #pragma omp parallel for num_threads(threads) schedule(static)
        for (long x = 1; x <= items; x++)
            owner[x - 1] = omp_get_thread_num();
        print_division_row(owner, items, threads);
    }

    /* Without num_threads the team has the default size: OMP_NUM_THREADS
     * if it is set (./workbook run -t sets it), else one thread per CPU.
     * omp_get_max_threads() tells that size before the region starts. */
    int team = omp_get_max_threads();
    #pragma omp parallel for schedule(static)
    for (long x = 1; x <= items; x++)
        owner[x - 1] = omp_get_thread_num();
    printf("\nThe default team has %d threads; item by item:\n", team);
    print_division_by_thread(owner, items, team);
    return 0;
}
