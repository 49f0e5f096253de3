/*
 * Wrong program: parallel loops pinned to a team of one with num_threads(1).
 * expect-fail: map_shares_items_evenly reduce_uses_the_team
 */
#include "parallel_map.h"

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    #pragma omp parallel for num_threads(1)
    for (long long x = first; x <= last; x++)
        out[x - first] = f(x);
}

long long map_reduce(map_fn f, long long first, long long last)
{
    long long total = 0;
    #pragma omp parallel for reduction(+:total) num_threads(1)
    for (long long x = first; x <= last; x++)
        total += f(x);
    return total;
}
