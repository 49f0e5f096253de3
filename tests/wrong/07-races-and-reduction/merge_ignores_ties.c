/*
 * Wrong program: each thread finds its own best (ties handled right), but
 * the merge into the shared best, inside the critical section, compares
 * the values only: `if (mine.value > best.value) best = mine;`. When two
 * threads tie for the largest value, whichever merges FIRST wins, not the
 * one with the smaller item. The tests' ties (x mod 7, the plateau) are
 * caught only when the thread with the larger items reaches the critical
 * section first: with libgomp it often does, with libomp thread 0 (which
 * holds the smallest items) nearly always merges first, so under clang only
 * the duels of best_item_is_race_free see it.
 * expect-fail: best_item_finds_the_best best_item_is_race_free
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
    #pragma omp parallel
    {
        struct best mine = {LLONG_MIN, LLONG_MAX};
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
            if (mine.value > best.value)
                best = mine;
        }
    }
    return best;
}
