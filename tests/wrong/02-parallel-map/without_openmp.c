/*
 * Wrong program: the solution's code, compiled without -fopenmp, so every
 * pragma is silently ignored and the program runs on one thread.
 * build: without-openmp
 * expect-fail: map_shares_items_evenly reduce_uses_the_team
 */
#include "parallel_map.h"

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    #pragma omp parallel for
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
