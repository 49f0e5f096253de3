/*
 * Wrong program: "a team is not worth starting for a few items", so both
 * functions run a plain serial loop when the range has fewer than 150
 * items and the parallel loop only above that. The header asks for the
 * calls to be shared among the team whatever the range; a short map or
 * sum here runs on one thread. The team tests also draw short ranges (from
 * as many items as threads up to 150), where f runs in a team of 1.
 * expect-fail: map_shares_items_evenly reduce_uses_the_team
 */
#include "parallel_map.h"

#include <omp.h>

#define SMALL 150

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    if (last - first + 1 < SMALL) {
        for (long long x = first; x <= last; x++)
            out[x - first] = f(x);
        return;
    }
    #pragma omp parallel for
    for (long long x = first; x <= last; x++)
        out[x - first] = f(x);
}

long long map_reduce(map_fn f, long long first, long long last)
{
    long long total = 0;
    if (last - first + 1 < SMALL) {
        for (long long x = first; x <= last; x++)
            total += f(x);
        return total;
    }
    #pragma omp parallel for reduction(+:total)
    for (long long x = first; x <= last; x++)
        total += f(x);
    return total;
}
