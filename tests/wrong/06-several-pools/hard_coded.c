/*
 * Wrong program: answers the tutorial's question (the squares and cubes of
 * 1, 2, 3, ...) and maps x * x instead of calling the functions it is given.
 * expect-fail: square_then_cube_results square_then_cube_uses_the_team mirror_results mirror_uses_the_team mirror_waits_for_the_map
 */
#include "pools.h"

void square_then_cube(map_fn square, map_fn cube, const long long *in,
                      long long *squares, long long *cubes, long n)
{
    (void)square, (void)cube, (void)in;
    #pragma omp parallel for
    for (long i = 0; i < n; i++) {
        squares[i] = (i + 1) * (i + 1);
        cubes[i] = (i + 1) * (i + 1) * (i + 1);
    }
}

void map_then_mirror(map_fn f, long n, long long *values, long long *sums)
{
    (void)f;
    #pragma omp parallel for
    for (long i = 0; i < n; i++) {
        values[i] = (long long)i * i;
        sums[i] = (long long)i * i + (long long)(n - 1 - i) * (n - 1 - i);
    }
}
