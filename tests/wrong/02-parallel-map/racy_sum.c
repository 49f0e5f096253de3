/*
 * Wrong program: the sum is parallel but has no reduction clause, so the
 * threads race on one shared total and lose additions.
 * expect-fail: reduce_is_race_free
 * expect-race: yes
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
    #pragma omp parallel for
    for (long long x = first; x <= last; x++)
        total += f(x);
    return total;
}
