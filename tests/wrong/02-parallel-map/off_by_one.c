/*
 * Wrong program: the loops stop before `last`, as with Python's range(first, last).
 * expect-fail: map_results_in_order map_each_item_once reduce_matches_formula
 * expect-message: reduce_matches_formula the loop stops one item short
 * expect-message: map_results_in_order only the last item is missing
 */
#include "parallel_map.h"

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    #pragma omp parallel for
    for (long long x = first; x < last; x++)
        out[x - first] = f(x);
}

long long map_reduce(map_fn f, long long first, long long last)
{
    long long total = 0;
    #pragma omp parallel for reduction(+:total)
    for (long long x = first; x < last; x++)
        total += f(x);
    return total;
}
