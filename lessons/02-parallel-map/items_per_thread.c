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
#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_ITEMS 10000000L

/* The number of items from the command line, or -1 when it is not a whole
 * number from 1 to MAX_ITEMS. */
static long read_count(const char *text)
{
    char *end;
    errno = 0;
    long count = strtol(text, &end, 10);
    if (errno || end == text || *end != '\0' || count < 1 || count > MAX_ITEMS)
        return -1;
    return count;
}

int main(int argc, char **argv)
{
    long count = argc > 1 ? read_count(argv[1]) : 5000;
    if (count < 0) {
        fprintf(stderr, "items_per_thread: the number of items must be a whole number "
                "from 1 to %ld, not \"%s\".\n", MAX_ITEMS, argv[1]);
        return 2;
    }

    /* owner[i]: the number of the thread that squared item i + 1. */
    int *owner = malloc((size_t)count * sizeof *owner);
    long long *result = malloc((size_t)count * sizeof *result);
    if (!owner || !result) {
        fprintf(stderr, "items_per_thread: not enough memory for %ld items.\n", count);
        return 1;
    }

    /* No schedule clause: the runtime chooses how to share the items. gcc's
     * and clang's both choose schedule(static), one block per thread. */
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
            if (i - start == 1)
                printf("Thread %d squared 1 item, %ld\n", owner[start], start + 1);
            else
                printf("Thread %d squared %ld items, from %ld to %ld\n", owner[start],
                       i - start, start + 1, i);
            start = i;
        }
    }

    free(owner);
    free(result);
    return 0;
}
