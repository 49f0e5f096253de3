/*
 * Wrong program: `#pragma omp parallel` without `for`, so every thread runs
 * the whole loop and each item is handled once per thread.
 * expect-fail: map_each_item_once map_shares_items_evenly reduce_matches_formula reduce_uses_the_team
 * expect-message: reduce_matches_formula ran the whole loop
 * expect-message: map_each_item_once once by each of the
 * expect-race: yes
 */
#include "parallel_map.h"

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    #pragma omp parallel
    for (long long x = first; x <= last; x++)
        out[x - first] = f(x);
}

long long map_reduce(map_fn f, long long first, long long last)
{
    long long total = 0;
    #pragma omp parallel reduction(+:total)
    for (long long x = first; x <= last; x++)
        total += f(x);
    return total;
}
