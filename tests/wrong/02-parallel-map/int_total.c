/*
 * Wrong program: the total is an int, which overflows past about 2.1e9.
 * expect-fail: reduce_matches_formula reduce_needs_64_bits
 * expect-message: reduce_needs_64_bits cut to 32 bits
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
    int total = 0;
    #pragma omp parallel for reduction(+:total)
    for (long long x = first; x <= last; x++)
        total += (int)f(x);
    return total;
}
