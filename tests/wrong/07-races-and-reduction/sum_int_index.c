/*
 * Wrong program: the loops of sum_reduction and best_item count with an
 * `int x`, although first and last are long long. For ranges beyond
 * INT_MAX (first = 3000000000) the counter is truncated and the wrong items
 * are summed and compared (or the loop never ends). The tests sum and
 * search the items from 3000000000 on.
 * expect-fail: sum_matches_formula best_item_finds_the_best
 */
#include "races.h"

#include <limits.h>
#include <omp.h>
#include <stdlib.h>

long long sum_reduction(map_fn f, long long first, long long last)
{
    long long total = 0;
    #pragma omp parallel for reduction(+:total)
    for (int x = first; x <= last; x++)
        total += f(x);
    return total;
}

void histogram(int (*bin_of)(long i), long n, int nbins, long *counts)
{
    for (int b = 0; b < nbins; b++)
        counts[b] = 0;
    #pragma omp parallel for
    for (long i = 0; i < n; i++) {
        int b = bin_of(i);
        #pragma omp atomic
        counts[b]++;
    }
}

struct best best_item(map_fn f, long long first, long long last)
{
    struct best best = {LLONG_MIN, LLONG_MAX};
    #pragma omp parallel for
    for (int x = first; x <= last; x++) {
        long long v = f(x);
        #pragma omp critical
        {
            if (v > best.value || (v == best.value && x < best.item)) {
                best.value = v;
                best.item = x;
            }
        }
    }
    return best;
}
