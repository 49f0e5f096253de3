/*
 * dynamic_chunks.c - schedule(dynamic, chunk): chunks handed out on demand.
 *
 * With schedule(dynamic, 2) nothing is decided in advance: each thread takes
 * the next chunk of 2 items when it is ready for more, which is how
 * Python's Pool.map feeds its workers. So a thread that works slowly ends
 * up with fewer items, and the division changes from run to run.
 *
 * To make that visible, every item here takes 1 ms of "work", except on
 * thread 0, a slow worker, which needs 4 ms per item. Run it twice: the
 * rows change, but thread 0 always gets a small share, and a chunk is
 * never split between two threads.
 *
 * Run:   ./workbook run 04 dynamic_chunks             (20 items, chunks of 2)
 *        ./workbook run 04 dynamic_chunks -- 40 4     (40 items, chunks of 4)
 */
#include "division.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAX_ITEMS 200

/* Stand-in for a real calculation: sleep for some milliseconds. */
static void work(int milliseconds)
{
    struct timespec pause = {0, milliseconds * 1000000L};
    nanosleep(&pause, NULL);
}

int main(int argc, char **argv)
{
    long items = argc > 1 ? atol(argv[1]) : 20;
    int chunk = argc > 2 ? atoi(argv[2]) : 2;
    if (items < 1 || items > MAX_ITEMS || chunk < 1) {
        fprintf(stderr, "usage: %s [items, 1 to %d] [chunk size, at least 1]\n",
                argv[0], MAX_ITEMS);
        return 2;
    }
    int owner[MAX_ITEMS];   /* owner[x - 1]: the thread that handled item x */
    int split = 0;          /* chunks found split between two threads */

    printf("schedule(dynamic, %d), thread 0 four times slower than the others:\n",
           chunk);
    for (int threads = 1; threads <= 8; threads++) {
        #pragma omp parallel for num_threads(threads) schedule(dynamic, chunk)
        for (long x = 1; x <= items; x++) {
            work(omp_get_thread_num() == 0 ? 4 : 1);
            owner[x - 1] = omp_get_thread_num();
        }
        print_division_row(owner, items, threads);
        for (long i = 0; i < items; i++)
            if (owner[i] != owner[i - i % chunk])
                split++;
    }
    /* This line is the same on every run: the shares change, the chunks do not. */
    printf("\nChunks of %d items split between two threads: %d\n", chunk, split);
    return 0;
}
