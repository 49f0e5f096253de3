/*
 * guided_chunks.c - schedule(guided, chunk): big chunks first, small ones last.
 *
 * Guided is on demand, like dynamic, but the chunk size shrinks as the
 * work runs out: each thread that asks for work gets a share of the items
 * that are left (gcc's runtime gives remaining / threads, clang's half of
 * that), and never fewer than `chunk` items, except for the very last
 * chunk. Big chunks early mean few trips to the shared counter; small
 * chunks at the end let the threads finish at nearly the same time.
 *
 * Every item takes 1 ms here, on every thread, so that the threads take
 * turns. A row shows runs of items: a long run at the start, shorter and
 * shorter runs towards the end (two chunks in a row taken by the same
 * thread look like one run).
 *
 * Run:   ./workbook run 04 guided_chunks              (60 items, chunk 2)
 *        ./workbook run 04 guided_chunks -- 100 1     (100 items, chunk 1)
 */
#include "division.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAX_ITEMS 200

static void work(int milliseconds)
{
    struct timespec pause = {0, milliseconds * 1000000L};
    nanosleep(&pause, NULL);
}

int main(int argc, char **argv)
{
    long items = argc > 1 ? atol(argv[1]) : 60;
    int chunk = argc > 2 ? atoi(argv[2]) : 2;
    if (items < 1 || items > MAX_ITEMS || chunk < 1) {
        fprintf(stderr, "usage: %s [items, 1 to %d] [chunk size, at least 1]\n",
                argv[0], MAX_ITEMS);
        return 2;
    }
    int owner[MAX_ITEMS];   /* owner[x - 1]: the thread that handled item x */
    int short_runs = 0;     /* runs of fewer than `chunk` items, not at the end */

    printf("schedule(guided, %d): who handles each of the items 1 to %ld\n",
           chunk, items);
    for (int threads = 1; threads <= 8; threads++) {
        #pragma omp parallel for num_threads(threads) schedule(guided, chunk)
        for (long x = 1; x <= items; x++) {
            work(1);
            owner[x - 1] = omp_get_thread_num();
        }
        print_division_row(owner, items, threads);
        for (long start = 0, end; start < items; start = end) {
            for (end = start + 1; end < items && owner[end] == owner[start]; end++)
                continue;
            if (end - start < chunk && end < items)
                short_runs++;
        }
    }
    /* The same on every run: the chunks never shrink below the chunk size. */
    printf("\nRuns shorter than %d items before the last one: %d\n", chunk, short_runs);
    return 0;
}
