/*
 * Wrong program: best_item starts the best at {value 0, item 0}, as one
 * starts a running maximum at 0. When every f(x) is negative nothing ever
 * beats 0 and the answer is {0, 0}, which no item gave. The test has such
 * an f: -x over 1..1000. (The duels of best_item_is_race_free draw a range
 * of negative values now and then, and catch it too, by luck.)
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
    struct best best = {0, 0};
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
