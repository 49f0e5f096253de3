/*
 * Wrong program: the two loops merged into one, so sums[i] is computed right
 * after values[i], before its mirror values[n - 1 - i] exists (for the first
 * half of the items even on one thread).
 * expect-fail: mirror_results mirror_uses_the_team mirror_waits_for_the_map
 * expect-race: yes
 */
#include "pools.h"

void square_then_cube(map_fn square, map_fn cube, const long long *in,
                      long long *squares, long long *cubes, long n)
{
    #pragma omp parallel for
    for (long i = 0; i < n; i++)
        squares[i] = square(in[i]);

    #pragma omp parallel for
    for (long i = 0; i < n; i++)
        cubes[i] = cube(in[i]);
}

void map_then_mirror(map_fn f, long n, long long *values, long long *sums)
{
    #pragma omp parallel for
    for (long i = 0; i < n; i++) {
        values[i] = f(i);
        sums[i] = values[i] + values[n - 1 - i];
    }
}
