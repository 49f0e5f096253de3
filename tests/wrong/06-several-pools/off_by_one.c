/*
 * Wrong program: the square and cube loops run to i <= n, one item too far,
 * and the mirror of item i is taken as values[n - i] instead of
 * values[n - 1 - i].
 * expect-fail: square_then_cube_results square_then_cube_uses_the_team mirror_results mirror_uses_the_team mirror_waits_for_the_map
 * expect-message: mirror_results values[i] + values[n - i]
 */
#include "pools.h"

void square_then_cube(map_fn square, map_fn cube, const long long *in,
                      long long *squares, long long *cubes, long n)
{
    #pragma omp parallel for
    for (long i = 0; i <= n; i++)
        squares[i] = square(in[i]);

    #pragma omp parallel for
    for (long i = 0; i <= n; i++)
        cubes[i] = cube(in[i]);
}

void map_then_mirror(map_fn f, long n, long long *values, long long *sums)
{
    #pragma omp parallel
    {
        #pragma omp for
        for (long i = 0; i < n; i++)
            values[i] = f(i);

        #pragma omp for
        for (long i = 0; i < n; i++)
            sums[i] = values[i] + values[n - i];
    }
}
