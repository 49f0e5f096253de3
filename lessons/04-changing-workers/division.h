/*
 * division.h - printing who handled which item, for this lesson's programs.
 *
 * Every program of the lesson runs a loop over the items 1..n and stores,
 * for each item, the number of the thread that handled it:
 *
 *     owner[x - 1] = omp_get_thread_num();
 *
 * These functions only print that array; the loops themselves, with their
 * pragmas, are in the programs, where you can read them. They are written
 * in this header (as static inline functions) so that each program is
 * built from its own .c file alone.
 */
#ifndef DIVISION_H
#define DIVISION_H

#include <stdio.h>

/* The character that stands for a thread in a division row. */
static inline char thread_mark(int thread)
{
    if (thread >= 0 && thread < 10)
        return (char)('0' + thread);
    if (thread >= 10 && thread < 36)
        return (char)('a' + thread - 10);
    return '?';
}

/*
 * One line for a team of `threads`: the thread number of every item, one
 * character per item (0-9, then a-z for threads 10 to 35), and how many
 * items each thread got. For 20 items on 2 threads under schedule(static):
 *
 *      2 threads: 00000000001111111111  shares 10 10
 */
static inline void print_division_row(const int *owner, long items, int threads)
{
    printf("%2d %-8s ", threads, threads == 1 ? "thread:" : "threads:");
    for (long i = 0; i < items; i++)
        putchar(thread_mark(owner[i]));
    printf("  shares");
    for (int t = 0; t < threads; t++) {
        long share = 0;
        for (long i = 0; i < items; i++)
            share += owner[i] == t;
        printf(" %ld", share);
    }
    putchar('\n');
}

/*
 * One line per thread: the items it handled, as ranges of consecutive
 * items, and how many there were:
 *
 *       thread 0: items 1-3 7-9 13-15 19-20 (11 items)
 */
static inline void print_division_by_thread(const int *owner, long items, int threads)
{
    for (int t = 0; t < threads; t++) {
        long share = 0;
        for (long i = 0; i < items; i++)
            share += owner[i] == t;
        if (share == 0) {
            printf("  thread %d: no items\n", t);
            continue;
        }
        printf("  thread %d: items", t);
        long i = 0;
        while (i < items) {
            if (owner[i] != t) {
                i++;
                continue;
            }
            long end = i;                      /* the run of t's items from i */
            while (end + 1 < items && owner[end + 1] == t)
                end++;
            if (end > i)
                printf(" %ld-%ld", i + 1, end + 1);
            else
                printf(" %ld", i + 1);
            i = end + 1;
        }
        printf(" (%ld item%s)\n", share, share == 1 ? "" : "s");
    }
}

#endif
