/*
 * Wrong program: answers the tutorial's question instead of computing.
 * expect-fail: map_results_in_order reduce_matches_formula reduce_uses_the_team
 */
#include "parallel_map.h"

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    (void)f;
    for (long long x = first; x <= last; x++)
        out[x - first] = x <= 20 ? x * x : 0;
}

long long map_reduce(map_fn f, long long first, long long last)
{
    (void)f;
    if (first == 1 && last == 20)
        return 2870;
    return 41679167500LL;
}
