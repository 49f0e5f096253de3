/*
 * Wrong program: the solution's code, compiled without -fopenmp, so every
 * pragma is silently ignored and the program runs on one thread.
 * build: without-openmp
 * expect-fail: square_then_cube_uses_the_team mirror_uses_the_team
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
