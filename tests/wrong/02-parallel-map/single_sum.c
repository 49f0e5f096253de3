/*
 * Wrong program: the student first wrote `#pragma omp parallel` without
 * `for`, got the total once per thread, and "fixed" it by putting the loop
 * under `#pragma omp single`: the sum is right again, f is called once per
 * item from inside a team of the requested size, but one thread does all
 * the work while the others wait at the end of the single. The header asks
 * for a single parallel loop (work shared by the team). The team test sees
 * the right team size, then counts the threads that called f: only 1 of them.
 * expect-fail: reduce_uses_the_team
 */
#include "parallel_map.h"

#include <omp.h>

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    #pragma omp parallel for
    for (long long x = first; x <= last; x++)
        out[x - first] = f(x);
}

long long map_reduce(map_fn f, long long first, long long last)
{
    long long total = 0;
    #pragma omp parallel reduction(+:total)
    {
        #pragma omp single
        for (long long x = first; x <= last; x++)
            total += f(x);
    }
    return total;
}
