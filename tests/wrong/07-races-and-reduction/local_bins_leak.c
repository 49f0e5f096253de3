/*
 * Wrong program: each thread counts into a private array of nbins counters
 * from calloc() and adds it into counts with atomic at the end, but never
 * frees it: every call leaks threads * nbins * 8 bytes. The counts are
 * right; a long-running program that histograms often runs out of memory.
 * The memory check (LeakSanitizer) sees it.
 * expect-fail: no_memory_errors
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
        long *mine = calloc((size_t)nbins, sizeof *mine);
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
