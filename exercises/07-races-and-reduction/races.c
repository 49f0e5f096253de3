/*
 * Exercise 07 - races, and three ways out of them.
 *
 * Read lessons/07-races-and-reduction/README.md first. Then replace each
 * TODO below, and check your work with:   ./workbook check 07
 */
#include "races.h"

#include <limits.h>
#include <omp.h>

long long sum_reduction(map_fn f, long long first, long long last)
{
    long long total = 0;
    /* TODO: a parallel loop over x from first to last (both included) that
     * does total += f(x). Without a clause the threads race on total and
     * lose additions (see the lesson's racy_sum); reduction(+:total) gives
     * each thread its own total and adds them up when the loop ends. */
    (void)f;
    (void)first;
    (void)last;
    return total;
}

void histogram(int (*bin_of)(long i), long n, int nbins, long *counts)
{
    /* TODO: set every counts[b] to 0, then count with a parallel loop over i
     * from 0 to n - 1: counts[bin_of(i)]++. Two threads may hit the same
     * bin at once, so put `#pragma omp atomic` on the line of the increment
     * (the lesson's tally_bins shows both the race and the fix). */
    (void)bin_of;
    (void)n;
    (void)nbins;
    (void)counts;
}

struct best best_item(map_fn f, long long first, long long last)
{
    struct best best = {LLONG_MIN, LLONG_MAX};
    /* TODO: a parallel loop that calls f once for every x from first to
     * last. A new (value, x) replaces best when value is larger, or equal
     * with a smaller x. The comparison and the two assignments must be one
     * `#pragma omp critical` block: atomic protects one variable, and here
     * two must change together (see the lesson's top_pair). */
    (void)f;
    (void)first;
    (void)last;
    return best;
}
