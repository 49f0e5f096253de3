/*
 * Wrong program: histogram zeroes the counts with an `omp for nowait` inside
 * the same region as the counting loop ("no need to wait, the bins are
 * different"). Without the barrier, a thread that finished its share of the
 * zeroing starts counting and can increment a bin that another thread has
 * not zeroed yet, whose 0 then wipes out that increment (a data race). With
 * 1 to 10 bins the zeroing is over in nanoseconds, so it rarely shows.
 * expect-fail: histogram_counts histogram_is_race_free
 * ThreadSanitizer sees the race in gcc's build; clang's build hides it, and
 * the graded tests catch it on both.
 * expect-race: gcc
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
    #pragma omp parallel
    {
        #pragma omp for nowait
        for (int b = 0; b < nbins; b++)
            counts[b] = 0;

        #pragma omp for
        for (long i = 0; i < n; i++) {
            int b = bin_of(i);
            #pragma omp atomic
            counts[b]++;
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
