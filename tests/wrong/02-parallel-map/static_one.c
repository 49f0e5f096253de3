/*
 * Wrong program: the map deals the items out one at a time, like cards,
 * with schedule(static, 1), "so that every thread gets its fair share".
 * Every thread does get n / threads or n / threads + 1 items, but not one
 * contiguous block: the header asks for the default schedule, the even
 * contiguous split pool.map makes. The share test counts the items of each
 * thread, which passes, and then checks that each thread's items follow
 * one another: item 2 on thread 1 and item 3 on thread 0 fails it.
 * expect-fail: map_shares_items_evenly
 */
#include "parallel_map.h"

#include <omp.h>

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    #pragma omp parallel for schedule(static, 1)
    for (long long x = first; x <= last; x++)
        out[x - first] = f(x);
}

long long map_reduce(map_fn f, long long first, long long last)
{
    long long total = 0;
    #pragma omp parallel for reduction(+:total)
    for (long long x = first; x <= last; x++)
        total += f(x);
    return total;
}
