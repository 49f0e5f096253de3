/*
 * Wrong program: "a team is not worth it for a handful of items": below
 * 100 items both functions run plain serial loops on the calling thread,
 * and only larger inputs get the parallel loops. The results are right,
 * but the header asks for each loop to be shared among a team of the
 * current size whatever n is. The team tests also draw inputs of fewer
 * than 100 items, where the loops run in a team of 1 (the barrier test,
 * 32 to 192 items, only checks the sums).
 * expect-fail: square_then_cube_uses_the_team mirror_uses_the_team
 */
#include "pools.h"

#include <omp.h>

#define SMALL 100

void square_then_cube(map_fn square, map_fn cube, const long long *in,
                      long long *squares, long long *cubes, long n)
{
    if (n < SMALL) {
        for (long i = 0; i < n; i++)
            squares[i] = square(in[i]);
        for (long i = 0; i < n; i++)
            cubes[i] = cube(in[i]);
        return;
    }
    #pragma omp parallel for
    for (long i = 0; i < n; i++)
        squares[i] = square(in[i]);

    #pragma omp parallel for
    for (long i = 0; i < n; i++)
        cubes[i] = cube(in[i]);
}

void map_then_mirror(map_fn f, long n, long long *values, long long *sums)
{
    if (n < SMALL) {
        for (long i = 0; i < n; i++)
            values[i] = f(i);
        for (long i = 0; i < n; i++)
            sums[i] = values[i] + values[n - 1 - i];
        return;
    }
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
