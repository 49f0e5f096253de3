/*
 * Wrong program: the loops are right but nothing is parallel (the pragmas
 * were left out), so every answer is right and the team test fails.
 * expect-fail: each_call_uses_the_team
 */
#include "races.h"

#include <limits.h>

long long sum_reduction(map_fn f, long long first, long long last)
{
    long long total = 0;
    for (long long x = first; x <= last; x++)
        total += f(x);
    return total;
}

void histogram(int (*bin_of)(long i), long n, int nbins, long *counts)
{
    for (int b = 0; b < nbins; b++)
        counts[b] = 0;
    for (long i = 0; i < n; i++)
        counts[bin_of(i)]++;
}

struct best best_item(map_fn f, long long first, long long last)
{
    struct best best = {LLONG_MIN, LLONG_MAX};
    for (long long x = first; x <= last; x++) {
        long long v = f(x);
        if (v > best.value || (v == best.value && x < best.item)) {
            best.value = v;
            best.item = x;
        }
    }
    return best;
}
