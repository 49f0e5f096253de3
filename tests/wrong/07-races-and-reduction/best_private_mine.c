/*
 * Wrong program: the per-thread best `mine` is declared (and set to
 * {LLONG_MIN, LLONG_MAX}) before the region and made private(mine), where
 * firstprivate(mine) was needed: each thread's copy starts with whatever
 * its stack held. When that garbage is a large value the thread's best is
 * never replaced and the merge picks it up; when it happens to be 0 (as
 * on a fresh thread stack) it works like a start at {0, 0}, which the
 * test's all-negative f (-x over 1..1000) catches as well.
 * expect-fail: best_item_finds_the_best
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
    struct best mine = {LLONG_MIN, LLONG_MAX};
    #pragma omp parallel private(mine)
    {
        #pragma omp for
        for (long long x = first; x <= last; x++) {
            long long v = f(x);
            if (v > mine.value || (v == mine.value && x < mine.item)) {
                mine.value = v;
                mine.item = x;
            }
        }
        #pragma omp critical
        {
            if (mine.value > best.value
                || (mine.value == best.value && mine.item < best.item))
                best = mine;
        }
    }
    return best;
}
