/*
 * two_lists.h - what this lesson's map programs share: the command-line
 * count, the two lists, and the answers to check against.
 *
 * The lists are like the tutorial's (it has a = 1..10 and b = 11..20), but
 * longer and with b further up: a[i] = i + 1 and b[i] = i + 101, and
 * the two maps are a[i] + b[i] and a[i] * b[i], each reduced to a sum. Up
 * to 2,000,000 items every sum fits in a long long.
 */
#ifndef TWO_LISTS_H
#define TWO_LISTS_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_ITEMS 2000000L

/* The number of items from argv[1], or `fallback`; 0 (after a sentence on
 * stderr) when it is not a whole number from 1 to MAX_ITEMS. */
static inline long read_items(int argc, char **argv, const char *program, long fallback)
{
    if (argc < 2)
        return fallback;
    char *end;
    errno = 0;
    long n = strtol(argv[1], &end, 10);
    if (errno || end == argv[1] || *end != '\0' || n < 1 || n > MAX_ITEMS) {
        fprintf(stderr, "%s: N must be a whole number from 1 to %ld, not \"%s\".\n",
                program, MAX_ITEMS, argv[1]);
        return 0;
    }
    return n;
}

/* a[i] = i + 1 and b[i] = i + 101; NULL when out of memory. */
static inline long long *make_list(long n, long long start)
{
    long long *list = malloc((size_t)n * sizeof *list);
    for (long i = 0; list && i < n; i++)
        list[i] = start + i;
    return list;
}

/* The answers, from one plain loop. */
static inline void serial_sums(const long long *a, const long long *b, long n,
                               long long *sums, long long *products)
{
    *sums = 0;
    *products = 0;
    for (long i = 0; i < n; i++) {
        *sums += a[i] + b[i];
        *products += a[i] * b[i];
    }
}

#endif
