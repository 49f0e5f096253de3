/*
 * Exercise 02 - a parallel map and a reduce (solution).
 */
#include "parallel_map.h"

#include <omp.h>

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    /* With gcc and clang, the default schedule gives each thread one
     * contiguous block of about (last - first + 1) / threads items, the
     * first blocks one item longer when the items do not divide evenly. */
    #pragma omp parallel for
    for (long long x = first; x <= last; x++)
        out[x - first] = f(x);
}

long long map_reduce(map_fn f, long long first, long long last)
{
    long long total = 0;
    /* Each thread adds into a private total that starts at 0; the private
     * totals are added into this one when the loop ends. */
    #pragma omp parallel for reduction(+:total)
    for (long long x = first; x <= last; x++)
        total += f(x);
    return total;
}
