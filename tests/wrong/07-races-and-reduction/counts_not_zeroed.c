/*
 * Wrong program: histogram adds to whatever counts held before instead of
 * starting every bin from 0.
 * expect-fail: histogram_counts histogram_is_race_free
 * expect-message: histogram_counts set them to 0 first
 */
#include "races.h"

#include <limits.h>

long long sum_reduction(map_fn f, long long first, long long last)
{
    long long total = 0;
    #pragma omp parallel for reduction(+:total)
    for (long long x = first; x <= last; x++)
        total += f(x);
    return total;
}

void histogram(int (*bin_of)(long i), long n, int nbins, long *counts)
{
    (void)nbins;
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
    for (long long x = first; x <= last; x++) {
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
