/*
 * Wrong program: best_item keeps a per-thread best that starts at
 * {INT_MIN, INT_MAX} ("the smallest number"), the idiom for ints, and merges
 * it into the shared best once in a critical section. f returns long long:
 * when every value is below INT_MIN (f(x) = x - 10^13, say) no item beats
 * the start and the answer is {INT_MIN, INT_MAX}. The test has such an f:
 * x - 10^13 over 1..1000.
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
    struct best best = {INT_MIN, INT_MAX};
    #pragma omp parallel
    {
        struct best mine = {INT_MIN, INT_MAX};
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
