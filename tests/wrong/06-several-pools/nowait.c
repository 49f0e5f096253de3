/*
 * Wrong program: `nowait` on the first loop removes its implicit barrier, so
 * a thread that finished its own share of loop 1 starts loop 2 and reads
 * mirror values that a slower thread has not written yet.
 * expect-fail: mirror_waits_for_the_map
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
    #pragma omp parallel
    {
        #pragma omp for nowait
        for (long i = 0; i < n; i++)
            values[i] = f(i);

        #pragma omp for
        for (long i = 0; i < n; i++)
            sums[i] = values[i] + values[n - 1 - i];
    }
}
