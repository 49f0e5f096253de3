/*
 * Wrong program: "a team costs more than it saves on a short range", so
 * each function runs a plain serial loop when it has fewer than 400 items
 * and the parallel loop only above that. The answers are right, but the
 * header asks for the items to be shared by the team whatever their number.
 * The team test uses 500 to 3000 items, and the collision rounds of the
 * race tests that fall under 400 items simply never collide.
 * expect-fail: each_call_uses_the_team
 */
#include "races.h"

#include <limits.h>
#include <omp.h>
#include <stdlib.h>

long long sum_reduction(map_fn f, long long first, long long last)
{
    long long total = 0;
    if (last - first + 1 < 400) {
        for (long long x = first; x <= last; x++)
            total += f(x);
        return total;
    }
    #pragma omp parallel for reduction(+:total)
    for (long long x = first; x <= last; x++)
        total += f(x);
    return total;
}

void histogram(int (*bin_of)(long i), long n, int nbins, long *counts)
{
    for (int b = 0; b < nbins; b++)
        counts[b] = 0;
    if (n < 400) {
        for (long i = 0; i < n; i++)
            counts[bin_of(i)]++;
        return;
    }
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
    if (last - first + 1 < 400) {
        for (long long x = first; x <= last; x++) {
            long long v = f(x);
            if (v > best.value || (v == best.value && x < best.item)) {
                best.value = v;
                best.item = x;
            }
        }
        return best;
    }
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
