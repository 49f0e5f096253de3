/*
 * Wrong program: `#pragma omp critical` is put on the wrong statement: on
 * the call of f (the line "where the threads meet") instead of on the
 * comparison and the two assignments. The update of the shared pair is
 * unprotected (a data race: a worse item can overwrite a better one, or
 * value and item come from two updates). As the critical section
 * serialises the calls of f, the duel's two threads can never be inside f
 * at the same time, so no collision is ever staged.
 * expect-fail: no_data_race
 * expect-race: yes
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
    #pragma omp parallel for
    for (long long x = first; x <= last; x++) {
        long long v;
        #pragma omp critical
        v = f(x);
        if (v > best.value || (v == best.value && x < best.item)) {
            best.value = v;
            best.item = x;
        }
    }
    return best;
}
