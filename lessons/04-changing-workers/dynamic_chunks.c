/*
 * dynamic_chunks.c - schedule(dynamic, chunk): chunks handed out on demand.
 *
 * With schedule(dynamic, 2) nothing is decided in advance: each thread takes
 * a chunk of 2 items when it is ready for more, much as Python's Pool.map
 * feeds its workers. So a thread that works slowly ends up with fewer
 * items, and the division changes from run to run. (Which chunk a thread
 * gets next is the runtime's choice: since OpenMP 5.0 a plain `dynamic` is
 * nonmonotonic, see pool_chunks.c.)
 *
 * To make that visible, every item here takes 1 ms of "work", except on
 * thread 0, a slow worker, which needs 4 ms per item. Run it twice: the
 * rows change, but thread 0 gets a small share, and a chunk is never split
 * between two threads.
 *
 * Run:   ./workbook run 04 dynamic_chunks             (20 items, chunks of 2)
 *        ./workbook run 04 dynamic_chunks -- 40 4     (40 items, chunks of 4)
 *        ./workbook run 04 dynamic_chunks -t 3        (the last row: 3 threads)
 */
#define _POSIX_C_SOURCE 200809L   /* for nanosleep() */
#include "division.h"
#include "read_number.h"

#include <omp.h>
#include <stdio.h>
#include <time.h>

#define MAX_ITEMS 200
#define MAX_TEAM 36    /* the threads a division row can show: 0-9, a-z */

/* Stand-in for a real calculation: sleep for some milliseconds. */
static void work(int milliseconds)
{
    struct timespec pause = {0, milliseconds * 1000000L};
    nanosleep(&pause, NULL);
}

/* Run the loop on a team of `threads` and print its row; returns how many
 * items lie in a chunk that was split between two threads. */
static int run_and_show(int *owner, long items, long chunk, int threads)
{
    #pragma omp parallel for num_threads(threads) schedule(dynamic, chunk)
    for (long x = 1; x <= items; x++) {
        work(omp_get_thread_num() == 0 ? 4 : 1);
        owner[x - 1] = omp_get_thread_num();
    }
    print_division_row(owner, items, threads);
    int split = 0;
    for (long i = 0; i < items; i++)
        if (owner[i] != owner[i - i % chunk])
            split++;
    return split;
}

int main(int argc, char **argv)
{
    long items = 20, chunk = 2;
    if (argc > 1 && !read_number("dynamic_chunks", "number of items", argv[1], 1, MAX_ITEMS,
                                 &items))
        return 2;
    if (argc > 2 && !read_number("dynamic_chunks", "chunk size", argv[2], 1, MAX_ITEMS, &chunk))
        return 2;
    if (omp_get_max_threads() > MAX_TEAM) {
        fprintf(stderr, "dynamic_chunks: the default team would have %d threads; this "
                "program shows at most %d.\n", omp_get_max_threads(), MAX_TEAM);
        return 2;
    }
    int owner[MAX_ITEMS];   /* owner[x - 1]: the thread that handled item x */
    int split = 0;          /* items in a chunk split between two threads */

    printf("schedule(dynamic, %ld), thread 0 four times slower than the others:\n", chunk);
    for (int threads = 1; threads <= 8; threads++)
        split += run_and_show(owner, items, chunk, threads);
    /* omp_get_max_threads(): the size of the default team, which -t sets. */
    printf("The default team (-t sets it):\n");
    split += run_and_show(owner, items, chunk, omp_get_max_threads());
    /* This line is the same on every run: the shares change, the chunks do not. */
    printf("\nChunks of %ld item%s split between two threads: %d\n", chunk,
           chunk == 1 ? "" : "s", split);
    return 0;
}
