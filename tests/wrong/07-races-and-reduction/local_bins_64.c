/*
 * Wrong program: each thread counts into a private array `long mine[64]`
 * ("64 bins is plenty") and adds it into counts with atomic at the end.
 * The header allows any nbins: with more than 64 bins, bin_of(i) >= 64
 * writes past the end of mine (stack corruption, lost counts). The test
 * counts into 65 to 5000 bins: the writes past mine crash it.
 * expect-fail: histogram_counts
 */
#include "races.h"

#include <limits.h>
#include <omp.h>
#include <stdlib.h>

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
    for (int b = 0; b < nbins; b++)
        counts[b] = 0;
    #pragma omp parallel
    {
        long mine[64] = {0};
        #pragma omp for
        for (long i = 0; i < n; i++)
            mine[bin_of(i)]++;
        for (int b = 0; b < nbins; b++) {
            #pragma omp atomic
            counts[b] += mine[b];
        }
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
