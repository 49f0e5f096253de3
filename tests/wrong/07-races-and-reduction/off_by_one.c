/*
 * Wrong program: every loop stops one item early (x < last, i < n - 1), as
 * with Python's range(first, last).
 * expect-fail: sum_matches_formula histogram_counts best_item_finds_the_best
 * expect-message: sum_matches_formula the loop stops one item short
 * expect-message: histogram_counts the loop stops one i short
 */
#include "races.h"

#include <limits.h>

long long sum_reduction(map_fn f, long long first, long long last)
{
    long long total = 0;
    #pragma omp parallel for reduction(+:total)
    for (long long x = first; x < last; x++)
        total += f(x);
    return total;
}

void histogram(int (*bin_of)(long i), long n, int nbins, long *counts)
{
    for (int b = 0; b < nbins; b++)
        counts[b] = 0;
    #pragma omp parallel for
    for (long i = 0; i < n - 1; i++) {
        int b = bin_of(i);
        #pragma omp atomic
        counts[b]++;
    }
}

struct best best_item(map_fn f, long long first, long long last)
{
    struct best best = {LLONG_MIN, LLONG_MAX};
    #pragma omp parallel for
    for (long long x = first; x < last; x++) {
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
