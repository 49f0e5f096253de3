/*
 * static_chunks.c - schedule(static, chunk): chunks dealt out like cards.
 *
 * With a chunk size, schedule(static, 3) cuts the items into chunks of 3
 * and deals them to the threads in turn: chunk 0 to thread 0, chunk 1 to
 * thread 1, ... and back to thread 0 after the last thread. Like plain
 * static, the division is fixed before the loop starts, so it is the same
 * on every run; unlike it, each thread gets items from all over the range.
 *
 * Run:   ./workbook run 04 static_chunks              (20 items, chunks of 3)
 *        ./workbook run 04 static_chunks -- 20 5      (20 items, chunks of 5)
 */
#include "division.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_ITEMS 200

int main(int argc, char **argv)
{
    long items = argc > 1 ? atol(argv[1]) : 20;
    int chunk = argc > 2 ? atoi(argv[2]) : 3;
    if (items < 1 || items > MAX_ITEMS || chunk < 1) {
        fprintf(stderr, "usage: %s [items, 1 to %d] [chunk size, at least 1]\n",
                argv[0], MAX_ITEMS);
        return 2;
    }
    int owner[MAX_ITEMS];   /* owner[x - 1]: the thread that handled item x */

    printf("schedule(static, %d): who handles each of the items 1 to %ld\n",
           chunk, items);
    for (int threads = 1; threads <= 8; threads++) {
        /* The chunk size may be any expression; it is read when the loop
         * starts. */
        #pragma omp parallel for num_threads(threads) schedule(static, chunk)
        for (long x = 1; x <= items; x++)
            owner[x - 1] = omp_get_thread_num();
        print_division_row(owner, items, threads);
    }

    printf("\nWith 2 threads, item by item:\n");
    #pragma omp parallel for num_threads(2) schedule(static, chunk)
    for (long x = 1; x <= items; x++)
        owner[x - 1] = omp_get_thread_num();
    print_division_by_thread(owner, items, 2);
    return 0;
}
