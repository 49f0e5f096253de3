/*
 * static_chunks.c - schedule(static, chunk): chunks dealt out like cards.
 *
 * With a chunk size, schedule(static, 3) cuts the items into chunks of 3
 * and deals them to the threads in turn: chunk 0 to thread 0, chunk 1 to
 * thread 1, ... and back to thread 0 after the last thread. Here the OpenMP
 * standard itself fixes who gets what, so every runtime prints the same
 * table. Like plain static, the division is fixed before the loop starts
 * and is the same on every run; unlike it, each thread gets items from all
 * over the range.
 *
 * Run:   ./workbook run 04 static_chunks              (20 items, chunks of 3)
 *        ./workbook run 04 static_chunks -- 20 5      (20 items, chunks of 5)
 *        ./workbook run 04 static_chunks -t 3         (the last part with 3 threads)
 */
#include "division.h"
#include "read_number.h"

#include <omp.h>
#include <stdio.h>

#define MAX_ITEMS 200
#define MAX_TEAM 36    /* the threads a division row can show: 0-9, a-z */

int main(int argc, char **argv)
{
    long items = 20, chunk = 3;
    if (argc > 1 && !read_number("static_chunks", "number of items", argv[1], 1, MAX_ITEMS,
                                 &items))
        return 2;
    if (argc > 2 && !read_number("static_chunks", "chunk size", argv[2], 1, MAX_ITEMS, &chunk))
        return 2;
    int owner[MAX_ITEMS];   /* owner[x - 1]: the thread that handled item x */

    printf("schedule(static, %ld): who handles each of the items 1 to %ld\n", chunk, items);
    for (int threads = 1; threads <= 8; threads++) {
        /* The chunk size may be any expression; it is read when the loop
         * starts. */
        #pragma omp parallel for num_threads(threads) schedule(static, chunk)
        for (long x = 1; x <= items; x++)
            owner[x - 1] = omp_get_thread_num();
        print_division_row(owner, items, threads);
    }

    /* The default team: -t sets its size, else one thread per CPU. */
    int team = omp_get_max_threads();
    if (team > MAX_TEAM) {
        fprintf(stderr, "static_chunks: the default team would have %d threads; this "
                "program shows at most %d.\n", team, MAX_TEAM);
        return 2;
    }
    #pragma omp parallel for schedule(static, chunk)
    for (long x = 1; x <= items; x++)
        owner[x - 1] = omp_get_thread_num();
    printf("\nThe default team has %d thread%s; item by item:\n", team, team == 1 ? "" : "s");
    print_division_by_thread(owner, items, team);
    return 0;
}
