/*
 * Wrong program: the loops are right but nothing is parallel (the pragmas
 * were left out), so every answer is right and every test of teamwork fails.
 * expect-fail: square_then_cube_uses_the_team mirror_uses_the_team
 */
#include "pools.h"

void square_then_cube(map_fn square, map_fn cube, const long long *in,
                      long long *squares, long long *cubes, long n)
{
    for (long i = 0; i < n; i++)
        squares[i] = square(in[i]);
    for (long i = 0; i < n; i++)
        cubes[i] = cube(in[i]);
}

void map_then_mirror(map_fn f, long n, long long *values, long long *sums)
{
    for (long i = 0; i < n; i++)
        values[i] = f(i);
    for (long i = 0; i < n; i++)
        sums[i] = values[i] + values[n - 1 - i];
}
