/*
 * Exercise 07 - races, and three ways out of them (solution).
 */
#include "races.h"

#include <limits.h>
#include <omp.h>

long long sum_reduction(map_fn f, long long first, long long last)
{
    long long total = 0;
    /* Each thread adds into its own private total, which starts at 0; the
     * private totals are added into this one when the loop ends. */
    #pragma omp parallel for reduction(+:total)
    for (long long x = first; x <= last; x++)
        total += f(x);
    return total;
}

void histogram(int (*bin_of)(long i), long n, int nbins, long *counts)
{
    for (int b = 0; b < nbins; b++)
        counts[b] = 0;
    /* Two threads may hit the same bin at the same moment: atomic makes each
     * read-add-write of one counter happen as a whole. */
    #pragma omp parallel for
    for (long i = 0; i < n; i++) {
        int b = bin_of(i);
        #pragma omp atomic
        counts[b]++;
    }
}

/* True when (value, item) should replace the current best. */
static int beats(long long value, long long item, struct best current)
{
    return value > current.value || (value == current.value && item < current.item);
}

struct best best_item(map_fn f, long long first, long long last)
{
    struct best best = {LLONG_MIN, LLONG_MAX};
    #pragma omp parallel
    {
        /* Each thread first finds the best of its own items, with no
         * sharing at all ... */
        struct best mine = {LLONG_MIN, LLONG_MAX};
        #pragma omp for
        for (long long x = first; x <= last; x++) {
            long long value = f(x);
            if (beats(value, x, mine)) {
                mine.value = value;
                mine.item = x;
            }
        }
        /* ... then merges it into the shared best once. The comparison and
         * both assignments are one critical section: two variables that
         * must change together cannot be protected by atomic. */
        #pragma omp critical
        {
            if (beats(mine.value, mine.item, best))
                best = mine;
        }
    }
    return best;
}
