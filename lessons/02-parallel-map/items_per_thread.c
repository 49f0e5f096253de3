/*
 * items_per_thread.c - how the loop's items are shared among the team.
 *
 * The tutorial says: with 10 workers each does a tenth of the work (500
 * squares of 5000), with 2 workers each does half (2500). This program
 * records which thread squared each item, then prints each thread's share.
 *
 * Run it:    ./workbook run 02 items_per_thread -t 2
 *            ./workbook run 02 items_per_thread -t 10
 *            ./workbook run 02 items_per_thread -t 3 -- 20    (20 items)
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    long count = argc > 1 ? strtol(argv[1], NULL, 10) : 5000;
    if (count < 1) {
        fprintf(stderr, "usage: %s [number of items, at least 1]\n", argv[0]);
        return 1;
    }

    /* owner[i]: the number of the thread that squared item i + 1. */
    int *owner = malloc((size_t)count * sizeof *owner);
    long long *result = malloc((size_t)count * sizeof *result);
    if (!owner || !result) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }

    #pragma omp parallel for
    for (long x = 1; x <= count; x++) {
        result[x - 1] = (long long)x * x;
        owner[x - 1] = omp_get_thread_num();
    }

    /* Back on one thread: walk the items in order and print one line for
     * each run of items that went to the same thread. Threads that got no
     * item print nothing. */
    long start = 0;
    for (long i = 1; i <= count; i++) {
        if (i == count || owner[i] != owner[start]) {
            printf("Thread %d squared %ld %s, from %ld to %ld\n", owner[start],
                   i - start, i - start == 1 ? "item" : "items", start + 1, i);
            start = i;
        }
    }

    free(owner);
    free(result);
    return 0;
}
