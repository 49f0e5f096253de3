/*
 * guided_chunks.c - schedule(guided, chunk): big chunks first, small ones last.
 *
 * Guided is on demand, like dynamic, but the chunk size shrinks as the
 * work runs out: each thread that asks for work gets a share of the items
 * that are left, and never fewer than `chunk` items, except for the very
 * last chunk. The standard leaves the size of that share to the runtime:
 * gcc's gives remaining / threads, clang's half of that. Big chunks early
 * mean few trips to the shared counter; small chunks at the end let the
 * threads finish at nearly the same time.
 *
 * Every item takes 1 ms here, on every thread, so that the threads take
 * turns. A row shows runs of items: a long run at the start, shorter and
 * shorter runs towards the end (two chunks in a row taken by the same
 * thread look like one run).
 *
 * Run:   ./workbook run 04 guided_chunks              (60 items, chunk 2)
 *        ./workbook run 04 guided_chunks -- 100 1     (100 items, chunk 1)
 *        ./workbook run 04 guided_chunks -t 3         (the last row: 3 threads)
 */
#define _POSIX_C_SOURCE 200809L   /* for nanosleep() */
#include "division.h"
#include "read_number.h"

#include <omp.h>
#include <stdio.h>
#include <time.h>

#define MAX_ITEMS 200
#define MAX_TEAM 36    /* the threads a division row can show: 0-9, a-z */

static void work(int milliseconds)
{
    struct timespec pause = {0, milliseconds * 1000000L};
    nanosleep(&pause, NULL);
}

/* Run the loop on a team of `threads` and print its row; returns how many
 * runs of one thread's items are shorter than `chunk`, not counting the
 * last run of the row. */
static int run_and_show(int *owner, long items, long chunk, int threads)
{
    #pragma omp parallel for num_threads(threads) schedule(guided, chunk)
    for (long x = 1; x <= items; x++) {
        work(1);
        owner[x - 1] = omp_get_thread_num();
    }
    print_division_row(owner, items, threads);
    int short_runs = 0;
    long start = 0;
    while (start < items) {
        long end = start + 1;
        while (end < items && owner[end] == owner[start])
            end++;
        if (end - start < chunk && end < items)
            short_runs++;
        start = end;
    }
    return short_runs;
}

int main(int argc, char **argv)
{
    long items = 60, chunk = 2;
    if (argc > 1 && !read_number("guided_chunks", "number of items", argv[1], 1, MAX_ITEMS,
                                 &items))
        return 2;
    if (argc > 2 && !read_number("guided_chunks", "chunk size", argv[2], 1, MAX_ITEMS, &chunk))
        return 2;
    if (omp_get_max_threads() > MAX_TEAM) {
        fprintf(stderr, "guided_chunks: the default team would have %d threads; this "
                "program shows at most %d.\n", omp_get_max_threads(), MAX_TEAM);
        return 2;
    }
    int owner[MAX_ITEMS];   /* owner[x - 1]: the thread that handled item x */
    int short_runs = 0;

    printf("schedule(guided, %ld): who handles each of the items 1 to %ld\n", chunk, items);
    for (int threads = 1; threads <= 8; threads++)
        short_runs += run_and_show(owner, items, chunk, threads);
    /* omp_get_max_threads(): the size of the default team, which -t sets. */
    printf("The default team (-t sets it):\n");
    short_runs += run_and_show(owner, items, chunk, omp_get_max_threads());
    /* The same on every run: the chunks never shrink below the chunk size. */
    printf("\nRuns shorter than %ld item%s before the last one: %d\n", chunk,
           chunk == 1 ? "" : "s", short_runs);
    return 0;
}
