/*
 * Wrong program: square and cube computed in one loop, item by item, instead
 * of two pools one after the other, so cubes start before the squares are done.
 * expect-fail: square_then_cube_uses_the_team
 */
#include "pools.h"

void square_then_cube(map_fn square, map_fn cube, const long long *in,
                      long long *squares, long long *cubes, long n)
{
    #pragma omp parallel for
    for (long i = 0; i < n; i++) {
        squares[i] = square(in[i]);
        cubes[i] = cube(in[i]);
    }
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
            sums[i] = values[i] + values[n - 1 - i];
    }
}
