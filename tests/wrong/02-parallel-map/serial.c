/*
 * Wrong program: the loops are right but nothing is parallel (the pragmas
 * were left out), so the answers are right and every test of teamwork fails.
 * expect-fail: map_shares_items_evenly reduce_uses_the_team
 */
#include "parallel_map.h"

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    for (long long x = first; x <= last; x++)
        out[x - first] = f(x);
}

long long map_reduce(map_fn f, long long first, long long last)
{
    long long total = 0;
    for (long long x = first; x <= last; x++)
        total += f(x);
    return total;
}
