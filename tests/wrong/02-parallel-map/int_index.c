/*
 * Wrong program: the loop counter is an `int`, as in every C loop the
 * student wrote before, although first and last are long long. For ranges
 * beyond INT_MAX (first = 3000000000, say) the counter is truncated when it
 * is initialised and compared, so the wrong items are mapped and summed
 * (or the loop never ends). The tests map and sum items from 3000000000
 * on: the map writes outside out[] (a crash), the sum comes out wrong and
 * its message points at the loop counter.
 * expect-fail: map_results_in_order reduce_matches_formula
 */
#include "parallel_map.h"

#include <omp.h>

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    #pragma omp parallel for
    for (int x = first; x <= last; x++)
        out[x - first] = f(x);
}

long long map_reduce(map_fn f, long long first, long long last)
{
    long long total = 0;
    #pragma omp parallel for reduction(+:total)
    for (int x = first; x <= last; x++)
        total += f(x);
    return total;
}
