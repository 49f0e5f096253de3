/*
 * static_blocks.c - how schedule(static) shares out the items.
 *
 * schedule(static) with no chunk size cuts the items into one block per
 * thread, of nearly equal sizes, and hands the blocks out in thread order:
 * thread 0 gets the first block, thread 1 the next, and so on. The split
 * depends only on the number of items and of threads, so it is the same
 * on every run (unlike the order of printing, see print_order.c).
 *
 * schedule(static, 3) instead deals out blocks of 3 in turn, like cards,
 * which is the pattern of the tutorial's Python trace (pool.map sends
 * its workers chunks of 3 items there).
 *
 * Run:   ./workbook run 03 static_blocks            (items 1 to 20)
 *        ./workbook run 03 static_blocks -- 21      (items 1 to 21)
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_ITEMS 1000

/* Print the items that `thread` handled as runs of consecutive numbers,
 * such as "1-3 7-9", followed by how many there were. */
static void print_share(const int *who, int items, int thread)
{
    int count = 0;
    printf("  thread %d:", thread);
    for (int x = 1; x <= items; x++) {
        if (who[x] != thread)
            continue;
        int end = x;
        while (end + 1 <= items && who[end + 1] == thread)
            end++;
        if (end > x)
            printf(" %d-%d", x, end);
        else
            printf(" %d", x);
        count += end - x + 1;
        x = end;
    }
    printf(" (%d items)\n", count);
}

int main(int argc, char **argv)
{
    int items = argc > 1 ? atoi(argv[1]) : 20;
    if (items < 1 || items > MAX_ITEMS) {
        fprintf(stderr, "usage: %s [number of items, 1 to %d]\n", argv[0], MAX_ITEMS);
        return 2;
    }
    static const int teams[] = {1, 2, 3, 4, 8};
    int who[MAX_ITEMS + 1];   /* who[x]: the thread that handled item x */

    for (size_t i = 0; i < sizeof teams / sizeof teams[0]; i++) {
        int threads = teams[i];
        #pragma omp parallel for num_threads(threads) schedule(static)
        for (int x = 1; x <= items; x++)
            who[x] = omp_get_thread_num();

        printf("schedule(static), items 1 to %d, %d thread%s:\n", items, threads,
               threads == 1 ? "" : "s");
        for (int t = 0; t < threads; t++)
            print_share(who, items, t);
    }

    #pragma omp parallel for num_threads(2) schedule(static, 3)
    for (int x = 1; x <= items; x++)
        who[x] = omp_get_thread_num();
    printf("schedule(static, 3), items 1 to %d, 2 threads:\n", items);
    for (int t = 0; t < 2; t++)
        print_share(who, items, t);
    return 0;
}
